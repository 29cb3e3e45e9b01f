import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lexSql, parseDatafile, scanSql, SQL_TOKEN_TYPES, SqlKind } from '../src/index.js';
import { corpusExists, corpusFiles, noticeIfNoCorpus, readCorpusFile } from './corpus.js';
import { scanSqlIn } from '../src/sql-scanner.js';
import { lexSqlReference } from './reference-sql-lexer.js';

// The hand-written scanner must give exactly the tokens of the chevrotain lexer it replaced
// (reference-sql-lexer.ts), on real SQL and on random text built from SQL's awkward pieces.

const pieces = [
  ' ', '\n', '\r\n', '\t', '\f', '\v', "'", '`', '"', '\\', "''", '``', '""', '{', '}', '{{', '}}', '{%', '%}',
  '{#', '#}', '{{{', '{{!', '%', '#', '--', '-', '->', '/*', '*/', '/', '*', '(', ')', '[', ']', ',', ';', '.',
  ':', '::', '|', '||', '<', '<=', '<=>', '<>', '>', '>=', '!', '!=', '=', '==', '?', '&', '^', '~', '@', '+',
  '$', '${', '$a', '${A_1}', '0', '0x', '0x1F', '0b', '0b10', '0b2', '1', '1.', '.5', '1e', '1e10', '2.5E-3',
  '1e+', 'é', '😀', '\u00A0', '\uFEFF', '\u0000', '\u007F', 'a', 'SELECT', 'FROM', '_x9', 'if', 'end',
];

const sqlText = fc
  .array(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) }), { maxLength: 60 })
  .map((parts) => parts.join(''));

function assertSame(text: string, base: number): void {
  expect(lexSql(text, base)).toEqual(lexSqlReference(text, base));
}

// The corpus comparison takes seconds; a loaded machine must not fail it on vitest's 5 s default.
describe('SQL scanner', { timeout: 120_000 }, () => {
  test('gives the reference lexer tokens on random SQL-like text', () => {
    fc.assert(fc.property(sqlText, fc.nat(1000), (text, base) => assertSame(text, base)), { numRuns: 3000 });
  });

  test('scans a window of a longer text as if it were the whole text', () => {
    // The parser scans each block within the file's text: nothing outside the window may be
    // read, whether a closing quote, `}}` or `*/` just after it or an opener just before it.
    fc.assert(
      fc.property(sqlText, sqlText, sqlText, fc.nat(1000), (before, text, after, base) => {
        const list = scanSqlIn(before + text + after, before.length, before.length + text.length, base);
        expect(list.text).toBe(text);
        const reference = lexSqlReference(text, base);
        expect(list.toArray()).toEqual(reference);
        // Counted by the scan, so that blocks without one need no pass to find out.
        expect(list.hasUnterminated).toBe(reference.some((t) => t.type === 'Unterminated'));
      }),
      { numRuns: 3000 },
    );
  });

  test.skipIf(!corpusExists)('gives the reference lexer tokens on every SQL block and schema of the corpus', () => {
    let blocks = 0;
    for (const file of corpusFiles()) {
      const source = readCorpusFile(file);
      const parsed = parseDatafile(source, { fileName: file.name });
      const sqls = [...(parsed.pipe?.nodes ?? []).map((n) => n.sql), parsed.datasource?.forwardQuery, parsed.datasource?.importQuery];
      for (const sql of sqls) {
        if (!sql) continue;
        assertSame(sql.text, sql.start);
        // The parse's own tokens, scanned within the file's text.
        expect(sql.tokens).toEqual(lexSqlReference(sql.text, sql.start));
        blocks++;
      }
      const schema = parsed.datasource?.schemaDirective?.valueRange;
      if (schema) assertSame(source.slice(schema.start, schema.end), schema.start);
    }
    expect(blocks).toBeGreaterThan(1000);
  });
  noticeIfNoCorpus('the scanner-vs-reference corpus test');

  test('the compact list and the token objects agree', () => {
    const text = "SELECT `a`, 'b' -- c\nFROM {{ t }}";
    const list = scanSql(text, 10);
    expect(list.length).toBe(lexSql(text, 10).length);
    for (let i = 0; i < list.length; i++) {
      expect(list.token(i)).toEqual({ type: list.type(i), image: list.image(i), start: list.start(i), end: list.end(i) });
      expect(SQL_TOKEN_TYPES[list.kind(i)]).toBe(list.type(i));
    }
    expect(list.type(0)).toBe('Identifier');
    expect(list.kind(list.length - 1)).toBe(SqlKind.TemplateExpression);
    expect(list.hasLineBreak(list.length - 5)).toBe(false);
    expect([...Array(list.length).keys()].filter((i) => list.hasLineBreak(i)).map((i) => list.image(i))).toEqual(['\n']);
  });

  test('lists sharing the token arena keep their own tokens when it fills up', () => {
    // Scans write into a shared array of 65,536 entries; these ~200,000 tokens fill several, and
    // one text alone (the long one) is bigger than an arena.
    const texts = Array.from({ length: 400 }, (_, i) => `SELECT a${i}, 'x' FROM t${i} WHERE b = ${i} `.repeat(1 + (i % 7)));
    texts.splice(200, 0, 'SELECT x, '.repeat(20000));
    const lists = texts.map((text, i) => scanSql(text, i));
    texts.forEach((text, i) => {
      const list = lists[i]!;
      const tokens = lexSqlReference(text, i);
      expect(list.length).toBe(tokens.length);
      for (const k of [0, 1, tokens.length >> 1, tokens.length - 1]) expect(list.token(k)).toEqual(tokens[k]);
    });
  });
});
