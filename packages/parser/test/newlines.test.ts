import { describe, expect, test } from 'vitest';
import { printDatafile, SqlTokenList, type ParsedDatafile } from '../src/index.js';
import { parse } from './helpers.js';

// The real corpus has no CRLF, CR or BOM: these synthetic variants check that line breaks and a
// BOM are kept byte for byte and change nothing else. Python's universal newlines (and so the
// Tinybird CLI) read `\r\n` and a lone `\r` as line breaks.

const PIPE = `TOKEN "reader" READ
DESCRIPTION >
    Top paths

# a comment
NODE filtered
SQL >

    %
    SELECT path, count() AS hits
FROM hits
    {% if defined(tenant) %}
    WHERE tenant_id = {{ String(tenant) }}
{% end %}
    GROUP BY path   

TYPE endpoint
NODE broken
SQL > trailing
    SELECT 'unclosed
SETTINGS max_threads = 1
`;

const DATASOURCE = `SCHEMA >
    \`ts\` DateTime \`json:$.ts\`,
\tuser_id String,

INDEXES >
    idx user_id TYPE bloom_filter GRANULARITY 4

ENGINE MergeTree
ENGINE_SORTING_KEY ts, user_id # trailing comment
FORWARD_QUERY >
    SELECT ts, user_id FROM t
`;

const INCL = `NODE $NAME
SQL >
    SELECT * FROM $SOURCE
`;

const samples = [
  { name: 'pipe', fileName: 'x.pipe', source: PIPE },
  { name: 'datasource', fileName: 'x.datasource', source: DATASOURCE },
  { name: 'incl', fileName: 'x.incl', source: INCL },
];

const variants: { name: string; apply: (s: string) => string; shiftsFirstLine?: boolean }[] = [
  { name: 'CRLF', apply: (s) => s.replace(/\n/g, '\r\n') },
  { name: 'lone CR', apply: (s) => s.replace(/\n/g, '\r') },
  // In this order a `\r` is never followed by a `\n` that would merge with it into one break.
  { name: 'mixed LF, CRLF and CR', apply: (s) => s.split('\n').map((l, i, all) => l + (i === all.length - 1 ? '' : ['\r\n', '\n', '\r'][i % 3])).join('') },
  { name: 'BOM', apply: (s) => `\uFEFF${s}`, shiftsFirstLine: true },
  { name: 'BOM and CRLF', apply: (s) => `\uFEFF${s.replace(/\n/g, '\r\n')}`, shiftsFirstLine: true },
  { name: 'no final newline', apply: (s) => s.replace(/\n$/, '') },
  { name: 'no final newline, CRLF', apply: (s) => s.replace(/\n$/, '').replace(/\n/g, '\r\n') },
];

const POSITION_KEYS = new Set(['start', 'end', 'contentStart']);

/** The model with positions removed and line breaks written as `\n`, for comparison. */
function normalized(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n');
  if (value instanceof Map) return normalized(Object.fromEntries(value));
  if (value instanceof SqlTokenList) return normalized(value.toArray());
  if (Array.isArray(value)) return value.map(normalized);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (POSITION_KEYS.has(k) && typeof v === 'number') continue;
      out[k] = normalized(v);
    }
    return out;
  }
  return value;
}

function model(parsed: ParsedDatafile): unknown {
  return normalized({ directives: parsed.directives, items: parsed.items.map((i) => i.type), datasource: parsed.datasource, pipe: parsed.pipe });
}

describe.each(samples)('$name', ({ fileName, source }) => {
  const reference = parse(source, fileName);

  test('the LF sample parses and round-trips', () => {
    expect(printDatafile(reference)).toBe(source);
    expect(reference.directives.length).toBeGreaterThan(0);
  });

  test.for(variants)('$name: round-trip and same model', ({ apply, shiftsFirstLine }) => {
    const text = apply(source);
    expect(text).not.toBe(source);
    const parsed = parse(text, fileName);
    expect(printDatafile(parsed)).toBe(text);
    expect(model(parsed)).toEqual(model(reference));
    // Same problems on the same lines; columns too, except on the BOM's line.
    const problems = parsed.diagnostics.filter((d) => d.messageId !== 'byteOrderMark');
    expect(problems.map((d) => [d.messageId, d.severity, d.line, d.endLine])).toEqual(
      reference.diagnostics.map((d) => [d.messageId, d.severity, d.line, d.endLine]),
    );
    for (const [i, d] of problems.entries()) {
      const ref = reference.diagnostics[i]!;
      const shift = shiftsFirstLine && d.line === 1 ? 1 : 0;
      expect([d.column, d.endColumn]).toEqual([ref.column + shift, ref.endColumn + (shiftsFirstLine && d.endLine === 1 ? 1 : 0)]);
    }
    expect(parsed.diagnostics.some((d) => d.messageId === 'byteOrderMark')).toBe(text.startsWith('\uFEFF'));
  });
});

test('the pipe sample has the problems the variants must keep', () => {
  // Guards the comparison above against an empty reference.
  expect(parse(PIPE).diagnostics.map((d) => d.messageId)).toEqual(['textAfterBlockOpen', 'unbalancedQuote', 'settingsDirective']);
});

test('SQL text keeps its CRLF line breaks, and tokens still match the source', () => {
  const text = PIPE.replace(/\n/g, '\r\n');
  const parsed = parse(text);
  const sql = parsed.pipe!.nodes[0]!.sql!;
  expect(sql.text).toContain('\r\nFROM hits\r\n');
  for (const t of sql.tokens) expect(text.slice(t.start, t.end)).toBe(t.image);
});

describe.each([
  { name: 'empty file', source: '' },
  { name: 'whitespace only', source: '  \n\t\n   ' },
  { name: 'line breaks only', source: '\r\n\n\r' },
  { name: 'a BOM only', source: '\uFEFF' },
  { name: 'a comment only, no final newline', source: '# nothing' },
])('$name', ({ source }) => {
  test.for(['x.pipe', 'x.datasource', 'x.incl'])('%s: round-trip, no directive, no error', (fileName) => {
    const parsed = parse(source, fileName);
    expect(printDatafile(parsed)).toBe(source);
    expect(parsed.directives).toEqual([]);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
