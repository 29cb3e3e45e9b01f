import { describe, expect, test } from 'vitest';
import { expected, lines, parse, spans, type Expected } from './helpers.js';

interface DiagnosticCase {
  readonly name: string;
  readonly source: string;
  readonly fileName?: string;
  readonly diagnostics: readonly Expected[];
  /** Exact message of one of the diagnostics, when the wording matters. */
  readonly message?: string;
}

/** `NODE n` + `SQL >` + the given SQL lines, 4-space indented. */
function sql(...body: string[]): string {
  return lines('NODE n', 'SQL >', ...body.map((l) => `    ${l}`));
}

const unknownDirectives: readonly DiagnosticCase[] = [
  { name: 'a typo gets a suggestion', source: lines('NODES n'), diagnostics: [['unknownDirective', 1, 1, 1, 6], ['pipeWithoutNodes', 1, 1, 1, 1]], message: 'NODES is not a valid option; did you mean NODE?' },
  { name: 'case is ignored for suggestions', source: lines('engin MergeTree'), fileName: 'x.datasource', diagnostics: [['unknownDirective', 1, 1, 1, 6]], message: 'engin is not a valid option; did you mean ENGINE?' },
  { name: 'no suggestion when nothing is close', source: lines('WADUS x'), fileName: 'x.datasource', diagnostics: [['unknownDirective', 1, 1, 1, 6]], message: 'WADUS is not a valid option.' },
  { name: 'an indented unknown directive', source: lines('  TARGET_DATASOURC x'), fileName: 'x.datasource', diagnostics: [['unknownDirective', 1, 3, 1, 19]], message: 'TARGET_DATASOURC is not a valid option; did you mean TARGET_DATASOURCE?' },
  { name: 'an unknown directive opening a block', source: lines('SCHEM >', '    a String'), fileName: 'x.datasource', diagnostics: [['unknownDirective', 1, 1, 1, 6]], message: 'SCHEM is not a valid option; did you mean SCHEMA?' },
  { name: 'SETTINGS at top level', source: lines('SETTINGS max_threads = 2'), fileName: 'x.datasource', diagnostics: [['settingsDirective', 1, 1, 1, 9]], message: 'SETTINGS is not allowed as a directive.' },
];

const quoteProblems: readonly DiagnosticCase[] = [
  { name: 'an unclosed SQL string', source: sql("SELECT 'abc FROM t", 'WHERE 1'), diagnostics: [['unbalancedQuote', 3, 12, 3, 23]], message: 'String literal is never closed.' },
  { name: 'an unclosed backtick identifier', source: sql('SELECT a FROM `t'), diagnostics: [['unbalancedQuote', 3, 19, 3, 21]], message: 'Quoted identifier is never closed.' },
  { name: 'an unclosed double-quoted identifier', source: sql('SELECT "a FROM t'), diagnostics: [['unbalancedQuote', 3, 12, 3, 21]] },
  { name: 'an unclosed block comment (reported on its first line)', source: sql('SELECT 1 /* note', 'FROM t'), diagnostics: [['unclosedBlockComment', 3, 14, 3, 21]], message: 'Block comment is never closed.' },
  { name: 'a string closed on a later line is fine', source: sql("SELECT 'a", "b' FROM t"), diagnostics: [] },
  { name: "escaped quotes: \\' and ''", source: sql("SELECT 'it\\'s', 'it''s' FROM t"), diagnostics: [] },
  { name: 'an apostrophe in a -- comment is fine', source: sql("SELECT 1 -- don't", 'FROM t'), diagnostics: [] },
];

