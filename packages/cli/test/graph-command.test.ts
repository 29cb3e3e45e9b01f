import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../src/main.js';
import { cleanupProjects, createFakeIo, createProject } from './helpers.js';

afterEach(cleanupProjects);

const PROJECT = {
  'datasources/events.datasource': 'SCHEMA >\n    `id` String,\n    `updatedAt` DateTime\n\nENGINE "MergeTree"\nENGINE_SORTING_KEY "id"\n',
  'datasources/events_dedup.datasource': 'SCHEMA >\n    `id` String,\n    `updatedAt` DateTime\n\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\nENGINE_VER "updatedAt"\n',
  'pipes/dedup.pipe': 'NODE d\nSQL >\n    SELECT id, updatedAt FROM events FINAL\n\nTYPE copy\nTARGET_DATASOURCE events_dedup\nCOPY_SCHEDULE 0 * * * *\n',
  'endpoints/latest.pipe': 'NODE a\nSQL >\n    SELECT * FROM events_dedup\n\nNODE b\nSQL >\n    SELECT * FROM a JOIN missing_table USING id\n\nTYPE endpoint\n',
  'endpoints/raw.pipe': 'NODE r\nSQL >\n    SELECT count() FROM events\n',
};

async function run(argv: string[], cwd: string) {
  const io = createFakeIo(cwd);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('tb-refs graph', () => {
  test('json follows the documented contract', async () => {
    const root = createProject(PROJECT);
    const { code, out, err } = await run(['graph', '.', '--format', 'json'], root);
    expect(err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { vertices: Record<string, unknown>[]; edges: Record<string, unknown>[] };
    expect(json.vertices).toContainEqual({ id: 'datasource:events', kind: 'datasource', name: 'events', file: 'datasources/events.datasource', raw: true, engine: 'MergeTree' });
    expect(json.vertices).toContainEqual({ id: 'datasource:events_dedup', kind: 'datasource', name: 'events_dedup', file: 'datasources/events_dedup.datasource', raw: false, engine: 'ReplacingMergeTree' });
    expect(json.vertices).toContainEqual({ id: 'pipe:raw', kind: 'pipe', name: 'raw', type: 'default', file: 'endpoints/raw.pipe', nodes: ['r'], endpointNode: 'r' });
    expect(json.vertices).toContainEqual({ id: 'unresolved:missing_table', kind: 'unresolved', name: 'missing_table' });
    expect(json.edges).toContainEqual({ from: 'datasource:events', to: 'pipe:dedup', kind: 'read', node: 'd', file: 'pipes/dedup.pipe', line: 3, column: 31 });
    expect(json.edges).toContainEqual({ from: 'pipe:dedup', to: 'datasource:events_dedup', kind: 'copy', node: 'd', file: 'pipes/dedup.pipe', line: 6, column: 19 });
    expect(json.edges).toContainEqual({ from: 'node:latest/a', to: 'node:latest/b', kind: 'node', node: 'b', file: 'endpoints/latest.pipe', line: 7, column: 19 });
  });

  test('--select +name keeps the upstream closure only', async () => {
    const root = createProject(PROJECT);
    const { code, out } = await run(['graph', root, '-f', 'json', '--select', '+events_dedup'], '/');
    expect(code).toBe(0);
    const ids = (JSON.parse(out) as { vertices: { id: string; kind: string }[] }).vertices.filter((v) => v.kind !== 'node').map((v) => v.id);
    expect(ids).toEqual(['datasource:events', 'datasource:events_dedup', 'pipe:dedup']);
  });

  test('dot and mermaid render left to right with every resource edge', async () => {
    const root = createProject(PROJECT);
    const dot = await run(['graph', '.', '-f', 'dot'], root);
    expect(dot.out).toContain('rankdir=LR;');
    expect(dot.out).toContain('"pipe:dedup" -> "datasource:events_dedup" [label="copy"];');
    expect(dot.out).toContain('"datasource:events" -> "pipe:raw";');
    const mermaid = await run(['graph', '.', '-f', 'mermaid'], root);
    expect(mermaid.out.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid.out).toContain('  pipe_dedup -- copy --> datasource_events_dedup');
    expect(mermaid.out).toContain('  unresolved_missing_table{{"missing_table?"}}');
  });

  test('text is a tree from the sources, without colour when not a TTY', async () => {
    const root = createProject(PROJECT);
    const { out } = await run(['graph', '.'], root);
    expect(out).toContain(
      'datasource events (raw)  datasources/events.datasource\n├─ pipe raw\n└─ copy dedup\n   └─ copy → datasource events_dedup\n      └─ endpoint latest\nunresolved missing_table\n└─ endpoint latest (see above)\n',
    );
    expect(out).not.toContain('\u001b[');
    expect(out).toContain('2 datasources, 3 pipes, 5 edges, 1 unresolved');
  });

  test('an unknown selector name exits 2 with a suggestion', async () => {
    const root = createProject(PROJECT);
    const { code, out, err } = await run(['graph', '.', '--select', 'event+'], root);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('No datasource or pipe named "event"');
    expect(err).toContain('Did you mean "events"?');
  });

  test('a file where a directory is expected exits 2 and says so', async () => {
    const root = createProject(PROJECT);
    const { code, out, err } = await run(['graph', 'pipes/dedup.pipe'], root);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('pipes/dedup.pipe is a file; give the project directory that contains it.');
  });

  test('a missing directory exits 2', async () => {
    const { code, err } = await run(['graph', 'nope'], createProject({}));
    expect(code).toBe(2);
    expect(err).toContain('Project directory not found');
  });
});

describe('tb-refs impact', () => {
  test('a raw datasource read live by an endpoint needs repointing', async () => {
    const root = createProject(PROJECT);
    const { code, out } = await run(['impact', 'events', '.', '-f', 'json'], root);
    expect(code).toBe(0);
    const impact = JSON.parse(out) as { approach: string; liveEndpoints: { pipe: string }[]; shieldedEndpoints: string[]; copyFeeds: unknown[]; origin: string };
    expect(impact.approach).toBe('repoint');
    expect(impact.origin).toBe('tinybird');
    expect(impact.liveEndpoints.map((r) => r.pipe)).toEqual(['pipe:raw']);
    expect(impact.shieldedEndpoints).toEqual(['pipe:latest']);
    expect(impact.copyFeeds).toEqual([{ pipe: 'pipe:dedup', target: 'datasource:events_dedup' }]);
  });

  test('a datasource only copy pipes read can be renamed; markdown lists consumers', async () => {
    const files = { ...PROJECT, 'endpoints/raw.pipe': 'NODE r\nSQL >\n    SELECT count() FROM events_dedup\n' };
    const root = createProject(files);
    const { code, out } = await run(['impact', 'events', '.', '-f', 'markdown'], root);
    expect(code).toBe(0);
    expect(out).toContain('## Changing `events`');
    expect(out).toContain('| `dedup` | copy | directly | no |');
    expect(out).toContain('### Recommended: quick rename');
  });

  test('a Postgres-replicated datasource gets the Sequin playbook', async () => {
    const root = createProject(PROJECT);
    const { out } = await run(['impact', 'events', '.', '--postgres', 'events,other'], root);
    expect(out).toContain('Replicated from Postgres');
    expect(out).toContain('Pause the Sequin sink that replicates events from Postgres.');
  });

  test('unknown names and pipes exit 2', async () => {
    const root = createProject(PROJECT);
    const unknown = await run(['impact', 'evnts', '.'], root);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Did you mean "events"?');
    const pipe = await run(['impact', 'dedup', '.'], root);
    expect(pipe.code).toBe(2);
    expect(pipe.err).toContain('"dedup" is a copy pipe, not a datasource');
  });
});
