import { buildGraph } from '@tb-refs/graph';
import { describe, expect, test } from 'vitest';
import { applyTextEdits, renameResource, type CodemodPlan } from '../src/index.js';

function graphOf(files: Record<string, string>) {
  return buildGraph(Object.entries(files).map(([path, source]) => ({ path, source })), '/project');
}

/** The new text of every changed file, by path. */
function texts(plan: CodemodPlan): Record<string, string> {
  return Object.fromEntries(plan.changes.map((c) => [c.path, applyTextEdits(c.before, c.edits)]));
}

const DS = 'SCHEMA >\n    `id` String\n\nENGINE "MergeTree"\nENGINE_SORTING_KEY "id"\n';
const BASE = {
  'datasources/events.datasource': DS,
  'datasources/other.datasource': DS,
  'endpoints/top.pipe': 'NODE top\nSQL >\n    SELECT * FROM events\n\nTYPE endpoint\n',
};

describe('refusals (exit 2 in the CLI)', () => {
  test.for([
    ['events', '2events', 'not a valid Tinybird resource name (the new name)'],
    ['events', 'page-events', 'not a valid Tinybird resource name (the new name)'],
    ['events', 'events.v2', 'not a valid Tinybird resource name (the new name)'],
    ['ev ents', 'x', 'not a valid Tinybird resource name (the old name)'],
    ['events', 'events', 'nothing to rename'],
    ['evnts', 'x', 'No datasource or pipe named "evnts" (the old name) in /project. Did you mean "events"?'],
    ['events', 'other', '"other" already exists (datasources/other.datasource)'],
    ['events', 'top', '"top" already exists (endpoints/top.pipe)'],
  ] as const)('rename %s %s', async ([from, to, message]) => {
    await expect(renameResource(graphOf(BASE), from, to)).rejects.toThrow(message);
  });

  test('a file that would change has a parse error', async () => {
    const graph = graphOf({ ...BASE, 'endpoints/broken.pipe': 'NODE b\nSQL >\n    SELECT * FROM events WHERE x = \'open\n' });
    await expect(renameResource(graph, 'events', 'page_events')).rejects.toThrow(/endpoints\/broken\.pipe:3:\d+ has a parse error/);
  });

  test('a parse error in a file that does not change is no obstacle', async () => {
    const graph = graphOf({ ...BASE, 'endpoints/broken.pipe': 'NODE b\nSQL >\n    SELECT * FROM other WHERE x = \'open\n' });
    const plan = await renameResource(graph, 'events', 'page_events');
    expect(plan.changes.map((c) => c.path)).toEqual(['endpoints/top.pipe']);
  });

  test('two files define the old name', async () => {
    const graph = graphOf({ ...BASE, 'pipes/top.pipe': 'NODE t\nSQL >\n    SELECT 1\n' });
    await expect(renameResource(graph, 'top', 'top_v2')).rejects.toThrow('"top" is defined by 2 files (endpoints/top.pipe, pipes/top.pipe)');
  });

  test('the new name is a node of a pipe that reads the resource', async () => {
    const graph = graphOf({ ...BASE, 'endpoints/top.pipe': 'NODE page_events\nSQL >\n    SELECT 1\n\nNODE top\nSQL >\n    SELECT * FROM events\n' });
    await expect(renameResource(graph, 'events', 'page_events')).rejects.toThrow('because a node of endpoints/top.pipe is named "page_events"');
  });

  test('the new name is a CTE of a query that reads the resource', async () => {
    const graph = graphOf({ ...BASE, 'endpoints/top.pipe': 'NODE top\nSQL >\n    WITH page_events AS (SELECT 1)\n    SELECT * FROM events, page_events\n' });
    await expect(renameResource(graph, 'events', 'page_events')).rejects.toThrow('a CTE or alias of that query is named "page_events"');
  });

  test('a fixture would overwrite an existing file', async () => {
    await expect(renameResource(graphOf(BASE), 'events', 'page_events', { companionPaths: ['fixtures/events.csv', 'fixtures/page_events.csv'] }))
      .rejects.toThrow('Cannot rename fixtures/events.csv: fixtures/page_events.csv already exists.');
  });
});

