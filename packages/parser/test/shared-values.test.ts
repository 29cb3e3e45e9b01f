import { describe, expect, test } from 'vitest';
import { parseDatafile } from '../src/index.js';

// Parse results share empty lists, empty settings maps and repeated short strings to keep less
// alive per file; none of that may show in their values.
describe('values shared between parse results', () => {
  const ds = 'SCHEMA >\n    `id` String `json:$.id`,\n    `name` LowCardinality(String)\n\nENGINE MergeTree\n';

  test('empty lists are shared and frozen, and compare as empty arrays', () => {
    const a = parseDatafile(ds, { fileName: 'a.datasource' });
    const b = parseDatafile(ds, { fileName: 'b.datasource' });
    expect(a.datasource!.tags).toEqual([]);
    expect(a.datasource!.tags).toBe(b.datasource!.tokens);
    expect(Object.isFrozen(a.diagnostics)).toBe(true);
    expect(() => (a.datasource!.includes as unknown[]).push(1)).toThrow();
    expect(JSON.stringify(a.directives[0]!.args)).toBe('[]');
  });

  test('empty settings maps are equal to new empty maps', () => {
    const a = parseDatafile(ds, { fileName: 'a.datasource' });
    expect(a.datasource!.connectorSettings).toEqual(new Map());
    expect(a.datasource!.engineSettings.size).toBe(0);
    const p = parseDatafile('NODE n\nSQL >\n    SELECT 1\n', { fileName: 'p.pipe' });
    expect(p.pipe!.nodes[0]!.settings).toEqual(new Map());
  });

  test('args are exact copies, not the shared scratch list', () => {
    const a = parseDatafile('TAGS "a", "b"\nVERSION 1\n', { fileName: 'a.pipe' });
    expect(a.directives[0]!.args.map((x) => x.text)).toEqual(['"a"', ',', '"b"']);
    expect(a.directives[1]!.args.map((x) => x.text)).toEqual(['1']);
    expect(a.directives[0]!.args).not.toBe(a.directives[1]!.args);
  });

  test('a NODE name range equals its value range, and each is still right', () => {
    const p = parseDatafile('NODE first\nSQL >\n    SELECT 1\n', { fileName: 'p.pipe' });
    const n = p.pipe!.nodes[0]!;
    expect(n.nameRange).toEqual({ start: 5, end: 10 });
    expect(p.directives[0]!.valueRange).toEqual({ start: 5, end: 10 });
  });
});
