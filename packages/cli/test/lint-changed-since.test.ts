import { renameSync } from 'node:fs';
import path from 'node:path';
import { buildGraph } from '@tb-refs/graph';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { dependencyIndex, filesAffectedBy } from '../src/changed-since.js';
import { main } from '../src/main.js';
import { commitFiles, git, initRepo, writeFiles } from './git-helpers.js';
import { cleanupProjects, createFakeIo, createProject } from './helpers.js';

afterEach(cleanupProjects);
vi.setConfig({ testTimeout: 30_000 });

const ds = (extra = '', engine = 'ENGINE "MergeTree"') => `SCHEMA >
    \`id\` String \`json:$.id\`,
    \`ts\` DateTime \`json:$.ts\`${extra}

${engine}
ENGINE_SORTING_KEY "id"
`;
const DEDUP_ENGINE = 'ENGINE "ReplacingMergeTree"\nENGINE_VER "ts"';
const endpoint = (table: string) => `NODE q\nSQL >\n    SELECT id FROM ${table}\n\nTYPE endpoint\n`;
const copy = (from: string, to: string) => `NODE c\nSQL >\n    SELECT id, ts FROM ${from}\n\nTYPE copy\nTARGET_DATASOURCE ${to}\nCOPY_SCHEDULE @on-demand\n`;

/**
 * events (raw) → dedup (copy) → events_dedup (ReplacingMergeTree) → top_events; events →
 * raw_events (an endpoint on a raw datasource that has a deduplicated copy: a warning); users →
 * user_list, unrelated to events; an endpoint including an .incl that reads users.
 */
const PROJECT: Record<string, string> = {
  'tinybird/datasources/events.datasource': ds(),
  'tinybird/datasources/events_dedup.datasource': ds('', DEDUP_ENGINE),
  'tinybird/pipes/dedup.pipe': copy('events', 'events_dedup'),
  'tinybird/endpoints/raw_events.pipe': endpoint('events'),
  'tinybird/endpoints/top_events.pipe': endpoint('events_dedup'),
  'tinybird/datasources/users.datasource': ds(),
  'tinybird/endpoints/user_list.pipe': endpoint('users'),
  'tinybird/includes/filters.incl': 'NODE only_ids\nSQL >\n    SELECT id FROM users\n',
  'tinybird/endpoints/with_include.pipe': 'INCLUDE "../includes/filters.incl"\n\nNODE q\nSQL >\n    SELECT id FROM only_ids\n\nTYPE endpoint\n',
};

