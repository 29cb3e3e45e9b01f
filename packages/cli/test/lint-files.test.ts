import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { projectRootOf } from '../src/project-root.js';
import { cleanupProjects, createProject, LINT_EVENTS, LINT_TOP_USERS, LINT_USERS, runCli } from './helpers.js';

afterEach(cleanupProjects);
vi.setConfig({ testTimeout: 30_000 });

const run = runCli;

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; line: number }[];
}

async function lintJson(argv: string[], cwd: string): Promise<{ code: number; files: Record<string, string[]>; stderr: string }> {
  const { code, stdout, stderr } = await run(['lint', '--format', 'json', ...argv], cwd);
  const files = Object.fromEntries((JSON.parse(stdout || '[]') as JsonFile[]).map((f) => [f.filePath, f.messages.map((m) => `${m.ruleId}:${m.line}`)]));
  return { code, files, stderr };
}




const PROJECT = {
  'datasources/events.datasource': LINT_EVENTS,
  'datasources/users.datasource': LINT_USERS,
  'datasources/accounts.datasource': LINT_USERS,
  'pipes/top_users.pipe': LINT_TOP_USERS,
};

describe('tb-refs lint FILE…: the whole project is read, the given files are reported', () => {
  test('a pipe whose table another file defines is clean; only the given file is listed', async () => {
    const root = createProject(PROJECT);
    expect(await lintJson(['pipes/top_users.pipe'], root)).toEqual({ code: 0, files: { 'pipes/top_users.pipe': [] }, stderr: '' });
    const stylish = await run(['lint', 'pipes/top_users.pipe'], root);
    expect(stylish).toEqual({ code: 0, stdout: '✔ 1 file linted, no problems\n', stderr: '' });
  });

  test('findings of the given files only, and the exit code from them', async () => {
    const root = createProject(PROJECT);
    const result = await lintJson(['datasources/users.datasource', 'pipes/top_users.pipe'], root);
    expect(result).toEqual({
      code: 1,
      files: { 'datasources/users.datasource': ['no-unused-datasource:1', 'replacing-merge-tree-version:5'], 'pipes/top_users.pipe': [] },
      stderr: '',
    });
    // accounts.datasource has the same problems but was not given.
    expect((await lintJson(['datasources/events.datasource'], root)).code).toBe(0);
  });

  test('the project is found upward from each file (cwd above it, paths shown from the cwd); a directory named too wins', async () => {
    const repo = createProject(Object.fromEntries(Object.entries(PROJECT).map(([p, t]) => [`tinybird/${p}`, t])));
    expect(await lintJson(['tinybird/pipes/top_users.pipe'], repo)).toEqual({ code: 0, files: { 'tinybird/pipes/top_users.pipe': [] }, stderr: '' });
    const both = await lintJson(['tinybird', 'tinybird/pipes/top_users.pipe'], repo);
    expect(Object.keys(both.files)).toEqual([
      'tinybird/datasources/accounts.datasource', 'tinybird/datasources/events.datasource', 'tinybird/datasources/users.datasource', 'tinybird/pipes/top_users.pipe',
    ]);
    // From inside the project too.
    const inside = await lintJson(['top_users.pipe'], path.join(repo, 'tinybird/pipes'));
    expect(inside.files).toEqual({ 'top_users.pipe': [] });
  });

  test('files of two projects are linted each against its own project and config', async () => {
    const repo = createProject({
      'a/datasources/events.datasource': LINT_EVENTS,
      'a/pipes/top_users.pipe': LINT_TOP_USERS,
      'b/datasources/users.datasource': LINT_USERS,
      'b/tb-refs.config.json': JSON.stringify({ rules: { 'replacing-merge-tree-version': 'off' } }),
    });
    expect(await lintJson(['a/pipes/top_users.pipe', 'b/datasources/users.datasource'], repo)).toEqual({
      code: 0,
      files: { 'a/pipes/top_users.pipe': [], 'b/datasources/users.datasource': ['no-unused-datasource:1'] },
      stderr: '',
    });
  });

  test('a file that is not a datafile is a usage error', async () => {
    const root = createProject({ ...PROJECT, 'README.md': '# x\n' });
    expect(await run(['lint', 'README.md'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'tb-refs: "README.md" is not a Tinybird datafile (expected .datasource, .pipe, .incl) or a project directory\n',
    });
  });

  test('--fix with a file fixes that file only', async () => {
    // no-sql-comment-on-directive-line is fixable.
    const bad = 'NODE n\nSQL >\n    SELECT user_id FROM events\n\nTYPE endpoint -- published\n';
    const root = createProject({ ...PROJECT, 'pipes/a.pipe': bad, 'pipes/b.pipe': bad });
    const { stderr } = await run(['lint', '--fix', 'pipes/a.pipe'], root);
    expect(stderr).toBe('tb-refs: fixed 1 file: pipes/a.pipe\n');
    expect(readFileSync(path.join(root, 'pipes/a.pipe'), 'utf8')).not.toBe(bad);
    expect(readFileSync(path.join(root, 'pipes/b.pipe'), 'utf8')).toBe(bad);
  });
});

describe('tb-refs lint --config FILE', () => {
  test('uses that config instead of the one found upward; its globs are relative to its folder', async () => {
    const root = createProject({ ...PROJECT, 'tb-refs.config.json': JSON.stringify({ rules: { 'no-unused-datasource': 'off' } }) });
    mkdirSync(path.join(root, 'ci'));
    writeFileSync(path.join(root, 'ci/strict.json'), JSON.stringify({ rules: { 'replacing-merge-tree-version': 'off' }, ignores: ['../datasources/accounts.datasource'] }));
    expect((await lintJson(['.'], root)).files['datasources/users.datasource']).toEqual(['replacing-merge-tree-version:5']);
    const custom = await lintJson(['.', '--config', 'ci/strict.json'], root);
    expect(custom.files['datasources/users.datasource']).toEqual(['no-unused-datasource:1']);
    expect(Object.keys(custom.files)).not.toContain('datasources/accounts.datasource');
  });

  test('a package.json with a "tb-refs" key; a bad config exits 2', async () => {
    const root = createProject({ ...PROJECT, 'other/package.json': JSON.stringify({ name: 'x', 'tb-refs': { rules: { 'no-unused-datasource': 'off' } } }) });
    expect((await lintJson(['.', '-c', 'other/package.json'], root)).files['datasources/users.datasource']).toEqual(['replacing-merge-tree-version:5']);
    writeFileSync(path.join(root, 'bad.json'), JSON.stringify({ rules: { 'no-such-rule': 'error' } }));
    const bad = await run(['lint', '--config', 'bad.json'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^tb-refs: Invalid config in .*bad\.json:\n  - rules: unknown rule "no-such-rule"/);
  });
});

describe('projectRootOf', () => {
  test('the nearest folder with a layout folder or a tb-refs.config.json; vendor/<ws> belongs to the project above', async () => {
    const repo = createProject({
      'tinybird/datasources/a.datasource': LINT_EVENTS,
      'tinybird/vendor/shared/datasources/b.datasource': LINT_EVENTS,
      'flat/tb-refs.config.json': '{}',
      'flat/sub/c.datasource': LINT_EVENTS,
      'loose/d.pipe': LINT_TOP_USERS,
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
    expect(await projectRootOf(path.join(repo, 'tinybird/datasources/a.datasource'))).toBe(path.join(repo, 'tinybird'));
    expect(await projectRootOf(path.join(repo, 'tinybird/vendor/shared/datasources/b.datasource'))).toBe(path.join(repo, 'tinybird'));
    expect(await projectRootOf(path.join(repo, 'flat/sub/c.datasource'))).toBe(path.join(repo, 'flat'));
    // Nothing up to the repository's top: the file's own folder.
    expect(await projectRootOf(path.join(repo, 'loose/d.pipe'))).toBe(path.join(repo, 'loose'));
  });
});
