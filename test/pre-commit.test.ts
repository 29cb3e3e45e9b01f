import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO, git, snapshotRepo } from './repo-snapshot.js';
import { parseYaml } from './yaml-lite.js';

/**
 * The hook in .pre-commit-hooks.yaml, run by the real pre-commit framework (Debian's `pre-commit`,
 * which .ci/run installs): a temp git repository with a copy of tinybird/ uses this repository's
 * hook (a clean snapshot of the working tree, committed, as `repo:` with its sha as `rev:`).
 * pre-commit clones it and installs it the way `language: node` does (npm install, npm pack,
 * npm install -g), then runs `tb-refs lint <staged datafiles>` on each commit.
 */

const hooks = parseYaml(readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, string>[];
const version = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const SKIP_REASON = version.error === undefined && version.status === 0 ? undefined : 'pre-commit is not installed (apt-get install pre-commit; .ci/run installs it)';
if (SKIP_REASON !== undefined) console.warn(`skipped test/pre-commit.test.ts: ${SKIP_REASON}`);

const temps: string[] = [];
afterAll(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A ReplacingMergeTree without ENGINE_VER: replacing-merge-tree-version, an error. */
const MEMBERS_REPLICA = `SCHEMA >
    \`id\` String \`json:$.id\`,
    \`updatedAt\` DateTime64(3) \`json:$.updatedAt\`

ENGINE ReplacingMergeTree
ENGINE_SORTING_KEY id
`;

describe('.pre-commit-hooks.yaml', () => {
  test('declares the tb-refs-lint hook for datafiles', () => {
    expect(hooks).toEqual([{
      id: 'tb-refs-lint',
      name: 'tb-refs lint',
      description: expect.any(String),
      entry: 'tb-refs lint',
      language: 'node',
      files: '\\.(datasource|pipe|incl)$',
      pass_filenames: 'true',
      require_serial: 'true',
    }]);
    const files = new RegExp(hooks[0]!.files!);
    expect(['a/b.datasource', 'p.pipe', 'x/y.incl'].every((f) => files.test(f))).toBe(true);
    expect(['README.md', 'a.datasource.bak', 'package.json'].some((f) => files.test(f))).toBe(false);
  });

  test.skipIf(SKIP_REASON !== undefined)('with the real pre-commit framework: a commit with a finding is blocked, a clean one goes through', { timeout: 900_000 }, () => {
    const snapshot = snapshotRepo();
    temps.push(snapshot.dir);
    const home = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-pre-commit-home-'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-pre-commit-repo-'));
    temps.push(home, dir);
    const env = { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1', GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' };
    const sh = (command: string, args: string[]) => spawnSync(command, args, { cwd: dir, env, encoding: 'utf8', timeout: 850_000 });

    // The user's repository: the sample (whose segments.datasource has a known error, never staged
    // again below) and the pre-commit config, committed before the hook is installed.
    cpSync(path.join(REPO, 'tinybird'), path.join(dir, 'tinybird'), { recursive: true });
    writeFileSync(path.join(dir, '.pre-commit-config.yaml'), [
      'repos:',
      `  - repo: ${snapshot.dir}`,
      `    rev: ${snapshot.sha}`,
      '    hooks:',
      '      - id: tb-refs-lint',
      // The system node, not one nodeenv downloads (no network here but the npm registry).
      '        language_version: system',
      '',
    ].join('\n'));
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'the project');
    const installed = sh('pre-commit', ['install', '--install-hooks']);
    expect({ status: installed.status, stderr: installed.stderr }).toEqual({ status: 0, stderr: '' });
    expect(installed.stdout).toContain('pre-commit installed at .git/hooks/pre-commit');
    const base = git(dir, 'rev-parse', 'HEAD');

    // Blocked: a new datasource with a real finding.
    writeFileSync(path.join(dir, 'tinybird/datasources/members_replica.datasource'), MEMBERS_REPLICA);
    git(dir, 'add', 'tinybird/datasources/members_replica.datasource');
    const blocked = sh('git', ['commit', '-m', 'add members_replica']);
    expect(blocked.status).toBe(1);
    const blockedOutput = blocked.stdout + blocked.stderr;
    expect(blockedOutput).toMatch(/tb-refs lint\.+Failed/);
    expect(blockedOutput).toContain('- hook id: tb-refs-lint');
    expect(blockedOutput).toMatch(/tinybird\/datasources\/members_replica\.datasource:5:1 {2}error {2}ReplacingMergeTree "members_replica" has no ENGINE_VER.* {2}replacing-merge-tree-version/);
    // Only the staged file is reported: segments.datasource's known error is not.
    expect(blockedOutput).not.toContain('segments.datasource');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(base);

    // Allowed: the finding fixed. The datasource is unread, a warning, which does not block.
    writeFileSync(path.join(dir, 'tinybird/datasources/members_replica.datasource'), MEMBERS_REPLICA.replace('ENGINE_SORTING_KEY id', 'ENGINE_SORTING_KEY id\nENGINE_VER updatedAt'));
    git(dir, 'add', 'tinybird/datasources/members_replica.datasource');
    const allowed = sh('git', ['commit', '-m', 'add members_replica with ENGINE_VER']);
    expect(allowed.stdout + allowed.stderr).toMatch(/tb-refs lint\.+Passed/);
    expect(allowed.status).toBe(0);
    expect(git(dir, 'rev-parse', 'HEAD~1')).toBe(base);
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD')).toBe('tinybird/datasources/members_replica.datasource');

    // A reference to a datasource defined in a file that is not staged resolves: the whole
    // project is read. A pipe reading a missing one is blocked.
    writeFileSync(path.join(dir, 'tinybird/endpoints/replica_count.pipe'), 'NODE n\nSQL >\n    SELECT count() AS c FROM members_replica\n\nTYPE endpoint\n');
    git(dir, 'add', '-A');
    expect(sh('git', ['commit', '-m', 'count replicas']).status).toBe(0);
    writeFileSync(path.join(dir, 'tinybird/endpoints/replica_count.pipe'), 'NODE n\nSQL >\n    SELECT count() AS c FROM members_replicas\n\nTYPE endpoint\n');
    git(dir, 'add', '-A');
    const typo = sh('git', ['commit', '-m', 'typo']);
    expect(typo.status).toBe(1);
    expect(typo.stdout + typo.stderr).toMatch(/replica_count\.pipe:3:\d+ {2}error {2}FROM refers to "members_replicas"/);

    // A commit without datafiles skips the hook.
    git(dir, 'reset', '-q', '--hard', 'HEAD');
    writeFileSync(path.join(dir, 'NOTES.md'), 'notes\n');
    git(dir, 'add', 'NOTES.md');
    const skipped = sh('git', ['commit', '-m', 'notes']);
    expect(skipped.status).toBe(0);
    expect(skipped.stdout + skipped.stderr).toMatch(/tb-refs lint\.+\(no files to check\)Skipped/);
  });
});