function repo(): string {
  const dir = createProject({});
  initRepo(dir);
  commitFiles(dir, PROJECT, 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  return dir;
}

/** The files `tb-refs lint --changed-since` reports, with their rule ids. */
async function changed(dir: string, argv: string[] = ['tinybird'], ref = 'main', cwd = dir) {
  const io = createFakeIo(cwd);
  const code = await main(['lint', '--format', 'json', '--changed-since', ref, ...argv], io);
  const files = code === 2 ? [] : (JSON.parse(io.out()) as { filePath: string; messages: { ruleId: string }[] }[]);
  return { code, stderr: io.err(), files: Object.fromEntries(files.map((f) => [f.filePath, f.messages.map((m) => m.ruleId)])) };
}

describe('tb-refs lint --changed-since', () => {
  test('nothing changed: nothing to report', async () => {
    const dir = repo();
    expect(await changed(dir)).toEqual({ code: 0, stderr: '', files: {} });
  });

  test('a changed datasource: it, the pipes reading it, the copy pipe writing it and the readers of that pipe\'s source; not the unrelated files', async () => {
    const dir = repo();
    commitFiles(dir, { 'tinybird/datasources/events_dedup.datasource': ds(',\n    `org` String `json:$.org`', DEDUP_ENGINE) }, 'add a column');
    // The copy pipe no longer fills every column of its target: a finding in a file not changed.
    // raw_events is flagged because events_dedup (a ReplacingMergeTree) deduplicates events.
    expect(await changed(dir)).toEqual({
      code: 1,
      stderr: '',
      files: {
        'tinybird/datasources/events_dedup.datasource': [],
        'tinybird/endpoints/raw_events.pipe': ['endpoint-reads-raw-datasource'],
        'tinybird/endpoints/top_events.pipe': [],
        'tinybird/pipes/dedup.pipe': ['output-matches-target'],
      },
    });
  });

  test('a copy pipe retargeted: the readers of its sources and of its new and old targets (from the graph at the base)', async () => {
    const dir = repo();
    commitFiles(dir, { 'tinybird/pipes/dedup.pipe': copy('events', 'users') }, 'retarget');
    // events is no longer deduplicated, so raw_events' warning is gone: it is listed, clean.
    expect((await changed(dir)).files).toEqual({
      'tinybird/datasources/events.datasource': [],
      'tinybird/datasources/events_dedup.datasource': [],
      'tinybird/datasources/users.datasource': [],
      'tinybird/endpoints/raw_events.pipe': [],
      'tinybird/endpoints/top_events.pipe': [],
      'tinybird/endpoints/user_list.pipe': [],
      'tinybird/includes/filters.incl': [],
      'tinybird/pipes/dedup.pipe': [],
    });
  });

  test('uncommitted, staged and untracked datafiles count; the exit code comes from the selected files', async () => {
    const dir = repo();
    writeFiles(dir, { 'tinybird/endpoints/user_list.pipe': endpoint('users') + '\n' });
    expect(Object.keys((await changed(dir)).files)).toEqual(['tinybird/datasources/users.datasource', 'tinybird/endpoints/user_list.pipe']);
    writeFiles(dir, { 'tinybird/endpoints/new_raw.pipe': endpoint('events') });
    const untracked = await changed(dir);
    expect(Object.keys(untracked.files)).toContain('tinybird/endpoints/new_raw.pipe');
    expect(untracked.files['tinybird/endpoints/new_raw.pipe']).toEqual(['endpoint-reads-raw-datasource']);
    expect(untracked.code).toBe(0);
    git(dir, 'add', '-A');
    writeFiles(dir, { 'tinybird/endpoints/broken.pipe': endpoint('nope') });
    const broken = await changed(dir);
    expect(broken.files['tinybird/endpoints/broken.pipe']).toEqual(['no-unresolved-reference']);
    expect(broken.code).toBe(1);
  });

  test('a deleted datasource: the files that still reference it', async () => {
    const dir = repo();
    commitFiles(dir, { 'tinybird/datasources/users.datasource': null }, 'drop users');
    expect((await changed(dir)).files).toEqual({
      'tinybird/endpoints/user_list.pipe': ['no-unresolved-reference'],
      'tinybird/includes/filters.incl': ['no-unresolved-reference'],
    });
  });

  test('a renamed file: the new file, and the references to the old name', async () => {
    const dir = repo();
    renameSync(path.join(dir, 'tinybird/datasources/users.datasource'), path.join(dir, 'tinybird/datasources/members.datasource'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'rename');
    expect(Object.keys((await changed(dir)).files)).toEqual([
      'tinybird/datasources/members.datasource', 'tinybird/endpoints/user_list.pipe', 'tinybird/includes/filters.incl',
    ]);
  });

  test('an included file: the files including it and their neighbours', async () => {
    const dir = repo();
    commitFiles(dir, { 'tinybird/includes/filters.incl': 'NODE only_ids\nSQL >\n    SELECT id FROM events\n' }, 'filter events');
    // users: read by the include at the base, so its findings (no-unused-datasource) may change.
    expect(Object.keys((await changed(dir)).files)).toEqual([
      'tinybird/datasources/events.datasource', 'tinybird/datasources/users.datasource', 'tinybird/endpoints/with_include.pipe', 'tinybird/includes/filters.incl',
    ]);
  });

  test('changes since the merge base only: commits on main after the branch point are not the branch\'s', async () => {
    const dir = repo();
    commitFiles(dir, { 'tinybird/endpoints/user_list.pipe': endpoint('users') + '\n' }, 'on feature');
    git(dir, 'checkout', '-q', 'main');
    commitFiles(dir, { 'tinybird/endpoints/raw_events.pipe': endpoint('events') + '\n' }, 'on main');
    git(dir, 'checkout', '-q', 'feature');
    expect(Object.keys((await changed(dir)).files)).toEqual(['tinybird/datasources/users.datasource', 'tinybird/endpoints/user_list.pipe']);
  });

  test('from a subfolder of the repository, and with file arguments (intersected)', async () => {
    const dir = repo();
    commitFiles(dir, { 'tinybird/datasources/events_dedup.datasource': ds(',\n    `org` String `json:$.org`', DEDUP_ENGINE) }, 'add a column');
    expect(Object.keys((await changed(dir, ['.'], 'main', path.join(dir, 'tinybird'))).files)).toEqual([
      'datasources/events_dedup.datasource', 'endpoints/raw_events.pipe', 'endpoints/top_events.pipe', 'pipes/dedup.pipe',
    ]);
    expect(Object.keys((await changed(dir, ['tinybird/pipes/dedup.pipe', 'tinybird/endpoints/user_list.pipe'])).files)).toEqual(['tinybird/pipes/dedup.pipe']);
  });

  test('an unknown revision or no repository is a usage error (exit 2)', async () => {
    const dir = repo();
    const bad = await changed(dir, ['tinybird'], 'no-such-branch');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`tb-refs: --changed-since: "no-such-branch" is not a git revision of ${git(dir, 'rev-parse', '--show-toplevel')}\n`);
    const outside = createProject(PROJECT);
    const none = await changed(outside, ['tinybird']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^tb-refs: git rev-parse --show-toplevel failed: fatal: not a git repository/);
  });
});

describe('dependencyIndex', () => {
  test('per file: itself, its neighbours in the data flow, the readers of a copy pipe\'s sources and targets, includers; references by name', () => {
    const files = Object.entries(PROJECT).map(([p, source]) => ({ path: p.slice('tinybird/'.length), source }));
    const index = dependencyIndex(buildGraph(files, '/p'));
    expect(index.dependents).toEqual({
      'datasources/events.datasource': ['datasources/events.datasource', 'endpoints/raw_events.pipe', 'pipes/dedup.pipe'],
      'datasources/events_dedup.datasource': ['datasources/events_dedup.datasource', 'endpoints/raw_events.pipe', 'endpoints/top_events.pipe', 'pipes/dedup.pipe'],
      'datasources/users.datasource': ['datasources/users.datasource', 'endpoints/user_list.pipe', 'includes/filters.incl'],
      'endpoints/raw_events.pipe': ['datasources/events.datasource', 'endpoints/raw_events.pipe'],
      'endpoints/top_events.pipe': ['datasources/events_dedup.datasource', 'endpoints/top_events.pipe'],
      'endpoints/user_list.pipe': ['datasources/users.datasource', 'endpoints/user_list.pipe'],
      'endpoints/with_include.pipe': ['endpoints/with_include.pipe', 'includes/filters.incl'],
      'includes/filters.incl': ['datasources/users.datasource', 'endpoints/with_include.pipe', 'includes/filters.incl'],
      'pipes/dedup.pipe': ['datasources/events.datasource', 'datasources/events_dedup.datasource', 'endpoints/raw_events.pipe', 'endpoints/top_events.pipe', 'pipes/dedup.pipe'],
    });
    expect(index.referencedBy.users).toEqual(['endpoints/user_list.pipe', 'includes/filters.incl']);
    expect(filesAffectedBy(index, '/p', { base: 'HEAD', present: ['/elsewhere/x.pipe'], deleted: ['/p/datasources/constructor.datasource'] })).toEqual(new Set());
  });
});
