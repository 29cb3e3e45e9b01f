import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '@tb-refs/core';
import { afterEach, describe, expect, test } from 'vitest';
import { buildGraph, diffGraphs, loadProjectAtRef, type ProjectGraph } from '../src/index.js';

type Files = Record<string, string>;

function graphOf(files: Files): ProjectGraph {
  return buildGraph(Object.entries(files).map(([p, source]) => ({ path: p, source })));
}

function ds(columns: readonly string[], engine = 'MergeTree', extra = ''): string {
  return `SCHEMA >\n${columns.map((c) => `    ${c}`).join(',\n')}\n\nENGINE "${engine}"\nENGINE_SORTING_KEY "id"\n${extra}`;
}

const EVENTS = ds(['`id` String', '`ts` DateTime']);
const endpoint = (table: string) => `NODE q\nSQL >\n    SELECT id FROM ${table}\n\nTYPE endpoint\n`;
const copy = (from: string, to: string) => `NODE c\nSQL >\n    SELECT id, ts FROM ${from}\n\nTYPE copy\nTARGET_DATASOURCE ${to}\n`;

/** A landing datasource, a copy into a deduplicated one, an endpoint on each. */
const BASE: Files = {
  'datasources/events.datasource': EVENTS,
  'datasources/events_dedup.datasource': ds(['`id` String', '`ts` DateTime'], 'ReplacingMergeTree', 'ENGINE_VER "ts"\n'),
  'pipes/dedup.pipe': copy('events', 'events_dedup'),
  'endpoints/raw_events.pipe': endpoint('events'),
  'endpoints/top_events.pipe': endpoint('events_dedup'),
};

function without(files: Files, ...paths: string[]): Files {
  return Object.fromEntries(Object.entries(files).filter(([p]) => !paths.includes(p)));
}

describe('diffGraphs', () => {
  test('no change: an empty diff', () => {
    const d = diffGraphs(graphOf(BASE), graphOf(BASE));
    expect({ ...d, affected: [...d.affected] }).toEqual({
      datasources: [], pipesAdded: [], pipesRemoved: [], downtime: [], brokenReferences: [], newUnresolved: [], affected: [],
    });
  });

  test('an added datasource and the copy pipe filling it: no downtime, nothing broken', () => {
    const after = { ...BASE, 'datasources/events_new.datasource': ds(['`id` String', '`ts` DateTime', '`org` String']), 'pipes/fill.pipe': copy('events', 'events_new') };
    const d = diffGraphs(graphOf(BASE), graphOf(after));
    expect(d.datasources).toEqual([{ name: 'events_new', status: 'added', details: [], breaking: false, endpoints: [] }]);
    expect(d.pipesAdded).toEqual(['fill']);
    expect(d.downtime).toEqual([]);
    expect(d.brokenReferences).toEqual([]);
  });

  test('a column added is a non-breaking change; a type change or a new sorting key is breaking and the live endpoint goes down', () => {
    const added = diffGraphs(graphOf(BASE), graphOf({ ...BASE, 'datasources/events.datasource': ds(['`id` String', '`ts` DateTime', '`org` String']) }));
    expect(added.datasources).toEqual([
      { name: 'events', status: 'changed', details: ['column org added (String)'], breaking: false, endpoints: ['raw_events', 'top_events'] },
    ]);
    expect(added.downtime).toEqual([]);

    const retyped = diffGraphs(graphOf(BASE), graphOf({ ...BASE, 'datasources/events.datasource': ds(['`id` UInt64', '`ts` DateTime']) }));
    expect(retyped.datasources[0]).toMatchObject({ name: 'events', status: 'changed', details: ['column id type String → UInt64'], breaking: true });
    expect(retyped.downtime).toEqual([
      { endpoint: 'raw_events', datasource: 'events', reason: 'reads events live and events must be recreated (column id type String → UInt64)' },
    ]);

    const resorted = diffGraphs(graphOf(BASE), graphOf({ ...BASE, 'datasources/events.datasource': EVENTS.replace('ENGINE_SORTING_KEY "id"', 'ENGINE_SORTING_KEY "ts, id"') }));
    expect(resorted.datasources[0]?.details).toEqual(['ENGINE_SORTING_KEY: id → ts, id']);
    expect(resorted.downtime.map((x) => x.endpoint)).toEqual(['raw_events']);
  });

  test('ENGINE_VER added to a ReplacingMergeTree is a breaking change', () => {
    const before = { ...BASE, 'datasources/events_dedup.datasource': ds(['`id` String', '`ts` DateTime'], 'ReplacingMergeTree') };
    const d = diffGraphs(graphOf(before), graphOf(BASE));
    expect(d.datasources).toEqual([
      { name: 'events_dedup', status: 'changed', details: ['ENGINE_VER: (none) → ts'], breaking: true, endpoints: ['top_events'] },
    ]);
    expect(d.downtime).toEqual([
      { endpoint: 'top_events', datasource: 'events_dedup', reason: 'reads events_dedup live and events_dedup must be recreated (ENGINE_VER: (none) → ts)' },
    ]);
  });

  test('a rename (same schema, new name, readers repointed): renamed, and its live readers see downtime', () => {
    const after = {
      ...without(BASE, 'datasources/events_dedup.datasource', 'endpoints/top_events.pipe', 'pipes/dedup.pipe'),
      'datasources/events_latest.datasource': BASE['datasources/events_dedup.datasource']!,
      'pipes/dedup.pipe': copy('events', 'events_latest'),
      'endpoints/top_events.pipe': endpoint('events_latest'),
    };
    const d = diffGraphs(graphOf(BASE), graphOf(after));
    expect(d.datasources).toEqual([
      { name: 'events_latest', from: 'events_dedup', status: 'renamed', details: ['renamed from events_dedup'], breaking: true, endpoints: ['top_events'] },
    ]);
    expect(d.downtime).toEqual([{ endpoint: 'top_events', datasource: 'events_dedup', reason: 'reads events_dedup live and events_dedup is renamed to events_latest' }]);
    expect(d.brokenReferences).toEqual([]);
    expect([...d.affected].sort()).toEqual(['datasource:events_dedup', 'datasource:events_latest', 'pipe:top_events']);
  });

  test('a swap (x_new moved over x): x changed and recreated, x_new removed, the live reader of x goes down', () => {
    const wide = ds(['`id` String', '`ts` DateTime', '`org` String']);
    const before = { ...BASE, 'datasources/events_new.datasource': wide, 'pipes/fill.pipe': copy('events', 'events_new') };
    const after = { ...BASE, 'datasources/events.datasource': wide };
    const d = diffGraphs(graphOf(before), graphOf(after));
    expect(d.datasources).toEqual([
      { name: 'events', status: 'changed', details: ['column org added (String)', 'swapped: replaced by events_new'], breaking: true, endpoints: ['raw_events', 'top_events'] },
      { name: 'events_new', status: 'removed', details: ['swapped over events'], breaking: true, endpoints: [] },
    ]);
    expect(d.pipesRemoved).toEqual(['fill']);
    expect(d.downtime).toEqual([
      { endpoint: 'raw_events', datasource: 'events', reason: 'reads events live and events must be recreated (column org added (String); swapped: replaced by events_new)' },
    ]);
  });

  test('a removed datasource still read: broken references (not downtime), with positions', () => {
    const d = diffGraphs(graphOf(BASE), graphOf(without(BASE, 'datasources/events_dedup.datasource')));
    expect(d.datasources).toEqual([{ name: 'events_dedup', status: 'removed', details: [], breaking: true, endpoints: ['top_events'] }]);
    expect(d.downtime).toEqual([]);
    expect(d.brokenReferences.map((r) => [r.file, r.line, r.column, r.name, r.site])).toEqual([
      ['endpoints/top_events.pipe', 3, 20, 'events_dedup', 'from'],
      ['pipes/dedup.pipe', 6, 19, 'events_dedup', 'TARGET_DATASOURCE'],
    ]);
    expect(d.newUnresolved).toEqual(d.brokenReferences);
    expect([...d.affected]).toContain('unresolved:events_dedup');
  });

  test('a typo in a new reference is new-unresolved, not broken: the name never existed', () => {
    const after = { ...BASE, 'endpoints/typo.pipe': endpoint('evnets') };
    const d = diffGraphs(graphOf(BASE), graphOf(after));
    expect(d.brokenReferences).toEqual([]);
    expect(d.newUnresolved.map((r) => r.name)).toEqual(['evnets']);
    expect(d.pipesAdded).toEqual(['typo']);
  });

  test('a removed pipe that another pipe read is a broken reference', () => {
    const before = { ...BASE, 'pipes/helper.pipe': 'NODE h\nSQL >\n    SELECT id FROM events\n', 'endpoints/uses_helper.pipe': endpoint('helper') };
    const d = diffGraphs(graphOf(before), graphOf(without(before, 'pipes/helper.pipe')));
    expect(d.pipesRemoved).toEqual(['helper']);
    expect(d.brokenReferences.map((r) => `${r.file} ${r.name}`)).toEqual(['endpoints/uses_helper.pipe helper']);
  });
});

