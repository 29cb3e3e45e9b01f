import { RuleTester } from '@tb-refs/lint/testing';
import { materializedPipe as rule } from '../../src/rules/materialized-pipe.js';

const events = 'SCHEMA >\n    `id` String,\n    `ts` DateTime\n\nENGINE MergeTree\nENGINE_SORTING_KEY id\n';
const hits = 'SCHEMA >\n    `day` Date,\n    `hits` AggregateFunction(count)\n\nENGINE AggregatingMergeTree\nENGINE_SORTING_KEY day\n';
const mv = (lines: string): string => `NODE agg\nSQL >\n    SELECT toDate(ts) AS day, countState() AS hits FROM events GROUP BY day\n\nTYPE materialized\n${lines}\n`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'materialized node writing a datasource file',
      files: { 'datasources/events.datasource': events, 'datasources/hits_by_day.datasource': hits, 'pipes/hits_mv.pipe': mv('DATASOURCE hits_by_day') },
      filename: 'pipes/hits_mv.pipe',
    },
    {
      name: 'target created by ENGINE settings in the node',
      files: { 'datasources/events.datasource': events, 'pipes/hits_mv.pipe': mv('DATASOURCE hits_by_day\nENGINE AggregatingMergeTree\nENGINE_SORTING_KEY day') },
      filename: 'pipes/hits_mv.pipe',
    },
    {
      name: 'plain nodes before the output node, and TYPE standard',
      code: 'NODE a\nSQL >\n    SELECT 1 AS x\n\nTYPE standard\n\nNODE b\nSQL >\n    SELECT x FROM a\n\nTYPE endpoint\n',
    },
    {
      name: 'an unknown DATASOURCE is left to no-unresolved-reference',
      files: { 'datasources/events.datasource': events, 'pipes/hits_mv.pipe': mv('DATASOURCE nowhere') },
      filename: 'pipes/hits_mv.pipe',
    },
  ],
  invalid: [
    {
      name: 'no DATASOURCE (TARGET_DATASOURCE written instead)',
      files: { 'datasources/events.datasource': events, 'datasources/hits_by_day.datasource': hits, 'pipes/hits_mv.pipe': mv('TARGET_DATASOURCE hits_by_day') },
      filename: 'pipes/hits_mv.pipe',
      errors: [{ messageId: 'missingDatasource', data: { node: 'agg' }, line: 5, column: 1, endLine: 5, endColumn: 18 }],
    },
    {
      name: 'DATASOURCE is a pipe',
      files: { 'datasources/events.datasource': events, 'pipes/hits_api.pipe': 'NODE api\nSQL >\n    SELECT 1\n', 'pipes/hits_mv.pipe': mv('DATASOURCE "hits_api"') },
      filename: 'pipes/hits_mv.pipe',
      errors: [{ messageId: 'datasourceNotDatasource', data: { name: 'hits_api', kind: 'pipe' }, line: 6, column: 13, endLine: 6, endColumn: 21 }],
    },
    {
      name: 'two materialized nodes',
      files: {
        'datasources/events.datasource': events,
        'datasources/hits_by_day.datasource': hits,
        'pipes/hits_mv.pipe': `${mv('DATASOURCE hits_by_day')}\nNODE again\nSQL >\n    SELECT day, hits FROM agg\n\nTYPE MATERIALIZED\nDATASOURCE hits_by_day\n`,
      },
      filename: 'pipes/hits_mv.pipe',
      errors: [{ messageId: 'multipleMaterialized', data: { node: 'again', first: 'agg' }, line: 12, column: 1, endLine: 12, endColumn: 18 }],
    },
    {
      name: 'an endpoint and a sink in one pipe',
      code: 'NODE api\nSQL >\n    SELECT 1 AS x\n\nTYPE endpoint\n\nNODE export\nSQL >\n    SELECT x FROM api\n\nTYPE sink\nEXPORT_CONNECTION_NAME "s3"\n',
      errors: [{ messageId: 'mixedOutputs', data: { node: 'export', type: 'sink', first: 'api', firstType: 'endpoint' }, line: 11, column: 1, endLine: 11, endColumn: 10 }],
    },
    {
      name: 'a materialized node after a copy node',
      files: {
        'datasources/events.datasource': events,
        'datasources/hits_by_day.datasource': hits,
        'pipes/mixed.pipe': 'NODE copy_it\nSQL >\n    SELECT * FROM events\n\nTYPE copy\nTARGET_DATASOURCE events\n\nNODE mat\nSQL >\n    SELECT toDate(ts) AS day, countState() AS hits FROM events GROUP BY day\n\nTYPE materialized\n',
      },
      filename: 'pipes/mixed.pipe',
      errors: [
        { messageId: 'missingDatasource', data: { node: 'mat' }, line: 12, column: 1, endLine: 12, endColumn: 18 },
        { messageId: 'mixedOutputs', data: { node: 'mat', type: 'materialized', first: 'copy_it', firstType: 'copy' }, line: 12, column: 1, endLine: 12, endColumn: 18 },
      ],
    },
  ],
});
