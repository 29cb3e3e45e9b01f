import assert from 'node:assert/strict';
import type { Diagnostic } from '@tb-refs/core';
import { buildGraph } from '@tb-refs/graph';
import { parseDatafile } from '@tb-refs/parser';
import { describe as vitestDescribe, it as vitestIt } from 'vitest';
import { applyFixes } from '../apply-fixes.js';
import type { LintConfig } from '../config.js';
import { lintProject } from '../linter.js';
import { interpolate } from '../report-translator.js';
import type { AnyRule, LintSettings, MessageData, Rule } from '../rule.js';

/** A case that must produce no diagnostic from the rule. Give `code` (one file) and/or `files`. */
export interface ValidTestCase<Options extends object = object> {
  readonly name?: string;
  readonly code?: string;
  /** Path of `code` in the project. @default inferred: `pipes/test_pipe.pipe` or `datasources/test_ds.datasource` */
  readonly filename?: string;
  /** An in-memory project: project-relative path → text. */
  readonly files?: Readonly<Record<string, string>>;
  readonly options?: Partial<Options>;
  readonly settings?: Partial<LintSettings>;
  /** Allow inputs with parse errors (by default they fail the case, to catch typos in tests). */
  readonly allowParseErrors?: boolean;
  readonly only?: boolean;
}

/** An expected suggestion: its messageId and the file text after applying it. */
export interface TestCaseSuggestion {
  readonly messageId: string;
  readonly output: string;
}

/** An expected diagnostic, with its exact span (1-based, end column exclusive). */
export interface TestCaseError<MessageIds extends string = string> {
  readonly messageId: MessageIds;
  readonly data?: MessageData;
  /** File of the diagnostic. @default the case's `filename`, or the first of `files` */
  readonly file?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Required when the rule offers suggestions for this diagnostic. */
  readonly suggestions?: readonly TestCaseSuggestion[];
}

/** A case that must produce exactly `errors` from the rule. */
export interface InvalidTestCase<MessageIds extends string = string, Options extends object = object> extends ValidTestCase<Options> {
  readonly errors: readonly TestCaseError<MessageIds>[];
  /**
   * Text after one pass of this rule's fixes: required when the rule fixes something. A string
   * is the main file; a record lists every changed file. `null` asserts that nothing is fixed.
   */
  readonly output?: string | Readonly<Record<string, string>> | null;
}

/** The valid and invalid cases of one rule. */
export interface RuleTests<MessageIds extends string, Options extends object> {
  readonly valid: readonly (string | ValidTestCase<Options>)[];
  readonly invalid: readonly InvalidTestCase<MessageIds, Options>[];
}

type Describe = (name: string, body: () => void) => void;
type It = (name: string, body: () => void) => void;

/**
 * Runs a rule's valid/invalid cases as vitest tests, as strictly as ESLint's RuleTester: exact
 * positions, known messageIds, required `output` for fixes (which must reparse cleanly), listed
 * suggestions, no duplicate cases.
 *
 * @example
 * new RuleTester().run(rule, { valid: ['…'], invalid: [{ code: '…', errors: [{ messageId: 'x', line: 1, column: 1, endLine: 1, endColumn: 5 }] }] });
 */
export class RuleTester {
  /** Test hooks; replace them to run the tester outside vitest (or to test it). */
  static describe: Describe = vitestDescribe;
  static it: It = vitestIt;
  static itOnly: It = vitestIt.only;

  readonly #settings: Partial<LintSettings>;

  constructor(options: { readonly settings?: Partial<LintSettings> } = {}) {
    this.#settings = options.settings ?? {};
  }

