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

  // Directives and columns keep offsets and make their range and args objects when read.
  test.each([
    ['no args', 'VERSION\n', { nameRange: [0, 7], valueRange: [7, 7], args: [] }],
    ['one arg', 'VERSION  12\n', { nameRange: [0, 7], valueRange: [9, 11], args: [[9, 11, '12']] }],
    ['two args and a comment', 'TOKEN "a b"   READ # c\n', { nameRange: [0, 5], valueRange: [6, 18], args: [[6, 11, '"a b"'], [14, 18, 'READ']] }],
    ['a block', 'DESCRIPTION >\n    x\n', { nameRange: [0, 11], valueRange: [14, 19], args: [] }],
  ])('a directive with %s reads its ranges and args from the source, the same objects each time', (_name, source, want) => {
    const d = parseDatafile(source, { fileName: 'p.pipe' }).directives[0]!;
    expect([d.nameRange.start, d.nameRange.end]).toEqual(want.nameRange);
    expect([d.valueRange.start, d.valueRange.end]).toEqual(want.valueRange);
    expect(d.args.map((a) => [a.start, a.end, a.text])).toEqual(want.args);
    expect(d.nameRange).toBe(d.nameRange);
    expect(d.valueRange).toBe(d.valueRange);
    expect(d.args).toBe(d.args);
  });

  test('a column without a clause has no range for it', () => {
    const a = parseDatafile('SCHEMA >\n    id String CODEC(ZSTD(1)),\n    n Int8 DEFAULT 1\n', { fileName: 'a.datasource' });
    const [id, n] = a.datasource!.schema;
    expect([id!.typeRange, id!.codecRange, id!.defaultRange, id!.jsonPathRange]).toEqual([{ start: 16, end: 22 }, { start: 23, end: 37 }, undefined, undefined]);
    expect([n!.nameRange, n!.typeRange, n!.defaultRange, n!.codecRange]).toEqual([{ start: 43, end: 44 }, { start: 45, end: 49 }, { start: 58, end: 59 }, undefined]);
  });
});
