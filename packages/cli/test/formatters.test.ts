import { type Diagnostic, LineIndex } from '@tb-refs/core';
import { describe, expect, test } from 'vitest';
import { type CheckResult, createCheckResult } from '../src/check-result.js';
import { renderCodeFrame } from '../src/formatters/codeframe.js';
import { formatJson } from '../src/formatters/json.js';
import { formatStylish } from '../src/formatters/stylish.js';

const options = { cwd: '/project', color: false };

const SOURCE = ['SCHEMA >', '    `id` Int32', '', 'ENGIN "MergeTree"', 'ENGINE_SORTING_KEY id', 'TTL x', ''].join('\n');

function diagnostic(overrides: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ruleId: 'parse-error',
    severity: 'error',
    message: 'Unknown directive "ENGIN"',
    file: 'datasources/events.datasource',
    line: 4,
    column: 1,
    endColumn: 6,
    ...overrides,
    endLine: overrides.endLine ?? overrides.line ?? 4,
  };
}

function result(filePath: string, source: string, messages: Diagnostic[]): CheckResult {
  return createCheckResult(filePath, source, messages);
}

describe('renderCodeFrame', () => {
  test('header, two lines of context each side, underline and help', () => {
    const frame = renderCodeFrame(diagnostic({ help: 'Did you mean "ENGINE"?' }), new LineIndex(SOURCE), options);
    expect(frame).toMatchInlineSnapshot(`
      "datasources/events.datasource:4:1  error  Unknown directive "ENGIN"  parse-error
        2 |     \`id\` Int32
        3 |
      > 4 | ENGIN "MergeTree"
          | ^^^^^
        5 | ENGINE_SORTING_KEY id
        6 | TTL x
        help: Did you mean "ENGINE"?"
    `);
  });

  test('clips context at the start of the file and hides the empty line after a final newline', () => {
    const lines = new LineIndex('TYPE endpoint\nNODE x\n');
    const frame = renderCodeFrame(diagnostic({ line: 2, column: 6, endLine: 2, endColumn: 7, severity: 'warning' }), lines, options);
    expect(frame).toMatchInlineSnapshot(`
      "datasources/events.datasource:2:6  warning  Unknown directive "ENGIN"  parse-error
        1 | TYPE endpoint
      > 2 | NODE x
          |      ^"
    `);
  });

  test('a multi-line span is underlined to the end of its first line', () => {
    const frame = renderCodeFrame(diagnostic({ line: 1, column: 8, endLine: 2, endColumn: 3 }), new LineIndex(SOURCE), options);
    expect(frame.split('\n').slice(1, 3)).toEqual(['> 1 | SCHEMA >', '    |        ^']);
  });

  test('an empty span still gets one caret, and a span past the line end is clipped', () => {
    const lines = new LineIndex('NODE x\n');
    const empty = renderCodeFrame(diagnostic({ line: 1, column: 3, endLine: 1, endColumn: 3 }), lines, options);
    const past = renderCodeFrame(diagnostic({ line: 1, column: 6, endLine: 1, endColumn: 40 }), lines, options);
    expect(empty.split('\n')[2]).toBe('    |   ^');
    expect(past.split('\n')[2]).toBe('    |      ^');
  });

  test('tabs are kept in the underline indent and a BOM is not shown', () => {
    const tabs = renderCodeFrame(diagnostic({ line: 1, column: 3, endColumn: 5 }), new LineIndex('\t\tENGIN x'), options);
    expect(tabs.split('\n').slice(1)).toEqual(['> 1 | \t\tENGIN x', '    | \t\t^^']);
    // The parser counts the BOM as column 1, so ENGIN starts at column 2.
    const bom = renderCodeFrame(diagnostic({ line: 1, column: 2, endColumn: 7 }), new LineIndex('\uFEFFENGIN x'), options);
    expect(bom.split('\n').slice(1)).toEqual(['> 1 | ENGIN x', '    | ^^^^^']);
  });

  test('the gutter is as wide as the largest line number shown', () => {
    const source = Array.from({ length: 12 }, (_, i) => `L${i + 1}`).join('\n');
    const frame = renderCodeFrame(diagnostic({ line: 9, column: 1, endLine: 9, endColumn: 3 }), new LineIndex(source), options);
    expect(frame.split('\n').slice(1)).toEqual([
      '   7 | L7',
      '   8 | L8',
      '>  9 | L9',
      '     | ^^',
      '  10 | L10',
      '  11 | L11',
    ]);
  });

  test('multi-line messages are indented, related locations listed, absolute paths relativised', () => {
    const frame = renderCodeFrame(
      diagnostic({
        file: '/project/a.pipe',
        message: 'Expected a node name\nbut found the end of the line',
        related: [{ file: '/project/b.pipe', line: 3, column: 1, message: 'first defined here' }],
      }),
      undefined,
      options,
    );
    expect(frame).toMatchInlineSnapshot(`
      "a.pipe:4:1  error  Expected a node name
        but found the end of the line  parse-error
        note: first defined here (b.pipe:3:1)"
    `);
  });

  test('a line beyond the source shows no frame', () => {
    const frame = renderCodeFrame(diagnostic({ line: 30 }), new LineIndex('NODE x'), options);
    expect(frame.split('\n')).toHaveLength(1);
  });

  test('colour adds ANSI codes only when enabled', () => {
    const lines = new LineIndex(SOURCE);
    expect(renderCodeFrame(diagnostic(), lines, { ...options, color: true })).toContain('\u001b[31m');
    expect(renderCodeFrame(diagnostic(), lines, options)).not.toContain('\u001b[');
  });
});