  run<MessageIds extends string, Options extends object>(rule: Rule<MessageIds, Options>, tests: RuleTests<MessageIds, Options>): void {
    const seen = new Set<string>();
    let index = 0;
    const register = (c: ValidTestCase<Options>, body: () => void): void => {
      index++;
      const key = JSON.stringify([c.code, c.filename, c.files, c.options, c.settings]);
      const duplicate = seen.has(key);
      seen.add(key);
      const name = `#${index} ${c.name ?? firstLine(c.code ?? Object.keys(c.files ?? {}).join(', '))}`;
      (c.only ? RuleTester.itOnly : RuleTester.it)(name, () => {
        if (duplicate) throw new assert.AssertionError({ message: `Duplicate test case: ${name}` });
        body();
      });
    };
    RuleTester.describe(rule.id, () => {
      RuleTester.describe('valid', () => {
        for (const v of tests.valid) {
          const c: ValidTestCase<Options> = typeof v === 'string' ? { code: v } : v;
          register(c, () => {
            const { messages } = this.#lint(rule, c);
            assert.deepEqual(messages.map(describeDiagnostic), [], 'Valid case must produce no diagnostics from this rule');
          });
        }
      });
      RuleTester.describe('invalid', () => {
        for (const c of tests.invalid) register(c, () => this.#checkInvalid(rule, c));
      });
    });
  }

  #lint(rule: AnyRule, c: ValidTestCase): { messages: Diagnostic[]; files: Record<string, string>; main: string } {
    const { files, main } = projectOf(c);
    const graph = buildGraph(Object.entries(files).map(([path, source]) => ({ path, source })), '.', { keepParsed: true });
    if (!c.allowParseErrors) {
      const parseErrors = graph.files.flatMap((f) => f.parsed.diagnostics.filter((d) => d.severity === 'error'));
      assert.deepEqual(parseErrors.map(describeDiagnostic), [], 'Test input has parse errors (set allowParseErrors to allow them)');
    }
    const config: LintConfig = {
      rules: { [rule.id]: c.options ? ['error', c.options] : 'error' },
      settings: { ...this.#settings, ...c.settings },
    };
    const results = lintProject(graph, config, { rules: { [rule.id]: rule } });
    const messages = results.flatMap((r) => r.messages).filter((m) => m.ruleId === rule.id);
    return { messages, files, main };
  }

  #checkInvalid(rule: AnyRule, c: InvalidTestCase): void {
    assert.ok(c.errors.length > 0, 'Invalid case must list at least one error');
    const { messages, files, main } = this.#lint(rule, c);
    const templates = rule.meta.messages as Record<string, string>;
    assert.equal(messages.length, c.errors.length, `Expected ${c.errors.length} error(s), got ${messages.length}:\n${messages.map(describeDiagnostic).join('\n')}`);
    c.errors.forEach((expected, i) => {
      const actual = messages[i]!;
      for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) {
        assert.equal(typeof expected[k], 'number', `errors[${i}] must give ${k}`);
      }
      assert.ok(expected.messageId in templates, `errors[${i}]: messageId "${expected.messageId}" is not in meta.messages`);
      assert.deepEqual(
        { file: actual.file, messageId: actual.messageId, line: actual.line, column: actual.column, endLine: actual.endLine, endColumn: actual.endColumn },
        { file: expected.file ?? main, messageId: expected.messageId, line: expected.line, column: expected.column, endLine: expected.endLine, endColumn: expected.endColumn },
        `errors[${i}] differs: ${actual.message}`,
      );
      assert.doesNotMatch(actual.message, /\{\{/, `errors[${i}]: message has an unfilled placeholder`);
      if (expected.data) assert.equal(actual.message, interpolate(templates[expected.messageId]!, expected.data), `errors[${i}]: message`);
      checkSuggestions(actual, expected, files[actual.file] ?? '', i);
    });
    checkOutput(c, messages, files, main);
  }
}

function checkSuggestions(actual: Diagnostic, expected: TestCaseError, source: string, i: number): void {
  const got = actual.suggestions ?? [];
  const want = expected.suggestions ?? [];
  assert.equal(got.length, want.length, `errors[${i}]: expected ${want.length} suggestion(s), got ${got.length}${got.length > 0 ? ` (${got.map((s) => s.messageId).join(', ')}); list them in "suggestions"` : ''}`);
  got.forEach((s, j) => {
    const output = applyFixes(source, [{ ...actual, fix: s.fix }]).output;
    assert.deepEqual({ messageId: s.messageId, output }, { messageId: want[j]!.messageId, output: want[j]!.output }, `errors[${i}].suggestions[${j}]`);
    assertReparses(actual.file, output);
  });
}

function checkOutput(c: InvalidTestCase, messages: readonly Diagnostic[], files: Record<string, string>, main: string): void {
  const fixed: Record<string, string> = {};
  for (const [path, source] of Object.entries(files)) {
    const result = applyFixes(source, messages.filter((m) => m.file === path));
    if (result.fixed) fixed[path] = result.output;
  }
  const changed = Object.keys(fixed);
  if (c.output === null) return void assert.deepEqual(changed, [], 'output: null, but the rule fixed something');
  if (changed.length > 0) assert.notEqual(c.output, undefined, 'The rule produced a fix: the case must give "output"');
  if (c.output === undefined) return;
  if (typeof c.output === 'string') {
    assert.deepEqual(changed.filter((p) => p !== main), [], 'Fixes changed other files: give "output" as a record of files');
    assert.equal(fixed[main] ?? files[main], c.output, 'output');
  } else {
    assert.deepEqual(fixed, c.output, 'output (changed files)');
  }
  for (const [path, text] of Object.entries(fixed)) assertReparses(path, text);
}

function assertReparses(path: string, text: string): void {
  const errors = parseDatafile(text, { fileName: path }).diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map(describeDiagnostic), [], `Fixed ${path} must reparse without parse errors`);
}

function projectOf(c: ValidTestCase): { files: Record<string, string>; main: string } {
  const files: Record<string, string> = { ...c.files };
  if (c.code !== undefined) {
    const main = c.filename ?? (/^\s*NODE\b/m.test(c.code) ? 'pipes/test_pipe.pipe' : 'datasources/test_ds.datasource');
    files[main] = c.code;
    return { files, main };
  }
  const main = c.filename ?? Object.keys(files)[0];
  assert.ok(main !== undefined, 'A test case needs `code` or `files`');
  return { files, main };
}

function describeDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.ruleId}${d.messageId ? `/${d.messageId}` : ''}: ${d.message}`;
}

/** A readable test name: the first line that is not a bare block opener or comment. */
function firstLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^(?:[A-Z_]+ >|#.*|%)$/.test(l));
  return (lines[0] ?? '(empty)').slice(0, 80);
}