describe('loadProjectAtRef', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function repo(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-graph-git-'));
    dirs.push(dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    git('config', 'commit.gpgsign', 'false');
    return dir;
  }

  function write(root: string, files: Files): void {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
      writeFileSync(path.join(root, p), text);
    }
  }

  test('reads a subfolder project as it was at a revision, paths relative to the project, without touching the working tree', async () => {
    const dir = repo();
    const root = path.join(dir, 'tinybird');
    write(root, BASE);
    write(dir, { 'other/elsewhere.datasource': EVENTS, 'tinybird/.hidden/x.datasource': EVENTS });
    execFileSync('git', ['add', '-A'], { cwd: dir });
    execFileSync('git', ['commit', '-qm', 'one'], { cwd: dir });
    unlinkSync(path.join(root, 'endpoints/raw_events.pipe'));
    write(root, { 'datasources/new.datasource': EVENTS });

    const at = await loadProjectAtRef(root, 'HEAD');
    expect(at.files.map((f) => f.path)).toEqual(Object.keys(BASE).sort());
    expect(at.root).toBe(root);
    expect(at.files.find((f) => f.path === 'datasources/events.datasource')?.parsed.source).toBe(EVENTS);
    // Same graph as building it from the files.
    expect([...at.vertices.keys()].sort()).toEqual([...graphOf(BASE).vertices.keys()].sort());
  });

  test('a bad revision and a folder outside git are usage errors', async () => {
    const dir = repo();
    write(dir, { 'a.datasource': EVENTS });
    execFileSync('git', ['add', '-A'], { cwd: dir });
    execFileSync('git', ['commit', '-qm', 'one'], { cwd: dir });
    await expect(loadProjectAtRef(dir, 'no-such-ref')).rejects.toThrow(new UsageError(`unknown git revision "no-such-ref" (in ${dir})`));
    await expect(loadProjectAtRef(dir, 'no-such-ref')).rejects.toBeInstanceOf(UsageError);
    const outside = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-graph-nogit-'));
    dirs.push(outside);
    await expect(loadProjectAtRef(outside, 'HEAD')).rejects.toThrow(/is not in a git repository/);
  });
});
