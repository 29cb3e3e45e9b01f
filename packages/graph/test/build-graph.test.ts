import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildGraph, loadProject, type Edge, type ProjectGraph, type Vertex } from '../src/index.js';

type Files = Record<string, string>;

function graphOf(files: Files): ProjectGraph {
  return buildGraph(Object.entries(files).map(([p, source]) => ({ path: p, source })));
}

/** `kind from -> to` of every edge (of the given kinds), sorted and without repeats. */
function edgeSet(g: ProjectGraph, kinds?: readonly Edge['kind'][]): string[] {
  const all = g.edges.filter((e) => !kinds || kinds.includes(e.kind)).map((e) => `${e.kind} ${e.from} -> ${e.to}`);
  return [...new Set(all)].sort();
}

function vertex(g: ProjectGraph, id: string): Vertex {
  const v = g.vertices.get(id);
  if (!v) throw new Error(`no vertex ${id}; have ${[...g.vertices.keys()].join(', ')}`);
  return v;
}

/** 1-based line and column of the `nth` occurrence of `needle` in `text`, plus `delta` chars. */
function positionOf(text: string, needle: string, delta = 0, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

const DS = (sortingKey = 'id') => `SCHEMA >\n    \`id\` String,\n    \`ts\` DateTime\n\nENGINE "MergeTree"\nENGINE_SORTING_KEY "${sortingKey}"\n`;

const DEDUP_PIPE = `NODE latest
SQL >
    SELECT id, ts
    FROM events
    ORDER BY id, ts DESC
    LIMIT 1 BY id

NODE dedup
SQL >
    SELECT * FROM latest

TYPE copy
TARGET_DATASOURCE events_dedup
COPY_SCHEDULE @on-demand
`;

const MV_PIPE = `NODE agg
SQL >
    SELECT toDate(ts) AS day, count() AS n
    FROM events_dedup
    GROUP BY day

TYPE materialized
DATASOURCE events_daily
`;

const TOP_PIPE = `TOKEN "read" READ

NODE filtered
SQL >
    %
    SELECT day, n FROM events_daily
    WHERE 1
    {% if defined(since) %} AND day >= {{ Date(since) }} {% end %}

NODE top
SQL >
    %
    SELECT f.day, f.n, u.name
    FROM filtered AS f
    {% if defined(with_users) %} LEFT JOIN users AS u ON u.day = f.day {% end %}
    ORDER BY n DESC

TYPE endpoint
`;

const PIPELINE: Files = {
  'datasources/events.datasource': DS(),
  'datasources/events_dedup.datasource': DS(),
  'datasources/events_daily.datasource': DS('day'),
  'datasources/users.datasource': DS(),
  'pipes/dedup.pipe': DEDUP_PIPE,
  'materializations/mv.pipe': MV_PIPE,
  'endpoints/top.pipe': TOP_PIPE,
};

describe('buildGraph on a mini pipeline', () => {
  const g = graphOf(PIPELINE);

  test('no diagnostics', () => {
    expect(g.diagnostics).toEqual([]);
  });

  test('edges in data-flow direction', () => {
    expect(edgeSet(g)).toEqual([
      'copy pipe:dedup -> datasource:events_dedup',
      'materialize pipe:mv -> datasource:events_daily',
      'node node:dedup/latest -> node:dedup/dedup',
      'node node:top/filtered -> node:top/top',
      'read datasource:events -> pipe:dedup',
      'read datasource:events_daily -> pipe:top',
      'read datasource:events_dedup -> pipe:mv',
      'read datasource:users -> pipe:top',
    ]);
  });

  test('read edges carry the node, file, line and column of the name', () => {
    const reads = g.edges.filter((e) => e.kind === 'read').sort((a, b) => (a.to + a.from < b.to + b.from ? -1 : 1));
    expect(reads).toEqual([
      { from: 'datasource:events', to: 'pipe:dedup', kind: 'read', node: 'latest', file: 'pipes/dedup.pipe', ...positionOf(DEDUP_PIPE, 'FROM events', 5), conditional: false },
      { from: 'datasource:events_dedup', to: 'pipe:mv', kind: 'read', node: 'agg', file: 'materializations/mv.pipe', ...positionOf(MV_PIPE, 'FROM events_dedup', 5), conditional: false },
      { from: 'datasource:events_daily', to: 'pipe:top', kind: 'read', node: 'filtered', file: 'endpoints/top.pipe', ...positionOf(TOP_PIPE, 'FROM events_daily', 5), conditional: false },
      { from: 'datasource:users', to: 'pipe:top', kind: 'read', node: 'top', file: 'endpoints/top.pipe', ...positionOf(TOP_PIPE, 'JOIN users', 5), conditional: true },
    ]);
  });

  test('node edges name the reading node and its position', () => {
    expect(g.edges.filter((e) => e.kind === 'node')).toEqual([
      { from: 'node:dedup/latest', to: 'node:dedup/dedup', kind: 'node', node: 'dedup', file: 'pipes/dedup.pipe', ...positionOf(DEDUP_PIPE, 'FROM latest', 5), conditional: false },
      { from: 'node:top/filtered', to: 'node:top/top', kind: 'node', node: 'top', file: 'endpoints/top.pipe', ...positionOf(TOP_PIPE, 'FROM filtered', 5), conditional: false },
    ]);
  });

  test('copy and materialize edges point at the TARGET_DATASOURCE / DATASOURCE value', () => {
    expect(g.edges.filter((e) => e.kind === 'copy' || e.kind === 'materialize')).toEqual([
      { from: 'pipe:dedup', to: 'datasource:events_dedup', kind: 'copy', node: 'dedup', file: 'pipes/dedup.pipe', ...positionOf(DEDUP_PIPE, 'TARGET_DATASOURCE events_dedup', 18) },
      { from: 'pipe:mv', to: 'datasource:events_daily', kind: 'materialize', node: 'agg', file: 'materializations/mv.pipe', ...positionOf(MV_PIPE, 'DATASOURCE events_daily', 11) },
    ]);
  });

  test('raw datasources are the ones no pipe writes into', () => {
    const ds = [...g.vertices.values()].filter((v) => v.kind === 'datasource').map((v) => [v.name, v.kind === 'datasource' && v.raw, v.file]);
    expect(ds.sort()).toEqual([
      ['events', true, 'datasources/events.datasource'],
      ['events_daily', false, 'datasources/events_daily.datasource'],
      ['events_dedup', false, 'datasources/events_dedup.datasource'],
      ['users', true, 'datasources/users.datasource'],
    ]);
  });

  test('pipe and node vertices', () => {
    expect(vertex(g, 'pipe:top')).toEqual({ id: 'pipe:top', kind: 'pipe', name: 'top', file: 'endpoints/top.pipe', type: 'endpoint', nodes: ['filtered', 'top'] });
    expect(vertex(g, 'pipe:dedup')).toMatchObject({ type: 'copy', nodes: ['latest', 'dedup'] });
    expect(vertex(g, 'pipe:mv')).toMatchObject({ type: 'materialized', nodes: ['agg'] });
    expect(vertex(g, 'node:top/filtered')).toEqual({ id: 'node:top/filtered', kind: 'node', name: 'filtered', pipe: 'top', file: 'endpoints/top.pipe', type: undefined });
    expect(vertex(g, 'node:top/top')).toMatchObject({ type: 'endpoint' });
  });

  test('references carry owner, node, site, resolution and exact ranges', () => {
    const refs = g.references.filter((r) => r.file === 'endpoints/top.pipe');
    expect(refs.map((r) => [r.name, r.site, r.owner, r.node, r.resolution, r.target, r.conditional, TOP_PIPE.slice(r.range.start, r.range.end)])).toEqual([
      ['events_daily', 'from', 'top', 'filtered', 'datasource', 'datasource:events_daily', false, 'events_daily'],
      ['filtered', 'from', 'top', 'top', 'node', 'node:top/filtered', false, 'filtered'],
      ['users', 'join', 'top', 'top', 'datasource', 'datasource:users', true, 'users'],
    ]);
    const copy = g.references.find((r) => r.site === 'TARGET_DATASOURCE')!;
    expect(DEDUP_PIPE.slice(copy.range.start, copy.range.end)).toBe('events_dedup');
    expect(copy).toMatchObject({ line: 13, column: 19, endLine: 13, endColumn: 31, resolution: 'datasource' });
  });
});

describe('pipe types', () => {
  const node = (name: string, extra = '') => `NODE ${name}\nSQL >\n    SELECT 1\n${extra}\n`;
  test.for<[string, string, Record<string, unknown>]>([
    ['TYPE endpoint', node('a') + node('b', 'TYPE endpoint'), { type: 'endpoint' }],
    ['TYPE ENDPOINT (upper case)', node('a', 'TYPE ENDPOINT'), { type: 'endpoint' }],
    ['TYPE copy', node('a', 'TYPE copy\nTARGET_DATASOURCE d'), { type: 'copy' }],
    ['TYPE materialized', node('a', 'TYPE materialized\nDATASOURCE d'), { type: 'materialized' }],
    ['TYPE sink', node('a', 'TYPE sink\nEXPORT_SERVICE kafka\nEXPORT_TOPIC t'), { type: 'sink' }],
    ['no TYPE: default, published on the last node', node('a') + node('b') + node('c'), { type: 'default', endpointNode: 'c' }],
  ])('%s', ([, source, expected]) => {
    const g = graphOf({ 'datasources/d.datasource': DS(), 'pipes/p.pipe': source });
    expect(vertex(g, 'pipe:p')).toMatchObject(expected);
    if (expected.type !== 'default') expect(vertex(g, 'pipe:p')).not.toHaveProperty('endpointNode');
  });
});

describe('resolution', () => {
  const reader = (sql: string) => `NODE n\nSQL >\n    ${sql}\n`;

  test('an unknown name becomes an unresolved vertex with a read edge', () => {
    const g = graphOf({ 'pipes/p.pipe': reader('SELECT * FROM nowhere') });
    expect(vertex(g, 'unresolved:nowhere')).toEqual({ id: 'unresolved:nowhere', kind: 'unresolved', name: 'nowhere' });
    expect(edgeSet(g)).toEqual(['read unresolved:nowhere -> pipe:p']);
    expect(g.references[0]).toMatchObject({ name: 'nowhere', resolution: 'unresolved', target: 'unresolved:nowhere' });
  });

  test('an unknown copy target is an unresolved vertex too', () => {
    const g = graphOf({ 'pipes/p.pipe': `${reader('SELECT 1')}\nTYPE copy\nTARGET_DATASOURCE missing_ds\n` });
    expect(edgeSet(g)).toEqual(['copy pipe:p -> unresolved:missing_ds']);
    expect(vertex(g, 'unresolved:missing_ds').kind).toBe('unresolved');
  });

  test('tinybird.* and system.* are external', () => {
    const g = graphOf({ 'pipes/p.pipe': reader('SELECT * FROM tinybird.pipe_stats_rt JOIN system.numbers AS n ON 1') });
    expect(edgeSet(g)).toEqual(['read external:system.numbers -> pipe:p', 'read external:tinybird.pipe_stats_rt -> pipe:p']);
    expect(vertex(g, 'external:tinybird.pipe_stats_rt')).toEqual({ id: 'external:tinybird.pipe_stats_rt', kind: 'external', name: 'tinybird.pipe_stats_rt' });
    expect(g.references.map((r) => [r.name, r.database, r.resolution])).toEqual([
      ['pipe_stats_rt', 'tinybird', 'external'],
      ['numbers', 'system', 'external'],
    ]);
  });

  test('v0_0_1.x (an earlier git release) is external', () => {
    const g = graphOf({ 'datasources/events.datasource': DS(), 'pipes/p.pipe': reader('SELECT * FROM v0_0_1.events') });
    expect(edgeSet(g)).toEqual(['read external:v0_0_1.events -> pipe:p']);
    expect(g.references[0]).toMatchObject({ name: 'events', database: 'v0_0_1', resolution: 'external' });
  });

  test('an unknown database is unresolved', () => {
    const g = graphOf({ 'datasources/events.datasource': DS(), 'pipes/p.pipe': reader('SELECT * FROM other_ws.events') });
    expect(edgeSet(g)).toEqual(['read unresolved:other_ws.events -> pipe:p']);
  });

  test('vendor/<ws>/datasources/x is the shared datasource ws.x', () => {
    const g = graphOf({ 'vendor/other_ws/datasources/events.datasource': DS(), 'pipes/p.pipe': reader('SELECT * FROM other_ws.events') });
    expect(edgeSet(g)).toEqual(['read datasource:other_ws.events -> pipe:p']);
  });

  test('name__v2 resolves to the file name', () => {
    const source = reader('SELECT * FROM events__v2');
    const g = graphOf({ 'datasources/events.datasource': DS(), 'pipes/p.pipe': source });
    expect(edgeSet(g)).toEqual(['read datasource:events -> pipe:p']);
    expect(g.references[0]).toMatchObject({ resolution: 'datasource', target: 'datasource:events', name: 'events' });
    // A rename of events rewrites only `events`, keeping the version suffix.
    const start = source.indexOf('events__v2');
    expect(g.references[0]!.range).toEqual({ start, end: start + 'events'.length });
  });

  test('<ds>_quarantine resolves to ds, and its range covers only the ds part', () => {
    const source = reader('SELECT * FROM events_quarantine');
    const g = graphOf({ 'datasources/events.datasource': DS(), 'pipes/p.pipe': source });
    expect(edgeSet(g)).toEqual(['read datasource:events -> pipe:p']);
    const [ref] = g.references;
    const start = source.indexOf('events_quarantine');
    expect(ref).toMatchObject({ name: 'events', resolution: 'datasource', target: 'datasource:events', range: { start, end: start + 'events'.length } });
    expect(source.slice(ref!.range.start, ref!.range.end)).toBe('events');
  });

  test('a real datasource named x_quarantine wins over the quarantine of x', () => {
    const g = graphOf({
      'datasources/events.datasource': DS(),
      'datasources/events_quarantine.datasource': DS(),
      'pipes/p.pipe': reader('SELECT * FROM events_quarantine'),
    });
    expect(edgeSet(g)).toEqual(['read datasource:events_quarantine -> pipe:p']);
  });

  test('a pipe read by another pipe', () => {
    const g = graphOf({ 'pipes/a.pipe': reader('SELECT 1 AS x'), 'pipes/b.pipe': reader('SELECT * FROM a') });
    expect(edgeSet(g)).toEqual(['read pipe:a -> pipe:b']);
  });

  test('a node name shadows a datasource of the same name inside its pipe', () => {
    const g = graphOf({
      'datasources/events.datasource': DS(),
      'pipes/p.pipe': `NODE events\nSQL >\n    SELECT 1 AS x\n\nNODE out\nSQL >\n    SELECT * FROM events\n`,
      'pipes/q.pipe': reader('SELECT * FROM events'),
    });
    expect(edgeSet(g)).toEqual(['node node:p/events -> node:p/out', 'read datasource:events -> pipe:q']);
  });

  test('CTE names and joinGet / TABLE() literals', () => {
    const g = graphOf({
      'datasources/events.datasource': DS(),
      'datasources/songs_join.datasource': DS(),
      'datasources/users.datasource': DS(),
      'pipes/p.pipe': "NODE n\nSQL >\n    %\n    WITH c AS (SELECT * FROM events) SELECT joinGet('songs_join', 'title', id) FROM c JOIN {{ TABLE('users') }} USING (id)\n",
    });
    expect(edgeSet(g)).toEqual(['read datasource:events -> pipe:p', 'read datasource:songs_join -> pipe:p', 'read datasource:users -> pipe:p']);
    expect(g.references.map((r) => [r.name, r.site, r.quote])).toEqual([
      ['events', 'from', undefined], ['songs_join', 'joinGet', "'"], ['users', 'table()', "'"],
    ]);
  });

  test('dynamic names are reported with file and position, not resolved', () => {
    const source = 'NODE n\nSQL >\n    %\n    SELECT * FROM events_{{ suffix }}\n';
    const g = graphOf({ 'pipes/p.pipe': source });
    expect(g.references).toEqual([]);
    expect(g.edges).toEqual([]);
    expect(g.dynamic).toEqual([
      { file: 'pipes/p.pipe', owner: 'p', node: 'n', text: 'events_{{ suffix }}', range: { start: source.indexOf('events_'), end: source.indexOf('}}') + 2 }, line: 4, column: 19, conditional: false },
    ]);
  });
});

describe('materialized pipes with an embedded datasource', () => {
  test('DATASOURCE x with ENGINE settings creates datasource x', () => {
    const mv = `NODE agg\nSQL >\n    SELECT toDate(ts) AS day, count() AS n FROM events GROUP BY day\n\nTYPE materialized\nDATASOURCE events_daily\nENGINE "SummingMergeTree"\nENGINE_SORTING_KEY "day"\n`;
    const g = graphOf({
      'datasources/events.datasource': DS(),
      'pipes/mv.pipe': mv,
      'endpoints/daily.pipe': `NODE n\nSQL >\n    SELECT * FROM events_daily\n\nTYPE endpoint\n`,
    });
    expect(vertex(g, 'datasource:events_daily')).toEqual({ id: 'datasource:events_daily', kind: 'datasource', name: 'events_daily', file: 'pipes/mv.pipe', raw: false, embedded: true });
    expect(edgeSet(g)).toEqual([
      'materialize pipe:mv -> datasource:events_daily',
      'read datasource:events -> pipe:mv',
      'read datasource:events_daily -> pipe:daily',
    ]);
    expect(g.references.filter((r) => r.resolution === 'unresolved')).toEqual([]);
  });

  test('a datasource file wins over the embedded definition', () => {
    const mv = `NODE agg\nSQL >\n    SELECT 1 AS x FROM events\n\nTYPE materialized\nDATASOURCE events_daily\nENGINE "MergeTree"\n`;
    const g = graphOf({ 'datasources/events.datasource': DS(), 'datasources/events_daily.datasource': DS(), 'pipes/mv.pipe': mv });
    expect(vertex(g, 'datasource:events_daily')).toMatchObject({ file: 'datasources/events_daily.datasource', raw: false });
    expect(vertex(g, 'datasource:events_daily')).not.toHaveProperty('embedded', true);
  });
});

describe('duplicate names', () => {
  test('two pipes with the same stem', () => {
    const g = graphOf({ 'endpoints/top.pipe': 'NODE a\nSQL >\n    SELECT 1\n', 'pipes/top.pipe': 'NODE b\nSQL >\n    SELECT 2\n' });
    expect(g.diagnostics.map((d) => [d.ruleId, d.file, d.line, d.severity])).toEqual([['duplicate-name', 'pipes/top.pipe', 1, 'error']]);
    expect(g.diagnostics[0]!.message).toContain('endpoints/top.pipe');
    // The first one defines the pipe.
    expect(vertex(g, 'pipe:top')).toMatchObject({ file: 'endpoints/top.pipe', nodes: ['a'] });
  });

  test('a datasource and a pipe with the same name', () => {
    const g = graphOf({ 'datasources/events.datasource': DS(), 'pipes/events.pipe': 'NODE a\nSQL >\n    SELECT 1\n' });
    expect(g.diagnostics.map((d) => [d.ruleId, d.file])).toEqual([['duplicate-name', 'pipes/events.pipe']]);
  });

  test("the clashing file's references stay, but it adds no edges to vertices that do not exist", () => {
    const g = graphOf({
      'datasources/events.datasource': DS(),
      'endpoints/top.pipe': 'NODE a\nSQL >\n    SELECT 1\n',
      'pipes/top.pipe': 'NODE b1\nSQL >\n    SELECT * FROM events\n\nNODE b2\nSQL >\n    SELECT * FROM b1\n',
    });
    expect(g.references.filter((r) => r.file === 'pipes/top.pipe').map((r) => `${r.node}:${r.name}:${r.resolution}`)).toEqual(['b1:events:datasource', 'b2:b1:node']);
    for (const e of g.edges) {
      expect(g.vertices.has(e.from), e.from).toBe(true);
      expect(g.vertices.has(e.to), e.to).toBe(true);
    }
    expect(edgeSet(g)).toEqual([]);
  });

  test('different stems in different folders are fine', () => {
    const g = graphOf({ 'endpoints/a.pipe': 'NODE a\nSQL >\n    SELECT 1\n', 'pipes/b.pipe': 'NODE b\nSQL >\n    SELECT 2\n' });
    expect(g.diagnostics).toEqual([]);
  });
});

describe('INCLUDE', () => {
  const INCL = 'NODE shared\nSQL >\n    SELECT 1\n';

  test('resolved relative to the including file', () => {
    const pipe = 'INCLUDE "../includes/common.incl"\n\nNODE n\nSQL >\n    SELECT 1\n';
    const g = graphOf({ 'includes/common.incl': INCL, 'pipes/p.pipe': pipe });
    expect(g.diagnostics).toEqual([]);
    expect(edgeSet(g)).toEqual(['include include:includes/common.incl -> pipe:p']);
    expect(vertex(g, 'include:includes/common.incl')).toEqual({ id: 'include:includes/common.incl', kind: 'include', name: 'includes/common.incl', file: 'includes/common.incl' });
    const ref = g.references.find((r) => r.site === 'INCLUDE')!;
    expect(ref).toMatchObject({ name: 'includes/common.incl', resolution: 'include', target: 'include:includes/common.incl', line: 1 });
    expect(pipe.slice(ref.range.start, ref.range.end)).toBe('../includes/common.incl');
  });

  test('a path in the same folder', () => {
    const g = graphOf({ 'pipes/common.incl': INCL, 'pipes/p.pipe': 'INCLUDE "common.incl"\n\nNODE n\nSQL >\n    SELECT 1\n' });
    expect(edgeSet(g)).toEqual(['include include:pipes/common.incl -> pipe:p']);
  });

  test('a path that escapes the project root is an error', () => {
    const g = graphOf({ 'pipes/p.pipe': 'INCLUDE "../../outside.incl"\n\nNODE n\nSQL >\n    SELECT 1\n' });
    expect(g.diagnostics.map((d) => [d.ruleId, d.file, d.line, d.column, d.severity])).toEqual([['include-outside-project', 'pipes/p.pipe', 1, 10, 'error']]);
    expect(g.edges).toEqual([]);
  });

  test('a missing include is an error and an unresolved reference', () => {
    const g = graphOf({ 'pipes/p.pipe': 'INCLUDE "../includes/missing.incl"\n\nNODE n\nSQL >\n    SELECT 1\n' });
    expect(g.diagnostics.map((d) => [d.ruleId, d.file, d.line])).toEqual([['include-not-found', 'pipes/p.pipe', 1]]);
    expect(g.references.map((r) => [r.site, r.resolution, r.target])).toEqual([['INCLUDE', 'unresolved', 'unresolved:includes/missing.incl']]);
  });

  test('an include variable naming a datasource is a reference', () => {
    const pipe = 'INCLUDE "../includes/common.incl" "SOURCE=events"\n\nNODE n\nSQL >\n    SELECT 1\n';
    const g = graphOf({ 'includes/common.incl': INCL, 'datasources/events.datasource': DS(), 'pipes/p.pipe': pipe });
    const ref = g.references.find((r) => r.site === 'INCLUDE variable')!;
    expect(ref).toMatchObject({ name: 'events', resolution: 'datasource', target: 'datasource:events' });
    expect(pipe.slice(ref.range.start, ref.range.end)).toBe('events');
  });
});

describe('the sample project tinybird/: the CM → Insights pipeline, edge by edge', async () => {
  const root = path.resolve(import.meta.dirname, '../../../tinybird');
  const g = await loadProject(root);
  const dedup = 'activities_deduplicated_copy_pipe';
  const relDedup = 'activityRelations_deduplicated_copy_pipe';
  const merge = 'activities_with_relations_merge_copy_pipe';
  const sorted = 'activities_with_relations_sorted_deduplicated_copy_pipe';
  const sortedDs = 'datasource:activities_with_relations_sorted_deduplicated_ds';

  test('loads every file without diagnostics', () => {
    expect(g.files.length).toBe(23);
    expect(g.diagnostics).toEqual([]);
  });

  test('copy edges', () => {
    expect(edgeSet(g, ['copy', 'materialize'])).toEqual([
      `copy pipe:${dedup} -> datasource:activities_deduplicated_ds`,
      `copy pipe:${merge} -> datasource:activities_with_relations_merged_ds`,
      `copy pipe:${sorted} -> ${sortedDs}`,
      `copy pipe:${relDedup} -> datasource:activityRelations_deduplicated_ds`,
    ]);
  });

  test('read edges (datasource or pipe → pipe)', () => {
    expect(edgeSet(g, ['read'])).toEqual([
      // 1. landing → dedup copies (and the raw read of finding #1)
      `read datasource:activities -> pipe:${dedup}`,
      'read datasource:activities -> pipe:activities_raw_recent',
      `read datasource:activityRelations -> pipe:${relDedup}`,
      // 2. dedup → merge → sort + final dedup
      `read datasource:activities_deduplicated_ds -> pipe:${merge}`,
      `read datasource:activityRelations_deduplicated_ds -> pipe:${merge}`,
      `read datasource:activities_with_relations_merged_ds -> pipe:${sorted}`,
      `read datasource:members -> pipe:${sorted}`,
      // 3. serving
      `read ${sortedDs} -> pipe:active_contributors`,
      `read ${sortedDs} -> pipe:activity_types_breakdown`,
      `read ${sortedDs} -> pipe:contributors_leaderboard`,
      `read ${sortedDs} -> pipe:organizations_leaderboard`,
      'read datasource:members -> pipe:contributors_leaderboard',
      'read datasource:organizations -> pipe:organizations_leaderboard',
      'read datasource:collections -> pipe:collection_projects',
      'read datasource:collectionsInsightsProjects -> pipe:collection_projects',
      'read datasource:insightsProjects -> pipe:collection_projects',
      'read datasource:segments -> pipe:collection_projects',
      // 4. project scoping
      'read datasource:insightsProjects -> pipe:segments_filtered',
      'read datasource:segments -> pipe:segments_filtered',
      'read pipe:segments_filtered -> pipe:active_contributors',
      'read pipe:segments_filtered -> pipe:activities_raw_recent',
      'read pipe:segments_filtered -> pipe:activity_types_breakdown',
      'read pipe:segments_filtered -> pipe:contributors_leaderboard',
      'read pipe:segments_filtered -> pipe:organizations_leaderboard',
    ].sort());
  });

  test('node edges', () => {
    const n = (pipe: string, from: string, to: string) => `node node:${pipe}/${from} -> node:${pipe}/${to}`;
    expect(edgeSet(g, ['node'])).toEqual([
      n(dedup, 'activities_latest_version', 'activities_deduplicated'),
      n(merge, 'relations_with_member', 'activities_with_relations_merged'),
      n(merge, 'activities_content', 'activities_with_relations_merged'),
      n(sorted, 'bot_members', 'activities_with_relations_sorted_deduplicated'),
      n('segments_filtered', 'project_scope', 'segments_filtered_0'),
      n('active_contributors', 'contributions_filtered', 'contributors_by_period'),
      n('active_contributors', 'contributors_by_period', 'active_contributors_result'),
      n('active_contributors', 'contributions_filtered', 'active_contributors_result'),
      n('activity_types_breakdown', 'activity_type_counts', 'activity_types_breakdown_result'),
      n('collection_projects', 'collection_scope', 'collection_projects_enriched'),
      n('collection_projects', 'collection_projects_enriched', 'collection_projects_result'),
      n('contributors_leaderboard', 'contributions_in_scope', 'contributors_leaderboard_result'),
      n('organizations_leaderboard', 'org_contributions', 'organizations_leaderboard_result'),
    ].sort());
  });

  test('no include edges, unresolved or external vertices, dynamic names', () => {
    expect(edgeSet(g, ['include'])).toEqual([]);
    expect([...g.vertices.values()].filter((v) => v.kind === 'unresolved' || v.kind === 'external')).toEqual([]);
    expect(g.references.filter((r) => r.resolution === 'unresolved')).toEqual([]);
    expect(g.dynamic).toEqual([]);
  });

  test('landing and replica datasources are raw; copy targets are derived', () => {
    const raw = [...g.vertices.values()].filter((v) => v.kind === 'datasource').map((v) => `${v.name}:${v.kind === 'datasource' && v.raw ? 'raw' : 'derived'}`);
    expect(raw.sort()).toEqual([
      'activities:raw', 'activities_deduplicated_ds:derived', 'activities_with_relations_merged_ds:derived',
      'activities_with_relations_sorted_deduplicated_ds:derived', 'activityRelations:raw',
      'activityRelations_deduplicated_ds:derived', 'collections:raw', 'collectionsInsightsProjects:raw',
      'insightsProjects:raw', 'members:raw', 'organizations:raw', 'segments:raw',
    ]);
  });

  test('pipe types', () => {
    const types = [...g.vertices.values()].filter((v) => v.kind === 'pipe').map((v) => v.kind === 'pipe' ? `${v.name}:${v.type}${v.endpointNode ? `@${v.endpointNode}` : ''}` : '');
    expect(types.sort()).toEqual([
      'active_contributors:endpoint', 'activities_deduplicated_copy_pipe:copy', 'activities_raw_recent:endpoint',
      'activities_with_relations_merge_copy_pipe:copy', 'activities_with_relations_sorted_deduplicated_copy_pipe:copy',
      'activityRelations_deduplicated_copy_pipe:copy', 'activity_types_breakdown:endpoint',
      'collection_projects:default@collection_projects_result', 'contributors_leaderboard:endpoint',
      'organizations_leaderboard:endpoint', 'segments_filtered:default@segments_filtered_0',
    ]);
  });

  test('the raw read of finding #1 is placed on its FROM line', () => {
    const read = g.edges.find((e) => e.kind === 'read' && e.from === 'datasource:activities' && e.to === 'pipe:activities_raw_recent');
    expect(read).toEqual({ from: 'datasource:activities', to: 'pipe:activities_raw_recent', kind: 'read', node: 'recent_activities', file: 'endpoints/activities_raw_recent.pipe', line: 19, column: 10, conditional: false });
  });

  test('CTE and node names of contributors_leaderboard are not resources', () => {
    const names = g.references.filter((r) => r.owner === 'contributors_leaderboard').map((r) => `${r.name}:${r.resolution}`);
    expect(names).toEqual([
      'activities_with_relations_sorted_deduplicated_ds:datasource', 'segments_filtered:pipe',
      'contributions_in_scope:node', 'contributions_in_scope:node', 'members:datasource',
    ]);
  });
});

describe('references outside pipe nodes', () => {
  test('a node reading a later node is a node reference without a node edge', () => {
    const g = graphOf({ 'pipes/p.pipe': 'NODE a\nSQL >\n    SELECT * FROM b\n\nNODE b\nSQL >\n    SELECT 1\n' });
    expect(g.references.map((r) => `${r.node}:${r.name}:${r.resolution}`)).toEqual(['a:b:node']);
    expect(edgeSet(g, ['node'])).toEqual([]);
  });

  test('SQL in an .incl file is scanned; its reads flow into the include vertex', () => {
    const incl = 'NODE shared\nSQL >\n    SELECT * FROM events\n\nNODE after\nSQL >\n    SELECT * FROM shared\n';
    const g = graphOf({
      'datasources/events.datasource': DS(),
      'includes/shared.incl': incl,
      'pipes/p.pipe': 'INCLUDE "../includes/shared.incl"\n\nNODE n\nSQL >\n    SELECT * FROM after\n',
    });
    const refs = g.references.filter((r) => r.file === 'includes/shared.incl');
    expect(refs.map((r) => `${r.owner}:${r.node}:${r.name}:${r.resolution}`)).toEqual([
      'includes/shared.incl:shared:events:datasource',
      'includes/shared.incl:after:shared:node',
    ]);
    expect(edgeSet(g, ['read', 'include'])).toEqual(['include include:includes/shared.incl -> pipe:p', 'read datasource:events -> include:includes/shared.incl']);
  });

  test('FORWARD_QUERY and MATERIALIZED column expressions are references without edges', () => {
    const ds = 'SCHEMA >\n    `id` String,\n    `name` String MATERIALIZED joinGet(\'names_join\', \'name\', id)\n\nFORWARD_QUERY >\n    SELECT id, name FROM legacy_events\n';
    const g = graphOf({ 'datasources/events.datasource': ds, 'datasources/names_join.datasource': DS(), 'datasources/legacy_events.datasource': DS() });
    expect(g.references.map((r) => `${r.owner}:${r.site}:${r.name}:${r.resolution}`).sort()).toEqual([
      'events:from:legacy_events:datasource',
      'events:joinGet:names_join:datasource',
    ]);
    const at = ds.indexOf('names_join');
    expect(g.references.find((r) => r.site === 'joinGet')!.range).toEqual({ start: at, end: at + 'names_join'.length });
    expect(edgeSet(g)).toEqual([]);
  });
});
