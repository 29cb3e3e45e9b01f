import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanupProjects, createProject } from './helpers.js';

const BIN = fileURLToPath(new URL('../../../bin/tb-refs.mjs', import.meta.url));
const PIPE = 'NODE n\nSQL >\n    SELECT 1\n';

// Root reads every file whatever its mode, so as root the CLI runs as `nobody` (runuser), the way
// a developer or a CI runner without privileges meets these files.
const isRoot = process.getuid?.() === 0;
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));
/** As root: whether `nobody` can run the CLI at all (a checkout under a private home cannot). */
const nobodyCanRun = !isRoot || (RUNUSER !== undefined
  && spawnSync(RUNUSER, ['-u', 'nobody', '--', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)})`]).status === 0);

function runAsUser(args: readonly string[]): { status: number | null; stderr: string } {
  const command = isRoot ? RUNUSER! : process.execPath;
  const argv = isRoot ? ['-u', 'nobody', '--', process.execPath, BIN, ...args] : [BIN, ...args];
  const r = spawnSync(command, argv, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stderr: r.stderr };
}

afterEach(cleanupProjects);

describe.skipIf(!nobodyCanRun)('files the CLI cannot read (skipped as root when `nobody` cannot run this checkout: root reads every file)', () => {
  test.each(['lint', 'check'])('%s: an unreadable folder is a usage error that names it, not a crash', (command) => {
    const root = createProject({ 'a.pipe': PIPE, 'secret/b.pipe': PIPE });
    chmodSync(root, 0o755);
    chmodSync(path.join(root, 'secret'), 0o000);
    const r = runAsUser([command, root]);
    expect(r.stderr).toBe(
      `tb-refs: Cannot read ${path.join(root, 'secret')} (EACCES) while looking for datafiles. Make it readable, or leave it out with an ignore pattern.\n`
      + `  cause: EACCES: permission denied, scandir '${path.join(root, 'secret')}'\n`,
    );
    expect(r.status).toBe(2);
  });

  test('an unreadable .gitignore is a usage error that names it', () => {
    const root = createProject({ 'a.pipe': PIPE, '.gitignore': 'x\n' });
    chmodSync(root, 0o755);
    chmodSync(path.join(root, '.gitignore'), 0o000);
    const r = runAsUser(['lint', root]);
    expect(r.stderr.split('\n')[0]).toBe(
      `tb-refs: Failed to read ignore file at ${path.join(root, '.gitignore')}: EACCES: permission denied, open '${path.join(root, '.gitignore')}'. Make it readable, or remove it.`,
    );
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(2);
  });
});
