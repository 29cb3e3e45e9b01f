import { RuleTester } from '@tb-refs/lint/testing';
import { copyPipe as rule } from '../../src/rules/copy-pipe.js';

const events = 'SCHEMA >\n    `id` String,\n    `ts` DateTime\n\nENGINE MergeTree\nENGINE_SORTING_KEY id\n';
/** A copy pipe from `events` into `target` with the given extra lines after TYPE copy. */
const copy = (lines: string): string => `NODE snapshot\nSQL >\n    SELECT id, ts FROM events\n\nTYPE copy\n${lines}\n`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'target, cron schedule and mode',
      files: {
        'datasources/events.datasource': events,
        'datasources/events_snapshot.datasource': events,
        'pipes/snapshot.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE 5 * * * *\nCOPY_MODE replace'),
      },
      filename: 'pipes/snapshot.pipe',
    },
    {
      name: 'quoted @on-demand, MODE alias, steps, lists, ranges and names',
      files: {
        'datasources/events.datasource': events,
        'datasources/events_snapshot.datasource': events,
        'pipes/a.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE "@on-demand"\nMODE append'),
        'pipes/b.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE "*/15 0-6,22,23 1-31/2 jan-MAR,dec mon-fri"'),
        'pipes/c.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE 0 0 L * 5#2'),
      },
      filename: 'pipes/a.pipe',
    },
    {
      name: 'several pipes may append to one datasource, and an on-demand replace may seed it',
      files: {
        'datasources/events.datasource': events,
        'datasources/leaderboard.datasource': events,
        'pipes/stars.pipe': copy('TARGET_DATASOURCE leaderboard\nCOPY_SCHEDULE 0 1 * * *\nCOPY_MODE append'),
        'pipes/forks.pipe': copy('TARGET_DATASOURCE leaderboard\nCOPY_SCHEDULE 0 2 * * *\nCOPY_MODE replace'),
        'pipes/seed.pipe': copy('TARGET_DATASOURCE leaderboard\nCOPY_SCHEDULE @on-demand\nCOPY_MODE replace'),
      },
      filename: 'pipes/forks.pipe',
    },
    {
      name: 'an unknown target is left to no-unresolved-reference',
      code: copy('TARGET_DATASOURCE nowhere'),
    },
    {
      name: 'not a copy pipe',
      code: 'NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\n',
    },
  ],
  invalid: [
    {
      name: 'no TARGET_DATASOURCE (DATASOURCE written instead)',
      files: { 'datasources/events.datasource': events, 'datasources/events_snapshot.datasource': events, 'pipes/snapshot.pipe': copy('DATASOURCE events_snapshot') },
      filename: 'pipes/snapshot.pipe',
      errors: [{ messageId: 'missingTarget', data: { node: 'snapshot' }, line: 5, column: 1, endLine: 5, endColumn: 10 }],
    },
    {
      name: 'target is a pipe',
      files: { 'datasources/events.datasource': events, 'pipes/events_api.pipe': 'NODE api\nSQL >\n    SELECT 1\n', 'pipes/snapshot.pipe': copy('TARGET_DATASOURCE events_api') },
      filename: 'pipes/snapshot.pipe',
      errors: [{ messageId: 'targetNotDatasource', data: { name: 'events_api', kind: 'pipe' }, line: 6, column: 19, endLine: 6, endColumn: 29 }],
    },
    {
      name: 'two copy nodes',
      files: {
        'datasources/events.datasource': events,
        'datasources/events_snapshot.datasource': events,
        'pipes/snapshot.pipe': `${copy('TARGET_DATASOURCE events_snapshot')}\nNODE again\nSQL >\n    SELECT * FROM snapshot\n\nTYPE COPY\nTARGET_DATASOURCE events_snapshot\n`,
      },
      filename: 'pipes/snapshot.pipe',
      errors: [{ messageId: 'multipleCopyNodes', data: { node: 'again', first: 'snapshot' }, line: 12, column: 1, endLine: 12, endColumn: 10 }],
    },
    {
      name: 'schedules that are not cron expressions',
      files: {
        'datasources/events.datasource': events,
        'datasources/events_snapshot.datasource': events,
        'pipes/hour.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE "0 24 * * *"'),
        'pipes/fields.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE 0 * * *'),
        'pipes/step.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE */0 * * * *'),
        'pipes/names.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE 0 0 * * monday'),
        'pipes/alias.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE @ondemand'),
      },
      filename: 'pipes/hour.pipe',
      errors: [
        { file: 'pipes/alias.pipe', messageId: 'invalidSchedule', data: { value: '@ondemand', reason: '"@ondemand" is not @on-demand' }, line: 7, column: 15, endLine: 7, endColumn: 24 },
        { file: 'pipes/fields.pipe', messageId: 'invalidSchedule', data: { value: '0 * * *', reason: '4 fields instead of 5' }, line: 7, column: 15, endLine: 7, endColumn: 22 },
        { file: 'pipes/hour.pipe', messageId: 'invalidSchedule', data: { value: '0 24 * * *', reason: 'hour: 24 is outside 0-23' }, line: 7, column: 16, endLine: 7, endColumn: 26 },
        { file: 'pipes/names.pipe', messageId: 'invalidSchedule', data: { value: '0 0 * * monday', reason: 'day of week: "monday" is not a day of week' }, line: 7, column: 15, endLine: 7, endColumn: 29 },
        { file: 'pipes/step.pipe', messageId: 'invalidSchedule', data: { value: '*/0 * * * *', reason: 'minute: a step of 0' }, line: 7, column: 15, endLine: 7, endColumn: 26 },
      ],
    },
    {
      name: 'modes other than append and replace',
      files: {
        'datasources/events.datasource': events,
        'datasources/events_snapshot.datasource': events,
        'pipes/a.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_MODE overwrite'),
        'pipes/b.pipe': copy('TARGET_DATASOURCE events_snapshot\nMODE "upsert"'),
      },
      filename: 'pipes/a.pipe',
      errors: [
        { messageId: 'invalidMode', data: { key: 'COPY_MODE', value: 'overwrite' }, line: 7, column: 11, endLine: 7, endColumn: 20 },
        { file: 'pipes/b.pipe', messageId: 'invalidMode', data: { key: 'MODE', value: 'upsert' }, line: 7, column: 7, endLine: 7, endColumn: 13 },
      ],
    },
    {
      name: 'two scheduled replace copies into one datasource',
      files: {
        'datasources/events.datasource': events,
        'datasources/events_snapshot.datasource': events,
        'pipes/hourly.pipe': copy('TARGET_DATASOURCE events_snapshot\nCOPY_SCHEDULE 0 * * * *\nCOPY_MODE replace'),
        'pipes/daily.pipe': copy('TARGET_DATASOURCE "events_snapshot"\nCOPY_SCHEDULE 30 2 * * *\nCOPY_MODE REPLACE'),
      },
      filename: 'pipes/hourly.pipe',
      errors: [
        { file: 'pipes/daily.pipe', messageId: 'conflictingReplace', data: { pipe: 'daily', other: 'hourly', name: 'events_snapshot' }, line: 6, column: 20, endLine: 6, endColumn: 35 },
        { messageId: 'conflictingReplace', data: { pipe: 'hourly', other: 'daily', name: 'events_snapshot' }, line: 6, column: 19, endLine: 6, endColumn: 34 },
      ],
    },
  ],
});
