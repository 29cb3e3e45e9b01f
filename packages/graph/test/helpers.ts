import { expect } from 'vitest';
import { parseDatafile, type SqlBlock } from '@tb-refs/parser';
import type { SqlReferences } from '../src/index.js';

/** Template syntax that makes a query need the `%` marker. */
const TEMPLATE = /\{[{%#]/;

/** A one-node pipe around `sql`, parsed by the real parser; `base` is where `sql` starts. */
export function sqlBlockOf(sql: string): { block: SqlBlock; source: string; base: number } {
  const head = TEMPLATE.test(sql) ? 'NODE n\nSQL >\n    %\n    ' : 'NODE n\nSQL >\n    ';
  const source = `${head}${sql}\n`;
  const parsed = parseDatafile(source, { fileName: 'p.pipe' });
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`test SQL does not parse cleanly: ${errors.map((e) => e.message).join('; ')}`);
  const block = parsed.pipe?.nodes[0]?.sql;
  if (!block) throw new Error('no SQL block');
  return { block, source, base: head.length };
}

/** Offset of the `nth` (0-based) occurrence of `needle` in `text`; throws when there is none. */
export function nthIndexOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times in: ${text}`);
  }
  return at;
}

/**
 * Invariants every extraction must keep, whatever the input: references sorted by position and
 * never overlapping, each range covering exactly the text of its name (inside the file `source`),
 * the database part written before the name, and dynamic sites covering their text.
 */
export function expectReferenceInvariants(result: SqlReferences, source: string): void {
  const problems: string[] = [];
  let previousEnd = -1;
  for (const r of result.references) {
    const at = `${r.name}@${r.range.start}`;
    if (r.range.start < previousEnd) problems.push(`${at}: not sorted, or overlaps the previous reference`);
    if (r.range.end <= r.range.start) problems.push(`${at}: empty range`);
    const text = source.slice(r.range.start, r.range.end);
    if (text !== r.name) problems.push(`${at}: range covers ${JSON.stringify(text)}`);
    if (r.fullRange.start > r.range.start || r.fullRange.end < r.range.end) problems.push(`${at}: fullRange does not contain range`);
    // The quote closes right after the name.
    if (r.quote !== undefined && r.site !== 'table()' && source[r.range.end] !== r.quote) problems.push(`${at}: no closing ${r.quote}`);
    previousEnd = r.range.end;
  }
  for (const d of result.dynamic) {
    const text = source.slice(d.range.start, d.range.end);
    if (text !== d.text) problems.push(`dynamic ${JSON.stringify(d.text)}: range covers ${JSON.stringify(text)}`);
  }
  expect(problems).toEqual([]);
}
