import { describe, expect, test } from 'vitest';
import { parseDatafile, printDatafile } from '../src/index.js';

// Big and deeply nested inputs parse without throwing and without recursion limits. No timing
// assertions here: the inputs are fixed, so the work is bounded by construction.

const TEN_MB = 10 * 1024 * 1024;

function node(i: number): string {
  return `NODE node_${i}
DESCRIPTION >
    Node number ${i}

SQL >
    %
    SELECT toDate(ts) AS d, count() AS c
    FROM events_${i % 50}
    WHERE tenant = {{ String(tenant, 'acme') }}
    {% if defined(since) %} AND ts >= {{ DateTime(since) }} {% end %}
    GROUP BY d

`;
}

describe('large inputs', () => {
  test('a 10 MB pipe with thousands of nodes', { timeout: 120_000 }, () => {
    const parts = ['TOKEN "reader" READ\n\n'];
    let length = parts[0]!.length;
    let count = 0;
    while (length < TEN_MB) {
      const n = node(count++);
      parts.push(n);
      length += n.length;
    }
    const source = `${parts.join('')}TYPE endpoint\n`;
    const parsed = parseDatafile(source, { fileName: 'big.pipe' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.pipe!.nodes).toHaveLength(count);
    const last = parsed.pipe!.nodes[count - 1]!;
    expect(last.name).toBe(`node_${count - 1}`);
    expect(last.nodeType).toBe('endpoint');
    expect(last.sql!.branches).toHaveLength(1);
    expect(printDatafile(parsed)).toBe(source);
  });

  test('a 10 MB single SQL block', { timeout: 120_000 }, () => {
    const line = "    SELECT a, 'b', `c` FROM t -- note\n";
    const source = `NODE n\nSQL >\n${line.repeat(Math.ceil(TEN_MB / line.length))}`;
    const parsed = parseDatafile(source, { fileName: 'big.pipe' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.pipe!.nodes[0]!.sql!.text.length).toBe(source.length - 'NODE n\nSQL >\n'.length - 1);
    expect(printDatafile(parsed)).toBe(source);
  });

  test('2 MB of random-looking garbage', { timeout: 120_000 }, () => {
    // A fixed linear congruential sequence over datafile-significant characters.
    const alphabet = 'ab \t\n\r"\'`{}%#>()-/*\\$,;SQLNODE\uFEFF';
    let seed = 42;
    const chars: string[] = [];
    for (let i = 0; i < TEN_MB / 5; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      chars.push(alphabet[seed % alphabet.length]!);
    }
    const source = chars.join('');
    const parsed = parseDatafile(source, { fileName: 'garbage.pipe' });
    expect(printDatafile(parsed)).toBe(source);
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
  });
});

describe('deep nesting', () => {
  test('((((…)))) x 10,000 in SQL', () => {
    const depth = 10_000;
    const source = `NODE n\nSQL >\n    SELECT ${'('.repeat(depth)}1${')'.repeat(depth)} AS x\n`;
    const parsed = parseDatafile(source, { fileName: 'deep.pipe' });
    expect(parsed.diagnostics).toEqual([]);
    const tokens = parsed.pipe!.nodes[0]!.sql!.tokens;
    expect(tokens.filter((t) => t.type === 'LParen')).toHaveLength(depth);
    expect(tokens.filter((t) => t.type === 'RParen')).toHaveLength(depth);
    expect(printDatafile(parsed)).toBe(source);
  });

  test('{% if %} x 10,000, nested and closed', () => {
    const depth = 10_000;
    const source = `NODE n\nSQL >\n    %\n    SELECT 1\n${'    {% if a %}\n'.repeat(depth)}    x\n${'    {% end %}\n'.repeat(depth)}`;
    const parsed = parseDatafile(source, { fileName: 'deep.pipe' });
    expect(parsed.diagnostics).toEqual([]);
    const sql = parsed.pipe!.nodes[0]!.sql!;
    expect(sql.templateTags).toHaveLength(2 * depth);
    expect(sql.branches).toHaveLength(depth);
    // Branches are sorted by start: the outermost first, the innermost holds only `x`.
    expect(source.slice(sql.branches[depth - 1]!.start, sql.branches[depth - 1]!.end)).toBe('\n    x\n    ');
  });

  test('{% if %} x 10,000, never closed: one diagnostic each', () => {
    const depth = 10_000;
    const source = `NODE n\nSQL >\n    %\n${'    {% if a %}(\n'.repeat(depth)}`;
    const parsed = parseDatafile(source, { fileName: 'deep.pipe' });
    expect(parsed.diagnostics).toHaveLength(depth);
    expect(new Set(parsed.diagnostics.map((d) => d.messageId))).toEqual(new Set(['missingEnd']));
    expect(parsed.diagnostics[depth - 1]).toMatchObject({ line: depth + 3, column: 5, endColumn: 15 });
  });

  test('SCHEMA types nested 10,000 deep', () => {
    const depth = 10_000;
    const type = `${'Array('.repeat(depth)}String${')'.repeat(depth)}`;
    const source = `SCHEMA >\n    a ${type},\n    b Int8\n`;
    const parsed = parseDatafile(source, { fileName: 'deep.datasource' });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.datasource!.schema.map((c) => [c.name, c.dataType])).toEqual([['a', type], ['b', 'Int8']]);
  });
});