describe('what changes', () => {
  test('only the name part of suffixed references, never node names', async () => {
    const plan = await renameResource(graphOf({
      ...BASE,
      'endpoints/top.pipe': 'NODE events_quarantine\nSQL >\n    SELECT * FROM events__v3 UNION ALL SELECT * FROM events_quarantine\n',
      'endpoints/q.pipe': 'NODE q\nSQL >\n    SELECT * FROM events_quarantine\n',
    }), 'events', 'hits');
    expect(texts(plan)).toEqual({
      'endpoints/q.pipe': 'NODE q\nSQL >\n    SELECT * FROM hits_quarantine\n',
      // The node `events_quarantine` shadows the quarantine table inside its own pipe.
      'endpoints/top.pipe': 'NODE events_quarantine\nSQL >\n    SELECT * FROM hits__v3 UNION ALL SELECT * FROM events_quarantine\n',
    });
    expect(plan.renames.map((r) => [r.from, r.to, r.reason])).toEqual([['datasources/events.datasource', 'datasources/hits.datasource', 'resource']]);
  });

  test('datasource column expressions that read it change too', async () => {
    const plan = await renameResource(graphOf({
      ...BASE,
      'datasources/enriched.datasource': "SCHEMA >\n    `id` String,\n    `kind` String MATERIALIZED joinGet('events', 'kind', id)\n\nENGINE \"MergeTree\"\nENGINE_SORTING_KEY \"id\"\n",
    }), 'events', 'hits');
    expect(texts(plan)['datasources/enriched.datasource']).toContain("MATERIALIZED joinGet('hits', 'kind', id)");
  });

  test('a datasource a materialized pipe creates has no file to move', async () => {
    const plan = await renameResource(graphOf({
      ...BASE,
      'pipes/mv.pipe': 'NODE m\nSQL >\n    SELECT id FROM events\n\nTYPE materialized\nDATASOURCE by_id\nENGINE "MergeTree"\nENGINE_SORTING_KEY "id"\n',
      'endpoints/read_by_id.pipe': 'NODE b\nSQL >\n    SELECT * FROM by_id\n',
    }), 'by_id', 'events_by_id');
    expect(plan.renames).toEqual([]);
    expect(Object.keys(texts(plan))).toEqual(['endpoints/read_by_id.pipe', 'pipes/mv.pipe']);
  });

  test('an .incl shared by pipes where only some shadow the name is listed, not changed', async () => {
    const plan = await renameResource(graphOf({
      ...BASE,
      'includes/f.incl': 'NODE f\nSQL >\n    SELECT * FROM events\n',
      'endpoints/a.pipe': 'INCLUDE "../includes/f.incl"\nNODE events\nSQL >\n    SELECT 1\n',
      'endpoints/b.pipe': 'INCLUDE "../includes/f.incl"\nNODE b\nSQL >\n    SELECT * FROM f\n',
    }), 'events', 'hits');
    expect(Object.keys(texts(plan))).toEqual(['endpoints/top.pipe']);
    expect(plan.warnings).toContainEqual(expect.objectContaining({ code: 'shadowed-reference', file: 'includes/f.incl', line: 3 }));
  });

  test('a name that did not resolve before is reported when the rename makes it resolve', async () => {
    const plan = await renameResource(graphOf({ ...BASE, 'endpoints/next.pipe': 'NODE n\nSQL >\n    SELECT * FROM hits\n' }), 'events', 'hits');
    expect(plan.warnings).toContainEqual(expect.objectContaining({ code: 'unresolved-becomes-resolved', file: 'endpoints/next.pipe', line: 3 }));
  });
});

describe('external users of the old name', () => {
  const codes = async (files: Record<string, string>, name: string, options = {}) =>
    (await renameResource(graphOf(files), name, `${name}_v2`, options)).warnings.filter((w) => w.code === 'external-writer').map((w) => w.message);

  test('Kafka settings in the file or in an include, imports, APPEND tokens and Postgres replicas', async () => {
    expect(await codes({ 'datasources/k.datasource': `${DS}KAFKA_CONNECTION_NAME conn\nKAFKA_TOPIC clicks\n` }, 'k')).toEqual([
      'k is fed by a Kafka connector (topic clicks): the connector is bound to the datasource by name, so recreate it for the new name.',
    ]);
    expect(await codes({ 'datasources/k.datasource': `${DS}INCLUDE "connections/kafka.incl"\n`, 'datasources/connections/kafka.incl': 'KAFKA_CONNECTION_NAME conn\n' }, 'k'))
      .toEqual(['k is fed by a Kafka connector (settings in connections/kafka.incl): the connector is bound to the datasource by name, so recreate it for the new name.']);
    expect(await codes({ 'datasources/s.datasource': `${DS}IMPORT_SERVICE s3\nIMPORT_CONNECTION_NAME c\n` }, 's')).toHaveLength(1);
    expect(await codes({ 'datasources/a.datasource': `TOKEN "writer" APPEND\n${DS}` }, 'a')).toEqual([
      'Token "writer" can APPEND to a: writers outside this repository that use it (Events API, Kafka Connect or sink workers) keep posting to name=a; point them at the new name.',
    ]);
    expect(await codes({ 'datasources/members.datasource': DS }, 'members')).toHaveLength(1);
    expect(await codes({ 'datasources/members.datasource': DS }, 'members', { postgresDatasources: [] })).toEqual([]);
  });

  test('sink pipes, on-demand copies and endpoints', async () => {
    const sink = 'NODE s\nSQL >\n    SELECT 1\n\nTYPE sink\nEXPORT_CONNECTION_NAME c\nEXPORT_KAFKA_TOPIC t\n';
    expect((await codes({ 'pipes/s.pipe': sink }, 's'))[0]).toMatch(/^s is a sink pipe/);
    expect(await codes({ ...BASE, 'pipes/c.pipe': 'NODE c\nSQL >\n    SELECT * FROM events\n\nTYPE copy\nTARGET_DATASOURCE other\nCOPY_SCHEDULE @on-demand\n' }, 'c'))
      .toEqual(['c is an on-demand copy pipe: jobs that run it through /v0/pipes/c/copy keep calling the old name.']);
    expect((await codes(BASE, 'top'))[0]).toMatch(/^top is served at \/v0\/pipes\/top\.json/);
  });
});
