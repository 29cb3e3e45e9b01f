import { RuleTester } from '@tb-refs/lint/testing';
import { endpointReadsRawDatasource as rule } from '../../src/rules/endpoint-reads-raw-datasource.js';

const landing = 'SCHEMA >\n    `id` String,\n    `updatedAt` DateTime64(3)\n\nENGINE MergeTree\nENGINE_SORTING_KEY id\n';
const deduplicated = 'SCHEMA >\n    `id` String,\n    `updatedAt` DateTime64(3)\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n';
const copyOf = (source: string, target: string): string =>
  `NODE latest\nSQL >\n    SELECT id, updatedAt FROM ${source}\n    ORDER BY updatedAt DESC\n    LIMIT 1 BY id\n\nTYPE copy\nTARGET_DATASOURCE ${target}\nCOPY_MODE replace\nCOPY_SCHEDULE 5 * * * *\n`;
const endpoint = (from: string): string => `TOKEN "read" READ\n\nNODE recent\nSQL >\n    SELECT id FROM ${from}\n    LIMIT 10\n\nTYPE endpoint\n`;

/** A landing table `events` with a deduplicating copy into `events_ds`. */
const project = {
  'datasources/events.datasource': landing,
  'datasources/events_ds.datasource': deduplicated,
  'pipes/events_copy.pipe': copyOf('events', 'events_ds'),
};

new RuleTester().run(rule, {
  valid: [
    { name: 'reads the deduplicated copy', files: { ...project, 'endpoints/recent.pipe': endpoint('events_ds') } },
    {
      name: 'raw table without a deduplicated copy (onlyDeduplicated)',
      files: { 'datasources/events.datasource': landing, 'endpoints/recent.pipe': endpoint('events') },
    },
    {
      name: 'Postgres replica listed in settings',
      settings: { postgresDatasources: ['events'] },
      files: { ...project, 'endpoints/recent.pipe': endpoint('events') },
    },
    {
      name: 'copy that joins the table with others is an enrichment, not its deduplicated copy',
      files: {
        'datasources/members.datasource': deduplicated,
        'datasources/events.datasource': landing,
        'datasources/events_ds.datasource': deduplicated,
        'pipes/events_copy.pipe': copyOf('events e JOIN members m ON m.id = e.id', 'events_ds'),
        'endpoints/members.pipe': endpoint('members'),
      },
    },
    {
      name: 'a materialized view breaks the live chain',
      files: {
        ...project,
        'datasources/events_mv.datasource': landing,
        'pipes/events_to_mv.pipe': 'NODE mv\nSQL >\n    SELECT id, updatedAt FROM events\n\nTYPE materialized\nDATASOURCE events_mv\n',
        'endpoints/recent.pipe': endpoint('events_mv'),
      },
    },
    { name: 'copy pipes may read raw tables', files: { ...project, 'pipes/other_copy.pipe': copyOf('events', 'events_ds') } },
  ],
  invalid: [
    {
      name: 'endpoint reads the landing table',
      files: { ...project, 'endpoints/recent.pipe': endpoint('events') },
      filename: 'endpoints/recent.pipe',
      errors: [{
        messageId: 'direct', data: { endpoint: 'recent', datasource: 'events' }, line: 5, column: 20, endLine: 5, endColumn: 26,
        suggestions: [{ messageId: 'useDeduplicated', output: endpoint('events_ds') }],
      }],
    },
    {
      name: 'endpoint reads the landing table through a helper pipe',
      files: {
        ...project,
        'pipes/helper.pipe': 'NODE filtered\nSQL >\n    SELECT id FROM events WHERE id != \'\'\n',
        'endpoints/top.pipe': endpoint('helper'),
      },
      errors: [
        { file: 'endpoints/top.pipe', messageId: 'indirect', data: { endpoint: 'top', datasource: 'events', chain: '"helper"' }, line: 5, column: 20, endLine: 5, endColumn: 26 },
        {
          // A pipe without TYPE is published on its last node, so the helper is an endpoint too.
          file: 'pipes/helper.pipe', messageId: 'direct', line: 3, column: 20, endLine: 3, endColumn: 26,
          suggestions: [{ messageId: 'useDeduplicated', output: 'NODE filtered\nSQL >\n    SELECT id FROM events_ds WHERE id != \'\'\n' }],
        },
      ],
    },
    {
      name: 'every raw table when onlyDeduplicated is off',
      options: { onlyDeduplicated: false },
      files: { 'datasources/events.datasource': landing, 'endpoints/recent.pipe': endpoint('`events`') },
      filename: 'endpoints/recent.pipe',
      errors: [{ messageId: 'direct', line: 5, column: 21, endLine: 5, endColumn: 27 }],
    },
  ],
});
