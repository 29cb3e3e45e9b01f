import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/main.js';
import { createFakeIo } from './helpers.js';

export const REPO = path.resolve(import.meta.dirname, '../../..');
export const SAMPLE = path.join(REPO, 'tinybird');
export const APP = path.join(REPO, 'test/fixtures/insights-app');

const temps: string[] = [];

/** A temp folder holding a copy of tinybird/ (as `tinybird/`) and, optionally, the fixture app at its root. */
export function sampleCopy(withApp: boolean): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-rename-'));
  temps.push(dir);
  cpSync(SAMPLE, path.join(dir, 'tinybird'), { recursive: true });
  if (withApp) cpSync(APP, dir, { recursive: true });
  return dir;
}

/** A temp copy of any folder. */
export function copyOf(source: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-rename-'));
  temps.push(dir);
  cpSync(source, dir, { recursive: true });
  return dir;
}

export function cleanupCopies(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Runs the CLI in-process with `cwd`. */
export async function run(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const io = createFakeIo(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** Every file under `dir`: relative path → bytes and mode. */
export function snapshot(dir: string): Map<string, { bytes: Buffer; mode: number }> {
  const out = new Map<string, { bytes: Buffer; mode: number }>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out.set(child, { bytes: readFileSync(path.join(dir, child)), mode: statSync(path.join(dir, child)).mode & 0o7777 });
    }
  };
  walk('');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The paths whose bytes or modes differ between two snapshots (added and removed included). */
export function differences(a: ReturnType<typeof snapshot>, b: ReturnType<typeof snapshot>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => {
    const x = a.get(p);
    const y = b.get(p);
    return !x || !y || !x.bytes.equals(y.bytes) || x.mode !== y.mode;
  }).sort();
}

export function read(dir: string, rel: string): string {
  return readFileSync(path.join(dir, rel), 'utf8');
}