describe('formatStylish', () => {
  test('frames grouped by file, then a summary', () => {
    const results = [
      result('a.datasource', 'ENGIN x\n', [diagnostic({ file: 'a.datasource', line: 1 })]),
      result('b.pipe', 'NODE\nSQL >\n', [
        diagnostic({ file: 'b.pipe', line: 1, column: 5, endColumn: 5, message: 'Expected a node name' }),
        diagnostic({ file: 'b.pipe', line: 2, column: 1, endColumn: 6, severity: 'warning', message: 'Empty SQL' }),
      ]),
      result('c.pipe', 'NODE c\n', []),
    ];
    expect(formatStylish(results, options)).toMatchInlineSnapshot(`
      "a.datasource:1:1  error  Unknown directive "ENGIN"  parse-error
      > 1 | ENGIN x
          | ^^^^^

      b.pipe:1:5  error  Expected a node name  parse-error
      > 1 | NODE
          |     ^
        2 | SQL >

      b.pipe:2:1  warning  Empty SQL  parse-error
        1 | NODE
      > 2 | SQL >
          | ^^^^^

      ✖ 3 problems (2 errors, 1 warning) in 2 files
      "
    `);
  });

  test('singular counts', () => {
    const results = [result('a.pipe', 'X\n', [diagnostic({ file: 'a.pipe', line: 1 })])];
    expect(formatStylish(results, options).trimEnd().split('\n').at(-1)).toBe(
      '✖ 1 problem (1 error, 0 warnings) in 1 file',
    );
  });

  test('no problems', () => {
    const clean = Array.from({ length: 12 }, (_, i) => result(`f${i}.pipe`, '', []));
    expect(formatStylish(clean, options)).toBe('✔ 12 files checked, no problems\n');
    expect(formatStylish(clean.slice(0, 1), options)).toBe('✔ 1 file checked, no problems\n');
  });
});

describe('formatJson', () => {
  test('an ESLint-like array without the source text', () => {
    const message = diagnostic({ file: 'a.datasource', line: 1 });
    const output = formatJson([result('a.datasource', 'ENGIN x\n', [message]), result('b.pipe', '', [])], options);
    expect(JSON.parse(output)).toEqual([
      { filePath: 'a.datasource', messages: [message], errorCount: 1, warningCount: 0 },
      { filePath: 'b.pipe', messages: [], errorCount: 0, warningCount: 0 },
    ]);
    expect(output.endsWith('\n')).toBe(true);
  });

  test('ignores colour', () => {
    expect(formatJson([result('a.pipe', 'X', [diagnostic()])], { ...options, color: true })).not.toContain('\u001b[');
  });
});
