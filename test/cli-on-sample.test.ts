import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from '@tb-refs/cli';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'packages/cli/dist/bin.js');
const launcher = path.join(repo, 'bin/tb-refs.mjs');
const bundle = path.join(repo, 'packages/cli/bundle/tb-refs.cjs');
const bundleCache = `${bundle}.cache`;

/** bin/tb-refs.mjs's rule: it runs the bundle when it is at least as new as every package's last `tsc -b`. */
function bundleIsCurrent(): boolean {
  const bundleTime = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;
  if (bundleTime === undefined) return false;
  const packages = path.join(repo, 'packages');
  return readdirSync(packages).every((name) => (statSync(path.join(packages, name, 'dist/.tsbuildinfo'), { throwIfNoEntry: false })?.mtimeMs ?? 0) <= bundleTime);
}

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: repo, isTTY: false, env: {} });
  return { code, out, err };
}

describe('tb-refs on the sample project (tinybird/)', () => {
  test('check: every datafile parses without problems', async () => {
    const { code, out } = await run(['check', 'tinybird', '--format', 'json']);
    const results = JSON.parse(out) as { filePath: string; messages: unknown[] }[];
    expect(code).toBe(0);
    expect(results.length).toBeGreaterThan(20);
    expect(results.filter((r) => r.messages.length > 0)).toEqual([]);
  });

  test('graph --format json matches the reviewed snapshot', async () => {
    const { code, out } = await run(['graph', 'tinybird', '--format', 'json']);
    expect(code).toBe(0);
    await expect(out).toMatchFileSnapshot('__snapshots__/tinybird-graph.json');
  });

  test('graph --format mermaid matches the reviewed snapshot', async () => {
    const { out } = await run(['graph', 'tinybird', '--format', 'mermaid']);
    await expect(out).toMatchFileSnapshot('__snapshots__/tinybird-graph.mmd');
  });

  test('impact activities: the raw endpoint goes down, dedup consumers do not', async () => {
    const { code, out } = await run(['impact', 'activities', 'tinybird', '--format', 'json']);
    expect(code).toBe(0);
    const impact = JSON.parse(out) as { approach: string; liveEndpoints: { pipe: string }[]; copyFeeds: { pipe: string; target: string }[]; shieldedEndpoints: string[] };
    expect(impact.approach).toBe('repoint');
    expect(impact.liveEndpoints.map((r) => r.pipe)).toEqual(['pipe:activities_raw_recent']);
    expect(impact.copyFeeds).toEqual([{ pipe: 'pipe:activities_deduplicated_copy_pipe', target: 'datasource:activities_deduplicated_ds' }]);
    expect(impact.shieldedEndpoints).toContain('pipe:contributors_leaderboard');
  });

  test('impact members: a Postgres-replicated datasource gets the Sequin playbook', async () => {
    const { out } = await run(['impact', 'members', 'tinybird']);
    expect(out).toContain('Replicated from Postgres');
    expect(out).toContain('Pause the Sequin sink');
  });

  test.skipIf(!existsSync(bin))('the built bin runs the README command (skipped when dist/ is missing: run pnpm build)', () => {
    const r = spawnSync(process.execPath, [bin, 'check', 'tinybird'], { cwd: repo, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/files checked, no problems/);
  });
});

// `pnpm build` (and so `pnpm test`) bundles the CLI into one CommonJS file with a V8 code cache
// for a faster start; bin/tb-refs.mjs runs it. It must behave exactly like the unbundled build.
describe.skipIf(!existsSync(bin) || !existsSync(bundleCache) || !bundleIsCurrent())('the bundled CLI (skipped when packages/cli/bundle is missing or older than dist/: run pnpm build)', () => {
  function spawn(args: string[], env: Record<string, string> = {}) {
    // The launcher's own variables come from the test alone.
    const base = { ...process.env, NO_COLOR: '1', TB_REFS_CODE_CACHE: undefined, TB_REFS_WRITE_CODE_CACHE: undefined };
    return spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', env: { ...base, ...env } });
  }

  test.for([
    'lint tinybird --format json',
    'lint tinybird',
    'check tinybird --format json',
    'graph tinybird --format mermaid',
    'impact activities tinybird --format markdown',
    // A dry run (nothing is written) that loads ts-morph, which stays outside the bundle.
    'rename activities activities_v2 tinybird --format json',
    '--version',
    'lint --help',
    'lint nope',
    'graph tinybird --select nope',
    'lint tinybird --no-such-option',
  ])('tb-refs %s prints what the unbundled CLI prints', (command, context) => {
    const args = command.split(' ');
    const unbundled = spawn([bin, ...args]);
    const bundled = spawn([launcher, ...args]);
    // A `tsc -b` during the test makes the launcher run dist/, and the comparison moot.
    if (!bundleIsCurrent()) context.skip();
    expect(bundled.stdout).toBe(unbundled.stdout);
    expect(bundled.stderr).toBe(unbundled.stderr);
    expect(bundled.status).toBe(unbundled.status);
  });

  // The launcher must never trust a cache V8 would misuse: a damaged payload behind an intact V8
  // header crashes the process instead of being rejected. Whatever the cache, the output is the
  // unbundled CLI's and the cache is replaced by a good one, which the next run keeps.
  test('a missing, foreign, damaged or rejected code cache changes nothing and is replaced', (context) => {
    const args = ['lint', 'tinybird', '--format', 'json'];
    const expected = spawn([bin, ...args]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-code-cache-'));
    const cache = path.join(dir, 'tb-refs.cjs.cache');
    const damage = (bytes: Buffer) => {
      // Past our header line and V8's own header (a few dozen bytes), where V8 checks nothing.
      for (let i = bytes.indexOf(10) + 1 + 4096; i < bytes.length; i += 1021) bytes[i] ^= 0x5a;
      return bytes;
    };
    const setups: Record<string, () => void> = {
      missing: () => rmSync(cache, { force: true }),
      garbage: () => writeFileSync(cache, 'not a code cache\n'),
      'for another bundle': () => writeFileSync(cache, readFileSync(bundleCache).toString('latin1').replace(/^(tb-refs code cache 1 )[0-9a-f]{64}/, `$1${'0'.repeat(64)}`), 'latin1'),
      damaged: () => writeFileSync(cache, damage(readFileSync(bundleCache))),
      // V8 rejects a cache made under other V8 flags (or another Node version) by itself.
      'made with other V8 flags': () => {
        rmSync(cache, { force: true });
        expect(spawn(['--stack-size=2000', launcher, ...args], { TB_REFS_CODE_CACHE: cache }).stdout).toBe(expected.stdout);
        if (!bundleIsCurrent()) context.skip();
        expect(existsSync(cache)).toBe(true);
      },
    };
    try {
      for (const [name, setup] of Object.entries(setups)) {
        setup();
        const before = existsSync(cache) ? readFileSync(cache) : Buffer.alloc(0);
        const run = spawn([launcher, ...args], { TB_REFS_CODE_CACHE: cache });
        if (!bundleIsCurrent()) context.skip();
        expect({ name, stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ name, stdout: expected.stdout, stderr: expected.stderr, status: expected.status });
        const written = readFileSync(cache);
        expect(written.equals(before), name).toBe(false);
        expect(written.subarray(0, 20).toString('latin1'), name).toBe('tb-refs code cache 1');
        // Accepted now: the launcher replaces (renames over) a cache only when it could not use it.
        const inode = statSync(cache).ino;
        expect(spawn([launcher, ...args], { TB_REFS_CODE_CACHE: cache }).stdout, name).toBe(expected.stdout);
        expect(statSync(cache).ino, name).toBe(inode);
      }
      expect(readdirSync(dir), 'no temporary files are left behind').toEqual(['tb-refs.cjs.cache']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