const templateProblems: readonly DiagnosticCase[] = [
  { name: 'unclosed {{', source: sql('%', 'SELECT {{ x FROM t'), diagnostics: [['unclosedExpression', 4, 12, 4, 23]], message: 'Template expression `{{` is never closed.' },
  { name: 'unclosed {%', source: sql('%', 'SELECT 1 {% if x', 'FROM t'), diagnostics: [['unclosedStatement', 4, 14, 4, 21]] },
  { name: 'unclosed {#', source: sql('%', 'SELECT 1 {# note'), diagnostics: [['unclosedComment', 4, 14, 4, 21]] },
  { name: 'missing {% end %}', source: sql('%', 'SELECT 1', '{% if defined(x) %}', 'WHERE a = {{ x }}'), diagnostics: [['missingEnd', 5, 5, 5, 24]], message: 'Missing {% end %} for this {% if %} block.' },
  { name: 'missing {% end %} of a for inside an if', source: sql('%', '{% if a %}{% for v in b %}{{ v }}', '{% end %}'), diagnostics: [['missingEnd', 4, 5, 4, 15]] },
  { name: 'an extra {% end %}', source: sql('%', 'SELECT 1', '{% end %}'), diagnostics: [['extraEnd', 5, 5, 5, 14]], message: 'This {% end %} closes no open block.' },
  { name: 'Jinja {% endif %}', source: sql('%', '{% if a %} 1 {% endif %}'), diagnostics: [['missingEnd', 4, 5, 4, 15], ['unknownOperator', 4, 18, 4, 29]], message: 'Unknown template operator "endif".' },
  { name: '{% else %} outside a block', source: sql('%', 'SELECT 1 {% else %}'), diagnostics: [['misplacedIntermediate', 4, 14, 4, 24]] },
  { name: '{% elif %} inside a for', source: sql('%', '{% for a in b %}{% elif c %}{% end %}'), diagnostics: [['misplacedIntermediate', 4, 21, 4, 33]] },
  { name: 'an empty {{ }}', source: sql('%', 'SELECT {{ }}'), diagnostics: [['emptyExpression', 4, 12, 4, 17]] },
  { name: 'an empty {% %}', source: sql('%', 'SELECT 1 {%  %}'), diagnostics: [['emptyStatement', 4, 14, 4, 20]] },
  { name: 'a forbidden import', source: sql('%', '{% import os %} SELECT 1'), diagnostics: [['forbiddenImport', 4, 5, 4, 20]] },
  { name: 'the operator ends at the first space, as in Tornado', source: sql('%', '{% if(x) %}1{% end %}'), diagnostics: [['unknownOperator', 4, 5, 4, 16], ['extraEnd', 4, 17, 4, 26]] },
  { name: 'template syntax without the % marker', source: sql('SELECT {{ String(x) }}'), diagnostics: [['templateWithoutMarker', 3, 12, 3, 27]], message: 'Template syntax in a query that does not start with `%`; Tinybird sends it to ClickHouse as is.' },
  { name: 'a {% %} tag without the % marker', source: sql('SELECT 1', '{% if a %}WHERE 1{% end %}'), diagnostics: [['templateWithoutMarker', 4, 5, 4, 15]] },
  { name: 'a {# #} comment alone needs no marker', source: sql('SELECT 1 {# note #}'), diagnostics: [] },
  { name: 'escapes {{! and {%! need no closing delimiter', source: sql('%', 'SELECT {{! not a tag', '{%! neither'), diagnostics: [] },
  { name: 'tags inside SQL strings and comments are template tags', source: sql('%', "SELECT '{{ x }}' -- {% if y %}"), diagnostics: [['missingEnd', 4, 25, 4, 35]] },
  { name: 'the % marker at column 0 and balanced tags', source: lines('NODE n', 'SQL >', '%', 'SELECT 1', '{% if a %}', 'WHERE {{ a }}', '{% elif b %}', 'WHERE 2', '{% else %}', '{% set c = 1 %}', '{% end %}'), diagnostics: [] },
];

