import { describe, expect, test } from 'vitest';
import { unquote } from '../src/index.js';
import { expected, parse, spans, textOf } from './helpers.js';

// Single-line directive values (datafile-format.md §1.2): shlex words after the directive,
// re-joined with one space, outer quotes removed when the whole value is quoted; `#` starts a
// comment, `--` does not.

interface ValueCase {
  readonly line: string;
  readonly value: string;
  /** Text covered by valueRange. */
  readonly valueText: string;
  /** Text of each arg (quotes kept). */
  readonly args: readonly string[];
  readonly comment?: string;
}

const cases: readonly ValueCase[] = [
  { line: 'ENGINE MergeTree', value: 'MergeTree', valueText: 'MergeTree', args: ['MergeTree'] },
  { line: 'ENGINE "MergeTree"', value: 'MergeTree', valueText: '"MergeTree"', args: ['"MergeTree"'] },
  { line: "ENGINE 'MergeTree'", value: 'MergeTree', valueText: "'MergeTree'", args: ["'MergeTree'"] },
  { line: 'ENGINE_SORTING_KEY a,   b', value: 'a, b', valueText: 'a,   b', args: ['a,', 'b'] },
  { line: 'ENGINE_SORTING_KEY "a,   b"', value: 'a,   b', valueText: '"a,   b"', args: ['"a,   b"'] },
  { line: 'ENGINE_PARTITION_KEY toYYYYMM(created_at)', value: 'toYYYYMM(created_at)', valueText: 'toYYYYMM(created_at)', args: ['toYYYYMM(created_at)'] },
  { line: 'ENGINE_TTL\ttoDate(a) +\ttoIntervalDay(1)', value: 'toDate(a) + toIntervalDay(1)', valueText: 'toDate(a) +\ttoIntervalDay(1)', args: ['toDate(a)', '+', 'toIntervalDay(1)'] },
  { line: 'ENGINE MergeTree # the default', value: 'MergeTree', valueText: 'MergeTree', args: ['MergeTree'], comment: '# the default' },
  { line: 'ENGINE MergeTree#glued', value: 'MergeTree', valueText: 'MergeTree', args: ['MergeTree'], comment: '#glued' },
  { line: 'ENGINE "Merge#Tree"', value: 'Merge#Tree', valueText: '"Merge#Tree"', args: ['"Merge#Tree"'] },
  { line: 'ENGINE MergeTree -- not a comment', value: 'MergeTree -- not a comment', valueText: 'MergeTree -- not a comment', args: ['MergeTree', '--', 'not', 'a', 'comment'] },
  // The CLI unquotes when the value starts and ends with a quote, of either kind.
  { line: `ENGINE_VER "a'b" 'c"'`, value: `a'b" 'c"`, valueText: `"a'b" 'c"'`, args: [`"a'b"`, `'c"'`] },
  // Non-POSIX shlex: a closing quote ends the word; a quote inside a word is an ordinary char.
  { line: 'ENGINE_VER "a"b', value: '"a" b', valueText: '"a"b', args: ['"a"', 'b'] },
  { line: 'ENGINE_VER a"b c"', value: 'a"b c"', valueText: 'a"b c"', args: ['a"b', 'c"'] },
  { line: 'ENGINE_SORTING_KEY "a" , "b"', value: 'a" , "b', valueText: '"a" , "b"', args: ['"a"', ',', '"b"'] },
  { line: 'IMPORT_SCHEDULE 0 7 * * *', value: '0 7 * * *', valueText: '0 7 * * *', args: ['0', '7', '*', '*', '*'] },
  { line: 'ENGINE', value: '', valueText: '', args: [] },
  { line: 'ENGINE   ', value: '', valueText: '', args: [] },
  { line: '  ENGINE  MergeTree  ', value: 'MergeTree', valueText: 'MergeTree', args: ['MergeTree'] },
];

describe('single-line values', () => {
  test.for(cases)('$line', ({ line, value, valueText, args, comment }) => {
    const source = `${line}\n`;
    const parsed = parse(source, 'x.datasource');
    expect(parsed.directives).toHaveLength(1);
    const d = parsed.directives[0]!;
    expect(d.value).toBe(value);
    expect(textOf(source, d.valueRange)).toBe(valueText);
    expect(d.args.map((a) => a.text)).toEqual(args);
    for (const a of d.args) expect(textOf(source, a)).toBe(a.text);
    expect(d.comment ? textOf(source, d.comment) : undefined).toBe(comment);
  });

  test('a directive without value has an empty value range right after its name', () => {
    const d = parse('ENGINE\n', 'x.datasource').directives[0]!;
    expect(d.valueRange).toEqual({ start: 6, end: 6 });
  });

  test('directive names are matched case-insensitively and keyed upper case', () => {
    const parsed = parse('Engine MergeTree\nengine_sorting_key a\n', 'x.datasource');
    expect(parsed.directives.map((d) => [d.name, d.key])).toEqual([
      ['Engine', 'ENGINE'],
      ['engine_sorting_key', 'ENGINE_SORTING_KEY'],
    ]);
    expect(parsed.datasource!.engine?.value).toBe('MergeTree');
    expect(parsed.datasource!.engineSettings.get('ENGINE_SORTING_KEY')?.value).toBe('a');
  });

  test('a single-line DESCRIPTION keeps its quotes, a block DESCRIPTION is stripped', () => {
    const parsed = parse('DESCRIPTION "A pipe"  here\nNODE n\nDESCRIPTION >\n\n    Node text\n      indented\n\nSQL >\n    SELECT 1\n');
    expect(parsed.pipe!.description).toBe('"A pipe" here');
    expect(parsed.pipe!.nodes[0]!.description).toBe('Node text\n      indented');
  });
});

describe('unquote', () => {
  test.for([
    ['"a"', 'a'],
    ["'a'", 'a'],
    [`"a'`, 'a'],
    ['"', '"'],
    ['""', ''],
    ['a"', 'a"'],
    ['"a', '"a'],
    ['"a" "b"', 'a" "b'],
  ] as const)('%s → %s', ([input, output]) => {
    expect(unquote(input)).toBe(output);
  });
});

describe('unbalanced quotes on a directive line', () => {
  test.for([
    { line: 'ENGINE "MergeTree', diag: [['unbalancedQuote', 1, 1, 1, 18]] },
    { line: "TOKEN 'reader READ", diag: [['unbalancedQuote', 1, 1, 1, 19]] },
    { line: '  ENGINE_TTL "a" "b', diag: [['unbalancedQuote', 1, 3, 1, 20]] },
  ] as const)('$line', ({ line, diag }) => {
    const parsed = parse(`${line}\n`, 'x.datasource');
    const d = parsed.directives[0]!;
    // The CLI reads such a line as one opaque token: never a known directive.
    expect(d.key).toBeUndefined();
    expect(d.unbalancedQuote).toBe(true);
    expect(spans(parsed)).toEqual(expected(diag));
  });

  test('the model ignores a directive with an unbalanced quote', () => {
    const parsed = parse('ENGINE "MergeTree\nENGINE_SORTING_KEY a\n', 'x.datasource');
    expect(parsed.datasource!.engine).toBeUndefined();
    expect(parsed.datasource!.engineSettings.get('ENGINE_SORTING_KEY')?.value).toBe('a');
  });
});
