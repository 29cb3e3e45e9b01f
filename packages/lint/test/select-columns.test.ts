import { parseDatafile } from '@tb-refs/parser';
import { describe, expect, it } from 'vitest';
import { queryOutput } from '../src/utils/select-columns.js';

/** The output of a one-node pipe's query, `t` having columns a, b, c: names (`name|qualifiedName`), or undefined. */
function output(sql: string): { columns: string[]; unnamed: number } | undefined {
  const source = `NODE n\nSQL >\n${sql.split('\n').map((line) => `    ${line}`).join('\n')}\n`;
  const block = parseDatafile(source, { fileName: 'pipes/p.pipe' }).pipe!.nodes[0]!.sql!;
  const result = queryOutput(block, (name) => (name === 't' ? ['a', 'b', 'c'] : undefined));
  if (!result) return undefined;
  return { columns: result.columns.map((c) => (c.qualifiedName ? `${c.name}|${c.qualifiedName}` : c.name)), unnamed: result.unnamed.length };
}

describe('queryOutput', () => {
  it('gives ranges without quotes and the SELECT keyword', () => {
    const source = 'NODE n\nSQL >\n    SELECT `a b`, x AS "y" FROM t\n';
    const block = parseDatafile(source, { fileName: 'pipes/p.pipe' }).pipe!.nodes[0]!.sql!;
    const result = queryOutput(block, () => undefined)!;
    expect(result.columns.map((c) => [c.name, source.slice(c.range.start, c.range.end)])).toEqual([['a b', 'a b'], ['y', 'y']]);
    expect(source.slice(result.select.start, result.select.end)).toBe('SELECT');
  });

  it('tests keywords in any case, as upper-casing the identifier does', () => {
    // `ſ` upper-cases to S and `ﬁ` to FI: `ſelect` is SELECT, `ﬁnal` is FINAL rather than an alias.
    expect(output('ſelect a, b FROM t')).toEqual({ columns: ['a', 'b'], unnamed: 0 });
    expect(output('SELECT t.* FROM t ﬁnal')).toEqual({ columns: ['a', 'b', 'c'], unnamed: 0 });
    expect(output('SELECT t.* FROM t ﬁnalx')).toBeUndefined();
    // Words that only start like keywords are names.
    expect(output('SELECT count() Selects, x AS SELECTed FROM t')).toEqual({ columns: ['Selects', 'SELECTed'], unnamed: 0 });
    expect(output('SELECT x nulls, y Nulls FROM t')).toEqual({ columns: [], unnamed: 2 });
  });

  it('reads * transformers, where COLUMNS(…) does not make it give up', () => {
    expect(output("SELECT * REPLACE (COLUMNS('a') AS b) FROM t")).toEqual({ columns: ['a', 'b', 'c'], unnamed: 0 });
    expect(output('SELECT * EXCEPT b FROM t')).toEqual({ columns: ['a', 'c'], unnamed: 0 });
    expect(output("SELECT a, COLUMNS('x') FROM t")).toBeUndefined();
  });

  it('accepts a trailing comma, not an empty item or a trailing dot', () => {
    expect(output('SELECT a, b, FROM t')).toEqual({ columns: ['a', 'b'], unnamed: 0 });
    expect(output('SELECT a, , b FROM t')).toBeUndefined();
    expect(output('SELECT t.c. FROM t')).toBeUndefined();
  });

  it('ends the list at EXCEPT SELECT, and at trailing semicolons only', () => {
    expect(output('SELECT a EXCEPT SELECT b')).toEqual({ columns: ['a'], unnamed: 0 });
    expect(output('SELECT a FROM t;;')).toEqual({ columns: ['a'], unnamed: 0 });
    expect(output('SELECT a; SELECT b')).toBeUndefined();
  });

  it('takes the union of {% if %} branches; template tags are case-sensitive', () => {
    expect(output('%\nSELECT a {% if x %}, b {% else %}, c {% end %} FROM t')).toEqual({ columns: ['a', 'b', 'c'], unnamed: 0 });
    expect(output('%\n{% set y = 1 %} SELECT a {%- if x %}, b {% end %} FROM t')).toEqual({ columns: ['a', 'b'], unnamed: 0 });
    expect(output('%\nSELECT a {% IF x %}, b {% end %} FROM t')).toBeUndefined();
  });
});
