import { RuleTester } from '@tb-refs/lint/testing';
import { outputMatchesTarget as rule } from '../../src/rules/output-matches-target.js';

const events = 'SCHEMA >\n    `id` String,\n    `user_id` String,\n    `ts` DateTime,\n    `path` String,\n    `ingested` DateTime MATERIALIZED now()\n\nENGINE MergeTree\nENGINE_SORTING_KEY id\n';
const users = 'SCHEMA >\n    `id` String,\n    `name` String\n\nENGINE MergeTree\nENGINE_SORTING_KEY id\n';
const hits = 'SCHEMA >\n    `day` Date,\n    `path` String,\n    `hits` AggregateFunction(count),\n    `source` String DEFAULT \'web\'\n\nENGINE AggregatingMergeTree\nENGINE_SORTING_KEY day, path\n';
const snapshot = 'SCHEMA >\n    `id` String,\n    `user_id` String,\n    `ts` DateTime,\n    `path` String\n\nENGINE MergeTree\nENGINE_SORTING_KEY id\n';
const base = { 'datasources/events.datasource': events, 'datasources/users.datasource': users, 'datasources/hits_by_day.datasource': hits, 'datasources/events_snapshot.datasource': snapshot };
const mv = (sql: string): string => `NODE agg\nSQL >\n${sql}\n\nTYPE materialized\nDATASOURCE hits_by_day\n`;
const copy = (sql: string): string => `${sql}\n\nTYPE copy\nTARGET_DATASOURCE events_snapshot\n`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'aliases match the SCHEMA; a DEFAULT column may be left out',
      files: { ...base, 'pipes/hits_mv.pipe': mv('    SELECT toDate(ts) AS day, path, countState() hits\n    FROM events\n    GROUP BY day, path') },
      filename: 'pipes/hits_mv.pipe',
    },
    {
      name: 'SELECT * from a datasource leaves out its MATERIALIZED columns',
      files: { ...base, 'pipes/snap.pipe': copy('NODE snap\nSQL >\n    SELECT * FROM events FINAL') },
      filename: 'pipes/snap.pipe',
    },
    {
      name: '* through an earlier node, a CTE, EXCEPT and a subquery',
      files: {
        ...base,
        'pipes/snap.pipe': copy('NODE base\nSQL >\n    SELECT *, 1 AS tmp FROM events\n\nNODE snap\nSQL >\n    WITH latest AS (SELECT * EXCEPT (tmp) FROM base)\n    SELECT * FROM (SELECT * FROM latest) AS l'),
      },
      filename: 'pipes/snap.pipe',
    },
    {
      name: 'joins: qualified columns and a qualified *',
      files: {
        ...base,
        'pipes/snap.pipe': copy('NODE snap\nSQL >\n    SELECT e.id, e.`user_id`, e.ts, e.path\n    FROM events AS e\n    LEFT JOIN users u ON u.id = e.user_id\n\nNODE snap2\nSQL >\n    SELECT e.* EXCEPT ingested FROM events e JOIN users AS u ON u.id = e.user_id'),
      },
      filename: 'pipes/snap.pipe',
    },
    {
      name: 'the first SELECT of a UNION, template branches, trailing comma',
      files: {
        ...base,
        'pipes/hits_mv.pipe': mv('    %\n    SELECT\n        {% if defined(by_week) %} toStartOfWeek(ts) AS day, {% else %} toDate(ts) AS day, {% end %}\n        path,\n        countState() AS hits,\n    FROM events\n    GROUP BY day, path\n    UNION ALL\n    SELECT 1, 2, 3 FROM events'),
      },
      filename: 'pipes/hits_mv.pipe',
    },
    {
      name: 'a qualifier kept in the name (ClickHouse names ambiguous join columns so)',
      files: {
        ...base,
        'datasources/user_events.datasource': 'SCHEMA >\n    `u.id` String,\n    `name` String\n\nENGINE MergeTree\n',
        'pipes/user_events_mv.pipe': 'NODE j\nSQL >\n    SELECT u.id, u.name FROM users u JOIN events e ON e.user_id = u.id\n\nTYPE materialized\nDATASOURCE user_events\n',
      },
      filename: 'pipes/user_events_mv.pipe',
    },
    {
      name: 'gives up on what it cannot know',
      files: {
        ...base,
        'pipes/a.pipe': copy('NODE a\nSQL >\n    SELECT * FROM events JOIN users ON users.id = events.user_id'),
        'pipes/b.pipe': copy('NODE b\nSQL >\n    %\n    SELECT {{ columns(cols, \'id\') }} FROM events'),
        'pipes/c.pipe': copy('NODE c\nSQL >\n    SELECT COLUMNS(\'^(id|ts)$\') FROM events'),
        'pipes/d.pipe': copy('NODE d\nSQL >\n    SELECT * FROM s3(\'https://bucket/x.csv\')'),
        'pipes/e.pipe': copy('NODE e\nSQL >\n    %\n    {% if defined(x) %} SELECT id FROM events {% else %} SELECT ts FROM events {% end %}'),
        'pipes/f.pipe': copy('NODE f\nSQL >\n    SELECT payload.user AS user_id, data.id FROM events'),
      },
      filename: 'pipes/a.pipe',
    },
    {
      name: 'targets that are not datasource files',
      files: { ...base, 'pipes/a.pipe': 'NODE a\nSQL >\n    SELECT 1 AS x FROM events\n\nTYPE materialized\nDATASOURCE created_here\nENGINE MergeTree\n' },
      filename: 'pipes/a.pipe',
    },
  ],
  invalid: [
    {
      name: 'a column of the target is not selected',
      files: { ...base, 'pipes/hits_mv.pipe': mv('    SELECT toDate(ts) AS day, countState() AS hits\n    FROM events\n    GROUP BY day') },
      filename: 'pipes/hits_mv.pipe',
      errors: [{ messageId: 'missingColumns', data: { node: 'agg', columns: '"path"', target: 'hits_by_day', have: 'has', kind: 'materialized' }, line: 3, column: 5, endLine: 3, endColumn: 11 }],
    },
    {
      name: 'a misspelt alias is unknown and leaves its column missing',
      files: { ...base, 'pipes/hits_mv.pipe': mv('    SELECT toDate(ts) AS day, path, countState() AS hit\n    FROM events\n    GROUP BY day, path') },
      filename: 'pipes/hits_mv.pipe',
      errors: [
        { messageId: 'missingColumns', data: { node: 'agg', columns: '"hits"', target: 'hits_by_day', have: 'has', kind: 'materialized' }, line: 3, column: 5, endLine: 3, endColumn: 11 },
        { messageId: 'unknownColumn', data: { node: 'agg', column: 'hit', target: 'hits_by_day', kind: 'materialized' }, line: 3, column: 53, endLine: 3, endColumn: 56 },
      ],
    },
    {
      name: '* brings a column the target does not have',
      files: {
        ...base,
        'datasources/narrow.datasource': 'SCHEMA >\n    `id` String,\n    `ts` DateTime\n\nENGINE MergeTree\n',
        'pipes/narrow_copy.pipe': 'NODE n\nSQL >\n    SELECT * EXCEPT (path) FROM events\n\nTYPE copy\nTARGET_DATASOURCE narrow\n',
      },
      filename: 'pipes/narrow_copy.pipe',
      errors: [{ messageId: 'unknownColumn', data: { node: 'n', column: 'user_id', target: 'narrow', kind: 'copy' }, line: 3, column: 12, endLine: 3, endColumn: 13 }],
    },
    {
      name: 'an expression without alias, through an earlier node',
      files: { ...base, 'pipes/hits_mv.pipe': 'NODE parsed\nSQL >\n    SELECT ts, path FROM events\n\n' + mv('    SELECT toDate(ts), path, countState() AS hits\n    FROM parsed\n    GROUP BY toDate(ts), path') },
      filename: 'pipes/hits_mv.pipe',
      errors: [
        { messageId: 'missingColumns', data: { node: 'agg', columns: '"day"', target: 'hits_by_day', have: 'has', kind: 'materialized' }, line: 7, column: 5, endLine: 7, endColumn: 11 },
        { messageId: 'unnamedColumn', data: { node: 'agg', expression: 'toDate(ts)', target: 'hits_by_day' }, line: 7, column: 12, endLine: 7, endColumn: 22 },
      ],
    },
    {
      name: 'a column selected in one template branch only',
      files: {
        ...base,
        'pipes/snap.pipe': copy('NODE snap\nSQL >\n    %\n    SELECT id, user_id, ts, path{% if defined(debug) %}, now() AS debug_at{% end %}\n    FROM events'),
      },
      filename: 'pipes/snap.pipe',
      errors: [{ messageId: 'unknownColumn', data: { node: 'snap', column: 'debug_at', target: 'events_snapshot', kind: 'copy' }, line: 4, column: 67, endLine: 4, endColumn: 75 }],
    },
    {
      name: 'several missing columns, through a CTE',
      files: { ...base, 'pipes/snap.pipe': copy('NODE snap\nSQL >\n    WITH recent AS (SELECT id, ts FROM events)\n    SELECT * FROM recent') },
      filename: 'pipes/snap.pipe',
      errors: [{ messageId: 'missingColumns', data: { node: 'snap', columns: '"user_id", "path"', target: 'events_snapshot', have: 'have', kind: 'copy' }, line: 4, column: 5, endLine: 4, endColumn: 11 }],
    },
  ],
});
