import { buildGraph } from '@tb-refs/graph';
import { describe, expect, test } from 'vitest';
import { applyTextEdits, repointConsumers } from '../src/index.js';

const DS = 'SCHEMA >\n    `id` String\n\nENGINE "MergeTree"\nENGINE_SORTING_KEY "id"\n';
const FILES: Record<string, string> = {
  'datasources/events.datasource': DS,
  'datasources/events_new.datasource': DS,
  'datasources/events_dedup.datasource': DS,
  // Feeds events_new from events: the migration path, never repointed.
  'pipes/migrate.pipe': 'NODE m\nSQL >\n    SELECT * FROM events\n\nTYPE copy\nTARGET_DATASOURCE events_new\n',
  'pipes/dedup.pipe': 'NODE d\nSQL >\n    SELECT * FROM events FINAL\n\nTYPE copy\nTARGET_DATASOURCE events_dedup\n',
  // Writes events: a writer, not a consumer.
  'pipes/backfill.pipe': 'NODE b\nSQL >\n    SELECT * FROM events_dedup\n\nTYPE copy\nTARGET_DATASOURCE events\n',
  'endpoints/live.pipe': 'NODE l\nSQL >\n    SELECT * FROM events JOIN events_dedup USING id\n\nTYPE endpoint\n',
  'endpoints/legacy.pipe': 'NODE l\nSQL >\n    %\n    SELECT * FROM {{ TABLE("events") }}\n',
};

function graphOf(files: Record<string, string>) {
  return buildGraph(Object.entries(files).map(([path, source]) => ({ path, source })), '/project');
}

function summary(only?: 'endpoints' | 'copies' | 'all', pipes?: string[]) {
  const plan = repointConsumers(graphOf(FILES), 'events', 'events_new', { only, pipes });
  return {
    changed: Object.fromEntries(plan.changes.map((c) => [c.path, applyTextEdits(c.before, c.edits)])),
    repointed: plan.repointed,
    still: plan.stillReading?.map((s) => `${s.pipe}: ${s.reason}`),
  };
}

describe('repointConsumers', () => {
  test('--only endpoints rewrites endpoints and leaves the copy pipes', () => {
    expect(summary('endpoints')).toEqual({
      changed: {
        'endpoints/legacy.pipe': 'NODE l\nSQL >\n    %\n    SELECT * FROM {{ TABLE("events_new") }}\n',
        'endpoints/live.pipe': 'NODE l\nSQL >\n    SELECT * FROM events_new JOIN events_dedup USING id\n\nTYPE endpoint\n',
      },
      repointed: ['legacy', 'live'],
      still: ['dedup: not-selected', 'migrate: feeds-new'],
    });
  });

  test('--only copies never touches the copy that feeds the new datasource', () => {
    const s = summary('copies');
    expect(Object.keys(s.changed)).toEqual(['pipes/dedup.pipe']);
    expect(s.still).toEqual(['legacy: not-selected', 'live: not-selected', 'migrate: feeds-new']);
  });

  test('all consumers by default; writers of the old datasource are not consumers', () => {
    const s = summary();
    expect(s.repointed).toEqual(['dedup', 'legacy', 'live']);
    expect(s.changed['pipes/backfill.pipe']).toBeUndefined();
    expect(s.still).toEqual(['migrate: feeds-new']);
  });

  test('running it again changes nothing', () => {
    const plan = repointConsumers(graphOf(FILES), 'events', 'events_new', { only: 'endpoints' });
    const next = { ...FILES, ...Object.fromEntries(plan.changes.map((c) => [c.path, applyTextEdits(c.before, c.edits)])) };
    const again = repointConsumers(graphOf(next), 'events', 'events_new', { only: 'endpoints' });
    expect(again.changes).toEqual([]);
    expect(again.repointed).toEqual([]);
  });

  test('--pipes narrows the choice and checks the names', () => {
    expect(summary('all', ['live']).repointed).toEqual(['live']);
    expect(() => summary('all', ['liv'])).toThrow('No pipe named "liv". Did you mean "live"?');
    expect(() => summary('all', ['backfill'])).toThrow('Pipe "backfill" does not read "events".');
  });

  test('both names must exist', () => {
    expect(() => repointConsumers(graphOf(FILES), 'events', 'events_nwe')).toThrow('No datasource or pipe named "events_nwe" (the new name) in /project. Did you mean "events_new"?');
    expect(() => repointConsumers(graphOf(FILES), 'event', 'events_new')).toThrow('Did you mean "events"?');
  });

  test('an .incl shared with a pipe that is not chosen stays, and its chosen includer is listed', () => {
    const plan = repointConsumers(graphOf({
      ...FILES,
      'includes/read.incl': 'NODE r\nSQL >\n    SELECT * FROM events\n',
      'endpoints/a.pipe': 'INCLUDE "../includes/read.incl"\nNODE a\nSQL >\n    SELECT * FROM r\n\nTYPE endpoint\n',
      'pipes/c.pipe': 'INCLUDE "../includes/read.incl"\nNODE c\nSQL >\n    SELECT * FROM r\n\nTYPE copy\nTARGET_DATASOURCE events_dedup\n',
    }), 'events', 'events_new', { only: 'endpoints' });
    expect(plan.changes.map((c) => c.path)).not.toContain('includes/read.incl');
    expect(plan.stillReading).toContainEqual({ pipe: 'a', type: 'endpoint', file: 'endpoints/a.pipe', reason: 'shared-include' });
    expect(plan.stillReading).toContainEqual({ pipe: 'c', type: 'copy', file: 'pipes/c.pipe', reason: 'not-selected' });
  });
});
