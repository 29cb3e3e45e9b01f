import { RuleTester } from '@tb-refs/lint/testing';
import { uniqueNames as rule } from '../../src/rules/unique-names.js';

const ds = 'SCHEMA >\n    `id` String\n\nENGINE MergeTree\n';
const pipe = 'NODE first\nSQL >\n    SELECT 1\n\nNODE second\nSQL >\n    SELECT * FROM first\n';

new RuleTester().run(rule, {
  valid: [
    { name: 'distinct names', files: { 'datasources/events.datasource': ds, 'pipes/events_by_day.pipe': pipe } },
    { name: 'a node may share a name with another pipe', files: { 'pipes/a.pipe': 'NODE b\nSQL >\n    SELECT 1\n', 'pipes/b.pipe': 'NODE a\nSQL >\n    SELECT 1\n' } },
    { name: 'includes are not resources', files: { 'includes/events.incl': 'NODE x\nSQL >\n    SELECT 1\n', 'datasources/events.datasource': ds } },
  ],
  invalid: [
    {
      name: 'same pipe name in two folders',
      files: { 'endpoints/kpis.pipe': pipe, 'pipes/kpis.pipe': pipe },
      errors: [{ file: 'pipes/kpis.pipe', messageId: 'duplicateResource', data: { name: 'kpis', other: 'endpoints/kpis.pipe' }, line: 1, column: 1, endLine: 1, endColumn: 5 }],
    },
    {
      name: 'a pipe named like a datasource',
      files: { 'datasources/events.datasource': `# events\n${ds}`, 'pipes/events.pipe': pipe },
      errors: [{ file: 'pipes/events.pipe', messageId: 'duplicateResource', data: { name: 'events', other: 'datasources/events.datasource' }, line: 1, column: 1, endLine: 1, endColumn: 5 }],
    },
    {
      name: 'duplicate node and node named like the pipe',
      filename: 'pipes/totals.pipe',
      code: 'NODE totals\nSQL >\n    SELECT 1\n\nNODE agg\nSQL >\n    SELECT 2\n\nNODE agg\nSQL >\n    SELECT 3\n',
      errors: [
        { messageId: 'nodeNamedLikePipe', data: { name: 'totals' }, line: 1, column: 6, endLine: 1, endColumn: 12 },
        { messageId: 'duplicateNode', data: { name: 'agg' }, line: 9, column: 6, endLine: 9, endColumn: 9 },
      ],
    },
  ],
});
