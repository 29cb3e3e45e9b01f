import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineRule } from '../src/define-rule.js';
import { RuleTester, type RuleTests, dedent } from '../src/testing/index.js';
import { wordRule } from './helpers/test-rules.js';

/** Runs a RuleTester with hooks that record each case's outcome instead of registering tests. */
function outcomes<M extends string, O extends object>(rule: Parameters<RuleTester['run']>[0], tests: RuleTests<M, O>): Record<string, string> {
  const result: Record<string, string> = {};
  const path: string[] = [];
  RuleTester.describe = (name, body) => {
    path.push(name);
    body();
    path.pop();
  };
  RuleTester.it = (name, body) => {
    try {
      body();
      result[[...path, name].join(' > ')] = 'pass';
    } catch (error) {
      result[[...path, name].join(' > ')] = (error as Error).message.split('\n')[0]!;
    }
  };
  RuleTester.itOnly = RuleTester.it;
  new RuleTester().run(rule as never, tests as never);
  return result;
}

const hooks = { describe: RuleTester.describe, it: RuleTester.it, itOnly: RuleTester.itOnly };
// Block bodies: a function returned from a hook is taken as its teardown.
beforeEach(() => {
  Object.assign(RuleTester, hooks);
});
afterEach(() => {
  Object.assign(RuleTester, hooks);
});

const flagBad = wordRule('flag-bad', 'bad');
const fixBad = wordRule('fix-bad', 'bad', 'good');
const pipe = (sql: string): string => `NODE n\nSQL >\n    ${sql}\n`;
const at = { line: 3, column: 12, endLine: 3, endColumn: 15 };

describe('RuleTester', () => {
  it('passes correct cases', () => {
    expect(outcomes(flagBad, {
      valid: [pipe('SELECT 1')],
      invalid: [{ code: pipe('SELECT bad'), errors: [{ messageId: 'found', data: { word: 'bad' }, ...at }] }],
    })).toEqual({ 'flag-bad > valid > #1 NODE n': 'pass', 'flag-bad > invalid > #2 NODE n': 'pass' });
  });

  it('fails a valid case with diagnostics from the rule', () => {
    expect(Object.values(outcomes(flagBad, { valid: [pipe('SELECT bad')], invalid: [] }))).toEqual(['Valid case must produce no diagnostics from this rule']);
  });

  it('fails wrong positions, counts and messageIds', () => {
    const result = outcomes(flagBad, {
      valid: [],
      invalid: [
        { name: 'column', code: pipe('SELECT bad'), errors: [{ messageId: 'found', ...at, column: 11 }] },
        { name: 'count', code: pipe('SELECT bad, bad'), errors: [{ messageId: 'found', ...at }] },
        { name: 'id', code: pipe('SELECT bad -- 3'), errors: [{ messageId: 'nope' as 'found', ...at }] },
        { name: 'data', code: pipe('SELECT bad -- 4'), errors: [{ messageId: 'found', data: { word: 'good' }, ...at }] },
      ],
    });
    expect(Object.values(result)).toEqual([
      'errors[0] differs: Found "bad".',
      'Expected 1 error(s), got 2:',
      'errors[0]: messageId "nope" is not in meta.messages',
      'errors[0]: message',
    ]);
  });

  it('requires output for fixes, checks it and checks it reparses', () => {
    const result = outcomes(fixBad, {
      valid: [],
      invalid: [
        { name: 'missing', code: pipe('SELECT bad'), errors: [{ messageId: 'found', ...at }] },
        { name: 'wrong', code: pipe('SELECT bad --2'), output: pipe('SELECT bad --2'), errors: [{ messageId: 'found', ...at }] },
        { name: 'right', code: pipe('SELECT bad --3'), output: pipe('SELECT good --3'), errors: [{ messageId: 'found', ...at }] },
        { name: 'null', code: pipe('SELECT bad --4'), output: null, errors: [{ messageId: 'found', ...at }] },
      ],
    });
    expect(Object.values(result)).toEqual([
      'The rule produced a fix: the case must give "output"',
      'output',
      'pass',
      'output: null, but the rule fixed something',
    ]);
    const breaks = wordRule('breaks', 'NODE', 'NODE "');
    expect(Object.values(outcomes(breaks, {
      valid: [],
      invalid: [{ code: pipe('SELECT 1'), output: 'NODE " n\nSQL >\n    SELECT 1\n', errors: [{ messageId: 'found', line: 1, column: 1, endLine: 1, endColumn: 5 }] }],
    }))).toEqual(['Fixed pipes/test_pipe.pipe must reparse without parse errors']);
  });

  it('requires suggestions to be listed', () => {
    const suggests = defineRule({
      id: 'suggests',
      meta: { type: 'suggestion', category: 'style', scope: 'file', defaultSeverity: 'warn', description: 'Test', fixable: false, hasSuggestions: true, messages: { m: 'M.', s: 'S.' } },
      create: (context) => ({ File: () => context.report({ messageId: 'm', range: { start: 0, end: 4 }, suggestions: [{ messageId: 's', fix: { range: [0, 0], text: '# x\n' } }] }) }),
    });
    const error = { messageId: 'm' as const, line: 1, column: 1, endLine: 1, endColumn: 5 };
    expect(Object.values(outcomes(suggests, {
      valid: [],
      invalid: [
        { name: 'unlisted', code: pipe('SELECT 1'), errors: [error] },
        { name: 'listed', code: pipe('SELECT 2'), errors: [{ ...error, suggestions: [{ messageId: 's', output: `# x\n${pipe('SELECT 2')}` }] }] },
      ],
    }))).toEqual(['errors[0]: expected 0 suggestion(s), got 1 (s); list them in "suggestions"', 'pass']);
  });

  // Same input twice is a duplicate even with other expectations: the rule is deterministic.
  it('fails duplicate cases and inputs with parse errors', () => {
    expect(Object.values(outcomes(flagBad, { valid: [pipe('SELECT 1'), pipe('SELECT 1'), { code: 'SQL >\n    SELECT 1\n', filename: 'pipes/p.pipe' }], invalid: [] }))).toEqual([
      'pass',
      'Duplicate test case: #2 NODE n',
      'Test input has parse errors (set allowParseErrors to allow them)',
    ]);
  });

  it('infers the file name from the content', () => {
    const named = defineRule({
      id: 'named',
      meta: { type: 'problem', category: 'correctness', scope: 'file', defaultSeverity: 'error', description: 'Test', fixable: false, messages: { m: '{{path}}.' } },
      create: (context) => ({ File: () => context.report({ messageId: 'm', data: { path: context.file.path }, range: { start: 0, end: 0 } }) }),
    });
    const error = { messageId: 'm' as const, line: 1, column: 1, endLine: 1, endColumn: 1 };
    expect(Object.values(outcomes(named, {
      valid: [],
      invalid: [
        { code: pipe('SELECT 1'), errors: [{ ...error, data: { path: 'pipes/test_pipe.pipe' } }] },
        { code: 'SCHEMA >\n    `id` String\n', errors: [{ ...error, data: { path: 'datasources/test_ds.datasource' } }] },
      ],
    }))).toEqual(['pass', 'pass']);
  });
});

describe('dedent', () => {
  it('strips the common indentation and blank first and last lines', () => {
    expect(dedent`
      NODE n
      SQL >
          SELECT ${1}
    `).toBe('NODE n\nSQL >\n    SELECT 1');
  });
});
