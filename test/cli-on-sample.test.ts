import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from '@tb-refs/cli';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'packages/cli/dist/bin.js');
const bundle = path.join(repo, 'packages/cli/bundle/bin.js');

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

// `pnpm build` (and so `pnpm test`) bundles the CLI for a faster start; bin/tb-refs.mjs runs the
// bundle. It must behave exactly like the unbundled build.
describe.skipIf(!existsSync(bundle) || !existsSync(bin))('the bundled CLI (skipped when packages/cli/bundle is missing: run pnpm build)', () => {
  test.for([
    'lint tinybird --format json',
    'lint tinybird',
    'check tinybird --format json',
    'graph tinybird --format mermaid',
    'impact activities tinybird --format markdown',
    // A dry run: nothing is written.
    'rename activities activities_v2 tinybird --format json',
    '--version',
    'lint --help',
    'lint nope',
  ])('tb-refs %s prints what the unbundled CLI prints', (command) => {
    const args = command.split(' ');
    const unbundled = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const bundled = spawnSync(process.execPath, [bundle, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(bundled.stdout).toBe(unbundled.stdout);
    expect(bundled.stderr).toBe(unbundled.stderr);
    expect(bundled.status).toBe(unbundled.status);
  });

  test('bin/tb-refs.mjs runs the bundle after pnpm build', () => {
    const r = spawnSync(process.execPath, [path.join(repo, 'bin/tb-refs.mjs'), '--version'], { cwd: repo, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
