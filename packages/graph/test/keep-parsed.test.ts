import { describe, expect, test, vi } from 'vitest';

// Counts the parser's calls: whether buildGraph keeps each file's parse result, or parses a file
// again only when its `parsed` is read, is otherwise invisible to the caller.
const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('@tb-refs/parser', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@tb-refs/parser')>();
  return {
    ...actual,
    parseDatafile: (...args: Parameters<typeof actual.parseDatafile>) => {
      calls.n++;
      return actual.parseDatafile(...args);
    },
  };
});

const { parseDatafile } = await import('@tb-refs/parser');
const { buildGraph } = await import('../src/index.js');

const FILES = [
  { path: 'datasources/events.datasource', source: 'SCHEMA >\n    `id` String\n\nENGINE "MergeTree"\n' },
  { path: 'pipes/top.pipe', source: 'NODE top\nSQL >\n    SELECT id FROM events\n\nTYPE endpoint\n' },
  { path: 'pipes/shared.incl', source: 'NODE shared\nSQL >\n    SELECT 1\n' },
];

describe('files[].parsed', () => {
  test('by default each file is parsed once to build the graph, and again only when its parse result is read', () => {
    calls.n = 0;
    const g = buildGraph(FILES);
    expect(calls.n).toBe(3);
    const top = g.files[1]!;
    expect(top.kind).toBe('pipe');
    expect(top.source).toBe(FILES[1]!.source);
    expect(calls.n).toBe(3);
    const parsed = top.parsed;
    expect(calls.n).toBe(4);
    expect(top.parsed).toBe(parsed);
    expect(calls.n).toBe(4);
    expect(parsed).toEqual(parseDatafile(FILES[1]!.source, { fileName: 'pipes/top.pipe' }));
  });

  test('keepParsed keeps the parse results the build made', () => {
    calls.n = 0;
    const g = buildGraph(FILES, '.', { keepParsed: true });
    expect(calls.n).toBe(3);
    expect(g.files.map((f) => f.parsed.kind)).toEqual(['datasource', 'pipe', 'incl']);
    expect(calls.n).toBe(3);
  });

  test('the graph is the same either way', () => {
    const lazy = buildGraph(FILES);
    const kept = buildGraph(FILES, '.', { keepParsed: true });
    const { files: lazyFiles, ...lazyRest } = lazy;
    const { files: keptFiles, ...keptRest } = kept;
    expect(keptRest).toEqual(lazyRest);
    expect(keptFiles.map((f) => [f.path, f.absolutePath, f.name, f.kind, f.source])).toEqual(lazyFiles.map((f) => [f.path, f.absolutePath, f.name, f.kind, f.source]));
    expect(lazy.edges.length).toBeGreaterThan(0);
  });
});
