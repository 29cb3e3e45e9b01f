import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { applyPlan, cleanupTemps, planRename, readTree, writeTemp } from './helpers.js';

// Multi-file cases (style guide §2.8): each fixtures/rename/<case>/ holds `before/`, `after/`
// (only the files that change or move) and `case.json` with the names, the TypeScript globs and
// the warnings expected as "code file:line".

const FIXTURES = path.join(import.meta.dirname, 'fixtures/rename');
const cases = readdirSync(FIXTURES).sort();

interface CaseSpec {
  readonly old: string;
  readonly new: string;
  readonly typescript?: string[];
  readonly warnings: string[];
}

afterAll(cleanupTemps);

describe.for(cases)('rename fixture %s', (name) => {
  const spec = JSON.parse(readFileSync(path.join(FIXTURES, name, 'case.json'), 'utf8')) as CaseSpec;
  const beforeDir = path.join(FIXTURES, name, 'before');
  const before = readTree(beforeDir);
  const expected = readTree(path.join(FIXTURES, name, 'after'));

  test('before/ becomes after/', async () => {
    const plan = await planRename(beforeDir, spec.old, spec.new, spec.typescript ?? false);
    const result = applyPlan(before, plan);
    for (const [rel, text] of result) {
      // A file absent from after/ must be the unchanged before/ file at the same path.
      expect(text, rel).toBe(expected.get(rel) ?? before.get(rel));
    }
    for (const rel of expected.keys()) expect(result.has(rel), `${rel} is produced`).toBe(true);
    expect(plan.warnings.map((w) => `${w.code} ${w.file}:${w.line}`).sort()).toEqual([...spec.warnings].sort());
  });

  test('a second run changes nothing, and renaming back restores every byte', async () => {
    const once = applyPlan(before, await planRename(beforeDir, spec.old, spec.new, spec.typescript ?? false));
    const dir = writeTemp(once);
    const again = await planRename(dir, spec.old, spec.new, spec.typescript ?? false);
    expect(again.changes).toEqual([]);
    expect(again.renames).toEqual([]);
    expect(again.warnings.map((w) => w.code)).toContain('already-renamed');
    const back = applyPlan(once, await planRename(dir, spec.new, spec.old, spec.typescript ?? false));
    expect([...back.keys()]).toEqual([...before.keys()]);
    for (const [rel, text] of back) expect(Buffer.from(text).equals(Buffer.from(before.get(rel)!)), rel).toBe(true);
  });
});
