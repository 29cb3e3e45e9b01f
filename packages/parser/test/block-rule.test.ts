import { describe, expect, test } from 'vitest';
import { expected, lines, parse, spans, textOf, type Expected } from './helpers.js';

// The CLI's block rule (datafile-format.md §1.1): a `DIRECTIVE >` block runs until a non-empty
// line at column 0 whose first shlex word is a directive (case-insensitive), except lines that
// start with `from`.

interface BlockCase {
  readonly name: string;
  readonly source: string;
  /** Exact text of the SQL block's body. */
  readonly sql: string;
  /** Directive names in order. */
  readonly directives: readonly string[];
  readonly diagnostics?: readonly Expected[];
}

const cases: readonly BlockCase[] = [
  {
    name: 'a column-0 directive closes the block',
    source: lines('NODE n', 'SQL >', '    SELECT 1', 'TYPE endpoint'),
    sql: '    SELECT 1',
    directives: ['NODE', 'SQL', 'TYPE'],
  },
  {
    name: 'a lower-case directive at column 0 closes the block too',
    source: lines('NODE n', 'SQL >', '    SELECT 1', 'type endpoint'),
    sql: '    SELECT 1',
    directives: ['NODE', 'SQL', 'type'],
  },
  {
    name: 'FROM at column 0 does not close the block',
    source: lines('NODE n', 'SQL >', '    SELECT a', 'FROM t', '    WHERE b = 1', 'TYPE endpoint'),
    sql: '    SELECT a\nFROM t\n    WHERE b = 1',
    directives: ['NODE', 'SQL', 'TYPE'],
  },
  {
    name: 'lower-case from at column 0 does not close the block',
    source: lines('NODE n', 'SQL >', '    select a', 'from t', 'where b = 1'),
    sql: '    select a\nfrom t\nwhere b = 1',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'SQL keywords at column 0 stay in the block',
    source: lines('NODE n', 'SQL >', 'SELECT a', 'FROM t', 'WHERE x', 'GROUP BY a', ') AS typed', 'end,'),
    sql: 'SELECT a\nFROM t\nWHERE x\nGROUP BY a\n) AS typed\nend,',
    directives: ['NODE', 'SQL'],
  },
  {
    name: '% at column 0 stays in the block',
    source: lines('NODE n', 'SQL >', '%', 'SELECT {{ x }}', 'TYPE endpoint'),
    sql: '%\nSELECT {{ x }}',
    directives: ['NODE', 'SQL', 'TYPE'],
  },
  {
    name: '% SELECT on one line',
    source: lines('NODE n', 'SQL >', '    % SELECT {{ x }} ORDER BY a'),
    sql: '    % SELECT {{ x }} ORDER BY a',
    directives: ['NODE', 'SQL'],
  },
  {
    name: '{% if %} and {% end %} at column 0 stay in the block',
    source: lines('NODE n', 'SQL >', '    %', '    SELECT 1 FROM t', '{% if defined(x) %}', 'WHERE a = {{ x }}', '{% end %}', 'TYPE endpoint'),
    sql: '    %\n    SELECT 1 FROM t\n{% if defined(x) %}\nWHERE a = {{ x }}\n{% end %}',
    directives: ['NODE', 'SQL', 'TYPE'],
  },
  {
    name: '-- comment at column 0 stays in the block',
    source: lines('NODE n', 'SQL >', '    SELECT 1', '-- TYPE endpoint', '    FROM t'),
    sql: '    SELECT 1\n-- TYPE endpoint\n    FROM t',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'a # line at column 0 stays in the block, even with a directive word',
    source: lines('NODE n', 'SQL >', '    SELECT 1', '# TYPE endpoint', '    FROM t'),
    sql: '    SELECT 1\n# TYPE endpoint\n    FROM t',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'blank lines inside the block belong to it; trailing ones do not',
    source: lines('NODE n', 'SQL >', '', '    SELECT 1', '', '', '    FROM t', '', '', 'TYPE endpoint'),
    sql: '\n    SELECT 1\n\n\n    FROM t',
    directives: ['NODE', 'SQL', 'TYPE'],
  },
  {
    name: 'whitespace-only lines inside the block',
    source: lines('NODE n', 'SQL >', '    SELECT 1', '   ', '\t', '    FROM t', '  '),
    sql: '    SELECT 1\n   \n\t\n    FROM t',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'tab indentation',
    source: lines('NODE n', 'SQL >', '\tSELECT 1', '\tFROM t', 'TYPE endpoint'),
    sql: '\tSELECT 1\n\tFROM t',
    directives: ['NODE', 'SQL', 'TYPE'],
  },
  {
    name: 'a word glued to a directive name is not a directive',
    source: lines('NODE n', 'SQL >', '    SELECT 1', 'TYPE(x) AS y', 'TOKEN_x'),
    sql: '    SELECT 1\nTYPE(x) AS y\nTOKEN_x',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'a quoted directive name is not a directive (quotes stay in the shlex token)',
    source: lines('NODE n', 'SQL >', '    SELECT 1', '"TYPE" endpoint'),
    sql: '    SELECT 1\n"TYPE" endpoint',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'a column-0 line with an unbalanced quote is never a directive',
    source: lines('NODE n', 'SQL >', '    SELECT 1', "TYPE 'x"),
    sql: "    SELECT 1\nTYPE 'x",
    directives: ['NODE', 'SQL'],
    diagnostics: [['unbalancedQuote', 4, 6, 4, 8]],
  },
  {
    name: 'an indented directive is swallowed into the block, with a warning',
    source: lines('NODE n', 'SQL >', '    SELECT 1', '', '    TYPE endpoint'),
    sql: '    SELECT 1\n\n    TYPE endpoint',
    directives: ['NODE', 'SQL'],
    diagnostics: [['indentedDirective', 5, 5, 5, 9, 'warning']],
  },
  {
    name: 'a tab-indented directive is swallowed too',
    source: lines('NODE n', 'SQL >', '\tSELECT 1', '\tDATASOURCE target'),
    sql: '\tSELECT 1\n\tDATASOURCE target',
    directives: ['NODE', 'SQL'],
    diagnostics: [['indentedDirective', 4, 2, 4, 12, 'warning']],
  },
  {
    name: 'an indented SQL-looking directive word is SQL, not a swallowed directive',
    source: lines('NODE n', 'SQL >', '    SELECT 1', '    SETTINGS max_threads = 1', '    TYPE = 1'),
    sql: '    SELECT 1\n    SETTINGS max_threads = 1\n    TYPE = 1',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'an unindented SETTINGS closes the SQL and is an error',
    source: lines('NODE n', 'SQL >', '    SELECT 1', 'SETTINGS max_threads = 1'),
    sql: '    SELECT 1',
    directives: ['NODE', 'SQL', 'SETTINGS'],
    diagnostics: [['settingsDirective', 4, 1, 4, 9]],
  },
  {
    name: 'text after > is dropped from the body, with a warning on the text',
    source: lines('NODE n', 'SQL >  SELECT 0  ', '    SELECT 1'),
    sql: '    SELECT 1',
    directives: ['NODE', 'SQL'],
    diagnostics: [['textAfterBlockOpen', 2, 8, 2, 16, 'warning']],
  },
  {
    name: 'a # comment after > is no warning',
    source: lines('NODE n', 'SQL > # the query', '    SELECT 1'),
    sql: '    SELECT 1',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'a block at the end of a file without final newline',
    source: 'NODE n\nSQL >\n    SELECT 1\n    FROM t',
    sql: '    SELECT 1\n    FROM t',
    directives: ['NODE', 'SQL'],
  },
  {
    name: 'a block directly followed by another block',
    source: lines('NODE n', 'DESCRIPTION >', '    Some text', 'SQL >', '    SELECT 1'),
    sql: '    SELECT 1',
    directives: ['NODE', 'DESCRIPTION', 'SQL'],
  },
];

