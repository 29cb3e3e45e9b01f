import { posix } from 'node:path';
import type { ResourceTarget } from '../datafile-edits.js';
import type { PlannedEdit, RenameReason } from '../plan.js';
import { shellTestEdits } from './shell-test.js';
import { testYamlEdits } from './test-yaml.js';

/** A non-datafile text file of the project that may name the resource (tests). */
export interface CompanionText {
  /** Path relative to the project root, '/'-separated. */
  readonly path: string;
  readonly absolutePath?: string;
  readonly source: string;
}

const FIXTURE_FILE = /^\.(csv|ndjson|jsonl|json|parquet|sql)(\.gz)?$/;
const TEST_FILE = /^\.(ya?ml|test|test\.result)$/;

/**
 * Files named after the resource that move with it (datafile-format.md §5.2): fixtures in
 * `fixtures/`, `datasources/fixtures/` or a `fixtures/` folder beside the datafile, and tests in a
 * `tests/` folder (`<name>.yaml`, Forward's per-pipe test file, and classic `<name>.test` with its
 * `<name>.test.result`).
 */
export function companionRenames(paths: readonly string[], resourceFile: string | undefined, name: string, newName: string): { from: string; to: string; reason: RenameReason }[] {
  const fixtureDirs = new Set(['fixtures', 'datasources/fixtures']);
  if (resourceFile !== undefined) fixtureDirs.add(posix.join(posix.dirname(resourceFile), 'fixtures'));
  const out: { from: string; to: string; reason: RenameReason }[] = [];
  for (const p of paths) {
    const dir = posix.dirname(p);
    const base = posix.basename(p);
    if (!base.startsWith(`${name}.`)) continue;
    const rest = base.slice(name.length);
    const to = posix.join(dir, newName + rest);
    if (fixtureDirs.has(dir) && FIXTURE_FILE.test(rest)) out.push({ from: p, to, reason: 'fixture' });
    else if ((dir === 'tests' || dir.endsWith('/tests')) && TEST_FILE.test(rest)) out.push({ from: p, to, reason: 'test' });
  }
  return out;
}

/** Edits to test YAML and classic shell tests that name the resource. */
export function companionEdits(texts: readonly CompanionText[], target: ResourceTarget, newName: string): PlannedEdit[] {
  const edits: PlannedEdit[] = [];
  for (const t of texts) {
    if (!t.source.includes(target.name)) continue;
    if (/\.ya?ml$/i.test(t.path)) edits.push(...testYamlEdits(t.path, t.source, target, newName));
    else if (/\.test$/i.test(t.path)) edits.push(...shellTestEdits(t.path, t.source, target, newName));
  }
  return edits;
}
