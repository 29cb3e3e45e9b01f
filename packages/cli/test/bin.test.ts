import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { CLEAN_PIPE, TYPO_DATASOURCE, cleanupProjects, createProject } from './helpers.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const SKIP_REASON = 'packages/cli/dist/bin.js is missing; run `pnpm build` to test the built binary';

afterEach(cleanupProjects);

function runBin(args: string[], cwd: string) {
  const { NO_COLOR: _, FORCE_COLOR: __, ...env } = process.env;
  return spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
}

// Spawning node and loading the parser takes about a second per run.
test('the built bin exits 0 on a clean project and 1 on a broken one', { timeout: 30_000 }, ({ skip }) => {
  if (!existsSync(BIN)) console.warn(`skipped: ${SKIP_REASON}`);
  skip(!existsSync(BIN), SKIP_REASON);
  const clean = createProject({ 'top_users.pipe': CLEAN_PIPE });
  const ok = runBin(['check', clean], clean);
  expect({ status: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toEqual({
    status: 0,
    stdout: '✔ 1 file checked, no problems\n',
    stderr: '',
  });
  const broken = createProject({ 'events.datasource': TYPO_DATASOURCE });
  const bad = runBin(['check', '.'], broken);
  expect(bad.status).toBe(1);
  expect(bad.stdout).toContain('events.datasource:1:1');
  expect(runBin(['check', 'nope'], broken).status).toBe(2);
});
