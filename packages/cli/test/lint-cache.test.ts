import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { lintCacheKey } from '../src/cache.js';
import { cleanupProjects, createProject, LINT_EVENTS, LINT_TOP_USERS, LINT_USERS, runCli } from './helpers.js';

afterEach(cleanupProjects);
vi.setConfig({ testTimeout: 30_000 });

const DEBUG = { env: { TB_REFS_DEBUG: '1' } };

const run = runCli;




const PROJECT = {
  'node_modules/.keep': '',
  'tinybird/datasources/events.datasource': LINT_EVENTS,
  'tinybird/datasources/users.datasource': LINT_USERS,
  'tinybird/pipes/top_users.pipe': LINT_TOP_USERS,
};

/** The one cache file under `dir`, or undefined. */
function cacheFile(dir: string): string | undefined {
  const folder = path.join(dir, 'node_modules/.cache/tb-refs');
  if (!existsSync(folder)) return undefined;
  const files = readdirSync(folder);
  expect(files).toHaveLength(1);
  return path.join(folder, files[0]!);
}

/** "hit" or "miss", from the TB_REFS_DEBUG line. */
function outcome(stderr: string): string | undefined {
  return /tb-refs: debug: cache (hit|miss) for /.exec(stderr)?.[1];
}

describe('tb-refs lint --cache', () => {
  test('the second run reads the cache (same report, cache file untouched); without TB_REFS_DEBUG nothing is said', async () => {
    const repo = createProject(PROJECT);
    const first = await run(['lint', 'tinybird', '--cache', '--format', 'json'], repo, DEBUG);
    expect(outcome(first.stderr)).toBe('miss');
    const file = cacheFile(repo);
    expect(file).toBeDefined();
    expect(first.stderr).toBe(`tb-refs: debug: cache miss for tinybird (${file})\n`);
    // An old mtime: a hit must not rewrite the file.
    utimesSync(file!, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const second = await run(['lint', 'tinybird', '--cache', '--format', 'json'], repo, DEBUG);
    expect(second.stderr).toBe(`tb-refs: debug: cache hit for tinybird (${file})\n`);
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(first.code);
    expect(statSync(file!).mtime.getFullYear()).toBe(2000);
    // The same report as without the cache.
    expect((await run(['lint', 'tinybird', '--format', 'json'], repo)).stdout).toBe(first.stdout);
    expect((await run(['lint', 'tinybird', '--cache', '--format', 'json'], repo)).stderr).toBe('');
  });

  test('a cached project serves any subset of its files (the pre-commit case)', async () => {
    const repo = createProject(PROJECT);
    await run(['lint', 'tinybird', '--cache'], repo, DEBUG);
    const one = await run(['lint', '--cache', 'tinybird/datasources/users.datasource', '--format', 'json'], repo, DEBUG);
    expect(outcome(one.stderr)).toBe('hit');
    expect((JSON.parse(one.stdout) as { filePath: string }[]).map((f) => f.filePath)).toEqual(['tinybird/datasources/users.datasource']);
    expect(one.code).toBe(1);
  });

  test('changing, adding or removing any datafile of the project invalidates it, even one not reported', async () => {
    const repo = createProject(PROJECT);
    const users = ['lint', '--cache', 'tinybird/datasources/users.datasource'];
    await run(users, repo, DEBUG);
    expect(outcome((await run(users, repo, DEBUG)).stderr)).toBe('hit');
    writeFileSync(path.join(repo, 'tinybird/pipes/top_users.pipe'), LINT_TOP_USERS.replace('count()', 'count(*)'));
    expect(outcome((await run(users, repo, DEBUG)).stderr)).toBe('miss');
    expect(outcome((await run(users, repo, DEBUG)).stderr)).toBe('hit');
    writeFileSync(path.join(repo, 'tinybird/pipes/new.pipe'), LINT_TOP_USERS);
    expect(outcome((await run(users, repo, DEBUG)).stderr)).toBe('miss');
  });

  test('a changed finding comes from a fresh lint, not the cache', async () => {
    const repo = createProject(PROJECT);
    expect((await run(['lint', 'tinybird', '--cache'], repo)).code).toBe(1);
    writeFileSync(path.join(repo, 'tinybird/datasources/users.datasource'), LINT_USERS.replace('ENGINE_SORTING_KEY "id"', 'ENGINE_SORTING_KEY "id"\nENGINE_VER "updatedAt"'));
    const fixed = await run(['lint', 'tinybird', '--cache', '--quiet'], repo, DEBUG);
    expect(outcome(fixed.stderr)).toBe('miss');
    expect(fixed.code).toBe(0);
  });

  test('the config, --rule and --report-unused-disable-directives are part of the key', async () => {
    const repo = createProject(PROJECT);
    const lint = (...extra: string[]) => run(['lint', 'tinybird', '--cache', ...extra], repo, DEBUG);
    await lint();
    expect(outcome((await lint()).stderr)).toBe('hit');
    writeFileSync(path.join(repo, 'tinybird/tb-refs.config.json'), JSON.stringify({ rules: { 'replacing-merge-tree-version': 'off' } }));
    const configured = await lint();
    expect(outcome(configured.stderr)).toBe('miss');
    expect(configured.code).toBe(0);
    expect(outcome((await lint()).stderr)).toBe('hit');
    expect(outcome((await lint('--rule', 'no-cycle')).stderr)).toBe('miss');
    expect(outcome((await lint('--report-unused-disable-directives')).stderr)).toBe('miss');
  });

  test('the version is part of the key', () => {
    const input = { version: '0.1.0', config: {}, options: {}, files: [{ path: 'a.datasource', source: LINT_EVENTS }] };
    expect(lintCacheKey(input)).toBe(lintCacheKey({ ...input, files: [...input.files] }));
    expect(lintCacheKey({ ...input, version: '0.2.0' })).not.toBe(lintCacheKey(input));
    expect(lintCacheKey({ ...input, files: [{ path: 'b.datasource', source: LINT_EVENTS }] })).not.toBe(lintCacheKey(input));
  });

  test('a corrupt cache file is a miss and is replaced', async () => {
    const repo = createProject(PROJECT);
    await run(['lint', 'tinybird', '--cache'], repo);
    writeFileSync(cacheFile(repo)!, '{"format":1,"key":');
    expect(outcome((await run(['lint', 'tinybird', '--cache'], repo, DEBUG)).stderr)).toBe('miss');
    expect(outcome((await run(['lint', 'tinybird', '--cache'], repo, DEBUG)).stderr)).toBe('hit');
  });

  test('the cache goes to the nearest node_modules above the project, else under the cwd', async () => {
    const nested = createProject({ ...PROJECT, 'tinybird/node_modules/.keep': '' });
    await run(['lint', 'tinybird', '--cache'], nested);
    expect(cacheFile(path.join(nested, 'tinybird'))).toBeDefined();
    expect(cacheFile(nested)).toBeUndefined();

    const bare = createProject({ 'project/datasources/events.datasource': LINT_EVENTS });
    mkdirSync(path.join(bare, 'work'));
    await run(['lint', '../project', '--cache'], path.join(bare, 'work'));
    expect(cacheFile(path.join(bare, 'work'))).toBeDefined();
  });

  test('--fix ignores the cache', async () => {
    const repo = createProject(PROJECT);
    const fixed = await run(['lint', 'tinybird', '--cache', '--fix'], repo, DEBUG);
    expect(outcome(fixed.stderr)).toBeUndefined();
    expect(cacheFile(repo)).toBeUndefined();
  });
});
