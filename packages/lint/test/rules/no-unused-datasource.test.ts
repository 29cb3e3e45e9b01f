import { RuleTester } from '@tb-refs/lint/testing';
import { noUnusedDatasource as rule } from '../../src/rules/no-unused-datasource.js';

const ds = 'SCHEMA >\n    `id` String\n\nENGINE MergeTree\n';

new RuleTester().run(rule, {
  valid: [
    { name: 'read by an endpoint', files: { 'datasources/events.datasource': ds, 'endpoints/e.pipe': 'NODE n\nSQL >\n    SELECT id FROM events\n' } },
    {
      name: 'read by a materialized view',
      files: {
        'datasources/events.datasource': ds, 'datasources/events_mv.datasource': ds,
        'pipes/mv.pipe': 'NODE n\nSQL >\n    SELECT id FROM events\n\nTYPE materialized\nDATASOURCE events_mv\n',
        'endpoints/e.pipe': 'NODE n\nSQL >\n    SELECT id FROM events_mv\n',
      },
    },
    { name: 'ignored by option', options: { ignore: ['raw_*'] }, filename: 'datasources/raw_events.datasource', code: ds },
    {
      name: 'named in an INCLUDE variable',
      files: {
        'datasources/events.datasource': ds,
        'includes/q.incl': 'NODE n\nSQL >\n    SELECT id FROM $SOURCE\n',
        'pipes/p.pipe': 'INCLUDE "../includes/q.incl" "SOURCE=events"\n\nNODE m\nSQL >\n    SELECT 1\n',
      },
    },
  ],
  invalid: [
    {
      name: 'nothing reads it',
      filename: 'datasources/events.datasource',
      code: `# landing table\n${ds}`,
      errors: [{ messageId: 'unused', data: { name: 'events', written: '' }, line: 2, column: 1, endLine: 2, endColumn: 7 }],
    },
    {
      name: 'only written by a copy pipe',
      files: {
        'datasources/events.datasource': ds,
        'datasources/snapshot.datasource': ds,
        'pipes/snap.pipe': 'NODE n\nSQL >\n    SELECT id FROM events\n\nTYPE copy\nTARGET_DATASOURCE snapshot\n',
      },
      errors: [{ file: 'datasources/snapshot.datasource', messageId: 'unused', data: { name: 'snapshot', written: ' (only written, by "snap")' }, line: 1, column: 1, endLine: 1, endColumn: 7 }],
    },
  ],
});