describe('unknown directives', () => {
  test.for(unknownDirectives)('$name', ({ source, fileName, diagnostics, message }) => {
    const parsed = parse(source, fileName);
    expect(spans(parsed)).toEqual(expected(diagnostics));
    if (message) expect(parsed.diagnostics.map((d) => d.message)).toContain(message);
  });

  test('an unknown directive looking like SQL hints at indentation', () => {
    // At column 0 inside the SQL block, SOURCES is SQL; after TYPE it is a directive line.
    const parsed = parse(lines('NODE n', 'SQL >', '    SELECT 1', 'SOURCES x', 'TYPE endpoint', 'SOURCES x'));
    expect(spans(parsed)).toEqual(expected([['unknownDirective', 6, 1, 6, 8]]));
    expect(parsed.diagnostics[0]!.help).toBe('Replace it with SOURCE.');
    const select = parse(lines('NODE n', 'SQL >', '    SELECT 1', 'WHERE x = 1', 'TYPE endpoint', 'ORDER BY a'));
    expect(spans(select)).toEqual(expected([['unknownDirective', 6, 1, 6, 6]]));
    expect(select.diagnostics[0]!.help).toBe('If this line belongs to the SQL above, indent it: only indented lines continue a block.');
  });
});

describe('unbalanced quotes in SQL', () => {
  test.for(quoteProblems)('$name', ({ source, diagnostics, message }) => {
    const parsed = parse(source);
    expect(spans(parsed)).toEqual(expected(diagnostics));
    if (message) expect(parsed.diagnostics.map((d) => d.message)).toContain(message);
  });
});

describe('template problems', () => {
  test.for(templateProblems)('$name', ({ source, diagnostics, message }) => {
    const parsed = parse(source);
    expect(spans(parsed)).toEqual(expected(diagnostics));
    if (message) expect(parsed.diagnostics.map((d) => d.message)).toContain(message);
  });
});

describe('reporting', () => {
  test('several errors in one file are all reported, in order, with file and help', () => {
    const source = lines(
      'TOKEN reader',
      'NODE',
      'SQL >',
      '    %',
      "    SELECT 'x FROM t {% if a %}",
      'SETTINGS max_threads = 1',
      'NODE other',
      'TYPE endpoint',
      'TARGET_DATASOURC t',
      'SCHEMA >',
      '    a String,',
    );
    const parsed = parse(source, 'pipes/broken.pipe');
    expect(spans(parsed)).toEqual(expected([
      ['tokenArgs', 1, 1, 1, 13],
      ['nodeWithoutName', 2, 1, 2, 5],
      ['unbalancedQuote', 5, 12, 5, 32],
      ['missingEnd', 5, 22, 5, 32],
      ['settingsDirective', 6, 1, 6, 9],
      ['nodeWithoutSql', 7, 6, 7, 11],
      ['unknownDirective', 9, 1, 9, 17],
      ['datasourceDirectiveInPipe', 10, 1, 10, 7, 'warning'],
    ]));
    for (const d of parsed.diagnostics) {
      expect(d.file).toBe('pipes/broken.pipe');
      expect(d.ruleId).toBe('parse-error');
      expect(d.message.length).toBeGreaterThan(0);
      expect(d.help?.length).toBeGreaterThan(0);
    }
  });

  test('diagnostics are sorted by line and column', () => {
    // Node checks run after all directives, so `nodeWithoutSql` is found after the later lines.
    const parsed = parse(lines('NODE a', 'BADX x', 'NODE b', 'SQL >', '    %', '    SELECT {{ }} {% end %}'));
    expect(parsed.diagnostics.map((d) => [d.messageId, d.line, d.column])).toEqual([
      ['nodeWithoutSql', 1, 6],
      ['unknownDirective', 2, 1],
      ['emptyExpression', 6, 12],
      ['extraEnd', 6, 18],
    ]);
  });

  test('a byte order mark is a warning', () => {
    expect(spans(parse('\uFEFFNODE n\nSQL >\n    SELECT 1\n'))).toEqual(expected([['byteOrderMark', 1, 1, 1, 2, 'warning']]));
  });
});
