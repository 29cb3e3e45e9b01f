import { LineIndex } from '@tb-refs/core';
import { describe, expect, it } from 'vitest';
import { parseDisableDirectives } from '../src/disable-directives.js';
import { lintProject } from '../src/linter.js';
import { projectOf } from './helpers/project.js';
import { registry, wordRule } from './helpers/test-rules.js';

const rules = registry(wordRule('rule-a', 'bad'), wordRule('rule-b', 'worse'));
const config = { rules: { 'rule-a': 'error', 'rule-b': 'warn' } } as const;

function lint(source: string, reportUnused?: 'warn' | 'error') {
  const [result] = lintProject(projectOf({ 'pipes/p.pipe': source }), config, { rules, ...(reportUnused ? { reportUnusedDisableDirectives: reportUnused } : {}) });
  return result!;
}
const where = (r: { messages: readonly { line: number; ruleId: string }[] }): string[] => r.messages.map((m) => `${m.line} ${m.ruleId}`);

describe('parseDisableDirectives', () => {
  it('reads kinds, rule lists and reasons', () => {
    const text = [
      '# tb-refs-disable-next-line rule-a, rule-b -- legacy table',
      'NODE n',
      'SQL >',
      '    SELECT 1 -- tb-refs-disable-line rule-a',
      '    # tb-refs-disable-file',
      'TAGS "x" # tb-refs-disable-next-line rule-a',
    ].join('\n');
    const directives = parseDisableDirectives(text, new LineIndex(text));
    expect(directives.map(({ kind, rules, reason, line }) => ({ kind, rules, reason, line }))).toEqual([
      { kind: 'disable-next-line', rules: ['rule-a', 'rule-b'], reason: 'legacy table', line: 1 },
      { kind: 'disable-line', rules: ['rule-a'], reason: undefined, line: 4 },
      { kind: 'disable-file', rules: [], reason: undefined, line: 5 },
    ]);
    expect(text.slice(directives[1]!.range.start, directives[1]!.range.end)).toBe('-- tb-refs-disable-line rule-a');
  });

  it('ignores look-alikes', () => {
    const text = '# tb-refs-disable-next-lines rule-a\n# tb-refs-disable\n';
    expect(parseDisableDirectives(text, new LineIndex(text))).toEqual([]);
  });
});

describe('suppression in lintProject', () => {
  const base = 'NODE n\nSQL >\n    SELECT bad, worse FROM t\n';

  it('reports without directives', () => {
    expect(where(lint(base))).toEqual(['3 rule-a', '3 rule-b']);
  });

  it('disable-next-line covers the named rules on the next line only', () => {
    const r = lint('NODE n\nSQL >\n    # tb-refs-disable-next-line rule-a -- known\n    SELECT bad, worse FROM t\n    SELECT bad\n');
    expect(where(r)).toEqual(['4 rule-b', '5 rule-a']);
    expect(r.suppressedMessages.map((m) => `${m.line} ${m.ruleId}`)).toEqual(['4 rule-a']);
    expect(r.errorCount).toBe(1);
    expect(r.warningCount).toBe(1);
  });

  it('disable-line in SQL covers its own line; without rules it covers all', () => {
    expect(where(lint('NODE n\nSQL >\n    SELECT bad, worse FROM t -- tb-refs-disable-line\n'))).toEqual([]);
    expect(where(lint('NODE n\nSQL >\n    SELECT bad, worse FROM t -- tb-refs-disable-line rule-b\n'))).toEqual(['3 rule-a']);
  });

  it('disable-file covers the whole file', () => {
    expect(where(lint(`# tb-refs-disable-file rule-a\n${base}`))).toEqual(['4 rule-b']);
  });

  it('never suppresses parse errors', () => {
    const r = lint('# tb-refs-disable-next-line\nSQL >\n    SELECT 1\n');
    expect(r.messages.map((m) => m.ruleId)).toContain('parse-error');
  });
});

describe('unused directives', () => {
  it('are not reported unless asked', () => {
    expect(where(lint('# tb-refs-disable-next-line rule-a\nNODE n\nSQL >\n    SELECT 1\n'))).toEqual([]);
  });

  it('are reported with a fix that removes the whole line', () => {
    const source = 'NODE n\nSQL >\n    # tb-refs-disable-next-line rule-a\n    SELECT 1\n';
    const [m] = lint(source, 'warn').messages;
    expect(m).toMatchObject({
      ruleId: 'unused-disable-directive', severity: 'warning', line: 3, column: 5, endLine: 3, endColumn: 39,
      message: 'Unused tb-refs-disable-next-line directive (no problems were reported from "rule-a").',
    });
    expect(m!.fix).toEqual({ range: [13, 52], text: '' });
    const [fixed] = lintProject(projectOf({ 'pipes/p.pipe': source }), config, { rules, reportUnusedDisableDirectives: 'warn', fix: true });
    expect(fixed!.output).toBe('NODE n\nSQL >\n    SELECT 1\n');
  });

  it('name the unused rules of a partly used directive, without a fix, and point out unknown ids', () => {
    const [m] = lint('NODE n\nSQL >\n    SELECT bad -- tb-refs-disable-line rule-a, rulle-b\n', 'error').messages;
    expect(m).toMatchObject({
      severity: 'error',
      message: 'Unused tb-refs-disable-line directive (no problems were reported from "rulle-b"). "rulle-b" is not a rule; did you mean "rule-b"?',
    });
    expect(m!.fix).toBeUndefined();
  });

  it('a same-line directive fix removes only the comment', () => {
    const [r] = lintProject(projectOf({ 'pipes/p.pipe': 'NODE n\nSQL >\n    SELECT 1 -- tb-refs-disable-line\n' }), config, { rules, reportUnusedDisableDirectives: 'warn', fix: true });
    expect(r!.output).toBe('NODE n\nSQL >\n    SELECT 1\n');
  });
});