describe('block rule', () => {
  test.for(cases)('$name', ({ source, sql, directives, diagnostics }) => {
    const parsed = parse(source);
    expect(parsed.directives.map((d) => d.name)).toEqual(directives);
    const block = parsed.directives.find((d) => d.key === 'SQL')!;
    expect(textOf(source, block.block!.body)).toBe(sql);
    expect(block.value).toBe(sql);
    expect(parsed.pipe!.nodes[0]!.sql!.text).toBe(sql);
    expect(spans(parsed)).toEqual(expected(diagnostics ?? []));
  });
});

describe('block ranges', () => {
  test('the directive spans the opening line and the body up to its last non-blank line', () => {
    const source = lines('NODE n', 'SQL > x', '    SELECT 1', '', '    FROM t', '', 'TYPE endpoint');
    const sql = parse(source).directives[1]!;
    expect({ start: sql.start, end: sql.end }).toEqual({ start: 7, end: 39 });
    expect(sql.nameRange).toEqual({ start: 7, end: 10 });
    expect(sql.block!.open).toEqual({ start: 11, end: 12 });
    expect(sql.block!.trailer).toEqual({ start: 12, end: 14 });
    expect(sql.block!.body).toEqual({ start: 15, end: 39 });
    // Every line of the body, blank ones included, without line breaks.
    expect(sql.block!.lines).toEqual([
      { start: 15, end: 27 },
      { start: 28, end: 28 },
      { start: 29, end: 39 },
    ]);
  });

  test('blank lines after the body are trivia items, not block lines', () => {
    const source = lines('NODE n', 'SQL >', '    SELECT 1', '', '  ', 'TYPE endpoint');
    const parsed = parse(source);
    expect(parsed.items.map((i) => [i.type, textOf(source, i)])).toEqual([
      ['Directive', 'NODE n'],
      ['Directive', 'SQL >\n    SELECT 1'],
      ['BlankLine', '\n'],
      ['BlankLine', '  \n'],
      ['Directive', 'TYPE endpoint'],
    ]);
    expect(parsed.directives[1]!.block!.lines).toEqual([{ start: 13, end: 25 }]);
  });

  test('an empty block has an empty body at the start of the next line', () => {
    const source = lines('NODE n', 'SQL >', '', 'TYPE endpoint');
    const parsed = parse(source);
    const sql = parsed.directives[1]!;
    expect(sql.block!.body).toEqual({ start: 13, end: 13 });
    expect(sql.block!.lines).toEqual([]);
    expect({ start: sql.start, end: sql.end }).toEqual({ start: 7, end: 12 });
    expect(sql.value).toBe('');
    expect(spans(parsed)).toEqual(expected([['emptySql', 2, 1, 2, 4]]));
    // The blank line after `SQL >` is trivia.
    expect(parsed.items.map((i) => [i.type, textOf(source, i)])).toEqual([
      ['Directive', 'NODE n'],
      ['Directive', 'SQL >'],
      ['BlankLine', '\n'],
      ['Directive', 'TYPE endpoint'],
    ]);
  });

  test('an indented directive outside any block is still a directive', () => {
    const source = lines('NODE n', 'SQL >', '    SELECT 1', 'TYPE endpoint', '    DATASOURCE target');
    const parsed = parse(source);
    expect(parsed.directives.map((d) => [d.name, d.indented])).toEqual([
      ['NODE', false],
      ['SQL', false],
      ['TYPE', false],
      ['DATASOURCE', true],
    ]);
    expect(parsed.pipe!.nodes[0]!.datasource?.value).toBe('target');
  });

  test('a column-0 comment or blank line between directives is trivia', () => {
    const source = lines('# header', '', 'NODE n', '  # indented comment', 'SQL >', '    SELECT 1');
    const parsed = parse(source);
    expect(parsed.items.map((i) => [i.type, textOf(source, i)])).toEqual([
      ['CommentLine', '# header\n'],
      ['BlankLine', '\n'],
      ['Directive', 'NODE n'],
      ['CommentLine', '  # indented comment\n'],
      ['Directive', 'SQL >\n    SELECT 1'],
    ]);
  });
});
