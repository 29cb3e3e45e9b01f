import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { compareFindings, type DiffFinding } from '../src/diff-report.js';
import { commitFiles, git, initRepo, writeFiles } from './git-helpers.js';
import { cleanupProjects, createProject, runCli } from './helpers.js';

afterEach(cleanupProjects);
vi.setConfig({ testTimeout: 30_000 });

const run = runCli;

const ds = (columns: string, engine = 'ENGINE "MergeTree"') => `SCHEMA >\n${columns}\n\n${engine}\nENGINE_SORTING_KEY "id"\n`;
const EVENTS = ds('    `id` String `json:$.id`,\n    `ts` DateTime `json:$.ts`');
const endpoint = (table: string, comment = '') => `NODE q\nSQL >\n    ${comment}SELECT id FROM ${table}\n\nTYPE endpoint\n`;

const PROJECT = {
  'tinybird/datasources/events.datasource': EVENTS,
  'tinybird/endpoints/recent.pipe': endpoint('events'),
};

function repo(): string {
  const dir = createProject({});
  initRepo(dir);
  commitFiles(dir, PROJECT, 'base');
  return dir;
}

describe('tb-refs diff', () => {
  test('no change: an empty report, exit 0', async () => {
    const dir = repo();
    const { code, stdout, stderr } = await run(['diff', '--base', 'HEAD', 'tinybird', '--format', 'json'], dir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({
      base: 'HEAD', datasources: [], pipesAdded: [], pipesRemoved: [], downtime: [], brokenReferences: [], lint: { introduced: [], fixed: [] },
    });
    expect((await run(['diff', '--base', 'HEAD', 'tinybird'], dir)).stdout).toBe(
      'tb-refs diff: HEAD → working tree\n\nNo datasource, pipe or lint change.\n\nNo broken reference, new lint error or downtime.\n',
    );
  });

  test('a breaking change of a datasource an endpoint reads live: downtime, exit 0 (no broken reference, no new error)', async () => {
    const dir = repo();
    writeFiles(dir, { 'tinybird/datasources/events.datasource': EVENTS.replace('`ts` DateTime', '`ts` DateTime64(3)') });
    const { code, stdout } = await run(['diff', '--base', 'HEAD', 'tinybird', '--format', 'json'], dir);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report.datasources).toEqual([
      { name: 'events', status: 'changed', details: ['column ts type DateTime → DateTime64(3)'], breaking: true, endpoints: ['recent'] },
    ]);
    expect(report.downtime).toEqual([
      { endpoint: 'recent', datasource: 'events', reason: 'reads events live and events must be recreated (column ts type DateTime → DateTime64(3))' },
    ]);
    const text = await run(['diff', '--base', 'HEAD', 'tinybird'], dir);
    expect(text.stdout).toContain('  ~ events  changed (breaking: recreated)\n      column ts type DateTime → DateTime64(3)\n      endpoints downstream: recent\n');
    expect(text.stdout).toContain('Endpoints with downtime\n  recent  reads events live');
    expect(text.stdout).toMatch(/but 1 endpoint will see downtime\.\n$/);
  });

  test('a removed datasource still read: broken reference and new lint error, exit 1; text, markdown with Mermaid, -o', async () => {
    const dir = repo();
    git(dir, 'rm', '-q', 'tinybird/datasources/events.datasource');
    const json = await run(['diff', '--base', 'HEAD', 'tinybird', '-f', 'json'], dir);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { brokenReferences: unknown; lint: unknown; downtime: unknown };
    expect(report.brokenReferences).toEqual([{ name: 'events', file: 'endpoints/recent.pipe', line: 3, column: 20, owner: 'recent', node: 'q' }]);
    expect(report.downtime).toEqual([]);
    expect(report.lint).toEqual({
      introduced: [{
        ruleId: 'no-unresolved-reference',
        severity: 'error',
        file: 'endpoints/recent.pipe',
        line: 3,
        column: 20,
        message: 'FROM refers to "events", which is not a datasource, pipe or node of this project; Tinybird cannot push "recent".',
      }],
      fixed: [],
    });

    const text = await run(['diff', '--base', 'HEAD', 'tinybird'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Broken references\n  endpoints/recent.pipe:3:20  events no longer exists\n');
    expect(text.stdout).toMatch(/This change breaks 1 reference and introduces 1 lint error\.\n$/);

    const md = await run(['diff', '--base', 'HEAD', 'tinybird', '--format', 'markdown', '-o', 'comment.md'], dir);
    expect(md).toEqual({ code: 1, stdout: '', stderr: '' });
    const comment = readFileSync(path.join(dir, 'comment.md'), 'utf8');
    expect(comment).toMatch(/^### tb-refs diff against `HEAD`\n\n❌ This change breaks 1 reference and introduces 1 lint error\.\n/);
    expect(comment).toContain('| `events` | removed |  | `recent` |');
    expect(comment).toContain('| `endpoints/recent.pipe:3:20` | `events` | `recent.q` |');
    expect(comment).toContain('| new | error | `endpoints/recent.pipe:3` | `no-unresolved-reference` |');
    expect(comment).toContain([
      '```mermaid',
      'flowchart LR',
      '  datasource_events[("events")]',
      '  pipe_recent(["recent"])',
      '  unresolved_events{{"events?"}}',
      '  unresolved_events --> pipe_recent',
      '  datasource_events --> pipe_recent',
      '  classDef unresolved stroke:#d00,color:#d00,stroke-dasharray:4',
      '  class unresolved_events unresolved',
      '  classDef removed stroke:#d00,stroke-width:2px,stroke-dasharray:4,color:#d00',
      '  class datasource_events removed',
      '```',
    ].join('\n'));
  });

  test('lint findings are matched by rule, file and message: a finding that moves is neither new nor fixed; a fixed one is listed', async () => {
    const dir = createProject({});
    initRepo(dir);
    commitFiles(dir, { ...PROJECT, 'tinybird/endpoints/broken.pipe': endpoint('nope') }, 'base');
    writeFiles(dir, { 'tinybird/endpoints/broken.pipe': `# moved down\n\n${endpoint('nope')}`, 'tinybird/endpoints/recent.pipe': endpoint('events', '') });
    const moved = JSON.parse((await run(['diff', '--base', 'HEAD', 'tinybird', '-f', 'json'], dir)).stdout) as { lint: unknown };
    expect(moved.lint).toEqual({ introduced: [], fixed: [] });
    writeFiles(dir, { 'tinybird/endpoints/broken.pipe': endpoint('events') });
    const fixed = await run(['diff', '--base', 'HEAD', 'tinybird', '-f', 'json'], dir);
    expect(fixed.code).toBe(0);
    expect((JSON.parse(fixed.stdout) as { lint: { fixed: { ruleId: string; file: string }[] } }).lint.fixed.map((f) => `${f.ruleId} ${f.file}`)).toEqual([
      'no-unresolved-reference endpoints/broken.pipe',
    ]);
  });

  test('both sides are linted with the working tree\'s config', async () => {
    const dir = repo();
    writeFiles(dir, {
      'tinybird/tb-refs.config.json': JSON.stringify({ rules: { 'no-unused-datasource': 'error' } }),
      'tinybird/datasources/unused.datasource': EVENTS,
    });
    const { code, stdout } = await run(['diff', '--base', 'HEAD', 'tinybird', '-f', 'json'], dir);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { lint: { introduced: { ruleId: string; severity: string }[] } }).lint.introduced.map((f) => `${f.ruleId} ${f.severity}`)).toEqual([
      'no-unused-datasource error',
    ]);
  });

  test('usage errors exit 2: unknown revision, no repository, no --base', async () => {
    const dir = repo();
    expect(await run(['diff', '--base', 'nope', 'tinybird'], dir)).toEqual({ code: 2, stdout: '', stderr: `tb-refs: unknown git revision "nope" (in ${git(dir, 'rev-parse', '--show-toplevel')})\n` });
    const outside = createProject(PROJECT);
    const none = await run(['diff', '--base', 'HEAD', 'tinybird'], outside);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^tb-refs: .*tinybird is not in a git repository\n/);
    const missing = await run(['diff', 'tinybird'], dir);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'tb-refs: Missing required argument: base\nRun "tb-refs diff --help" for usage.\n' });
  });
});

describe('compareFindings', () => {
  const f = (ruleId: string, file: string, message: string, line = 1): DiffFinding => ({ ruleId, severity: 'error', file, line, column: 1, message });

  test('multisets: one of two identical findings fixed, positions ignored', () => {
    expect(compareFindings([f('r', 'a', 'm', 1), f('r', 'a', 'm', 9)], [f('r', 'a', 'm', 5)])).toEqual({ introduced: [], fixed: [f('r', 'a', 'm', 9)] });
    expect(compareFindings([f('r', 'a', 'm')], [f('r', 'a', 'm2'), f('r', 'b', 'm')])).toEqual({ introduced: [f('r', 'a', 'm2'), f('r', 'b', 'm')], fixed: [f('r', 'a', 'm')] });
  });
});
