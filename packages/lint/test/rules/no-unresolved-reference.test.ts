import { RuleTester } from '@tb-refs/lint/testing';
import { noUnresolvedReference as rule } from '../../src/rules/no-unresolved-reference.js';

const events = 'SCHEMA >\n    `id` String,\n    `ts` DateTime\n\nENGINE MergeTree\nENGINE_SORTING_KEY id\n';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'datasources, earlier nodes, CTEs and service tables',
      files: {
        'datasources/events.datasource': events,
        'pipes/top.pipe': 'NODE base\nSQL >\n    SELECT id FROM events\n\nNODE top\nSQL >\n    WITH recent AS (SELECT id FROM base)\n    SELECT count() FROM recent JOIN tinybird.datasources_ops_log USING id\n',
      },
    },
    {
      name: 'copy target and quarantine table',
      files: {
        'datasources/events.datasource': events,
        'datasources/events_copy.datasource': events,
        'pipes/copy.pipe': 'NODE c\nSQL >\n    SELECT * FROM events_quarantine\n\nTYPE copy\nTARGET_DATASOURCE events_copy\n',
      },
    },
    {
      name: 'included file',
      files: {
        'includes/filter.incl': 'NODE filtered\nSQL >\n    SELECT 1\n',
        'pipes/p.pipe': 'INCLUDE "../includes/filter.incl"\n\nNODE n\nSQL >\n    SELECT 1\n',
      },
      filename: 'pipes/p.pipe',
    },
  ],
  invalid: [
    {
      name: 'typo in FROM',
      files: {
        'datasources/events.datasource': events,
        'pipes/top.pipe': 'NODE top\nSQL >\n    SELECT id FROM evnets\n',
      },
      filename: 'pipes/top.pipe',
      errors: [{
        messageId: 'unresolved', data: { site: 'FROM', name: 'evnets', owner: 'top' }, line: 3, column: 20, endLine: 3, endColumn: 26,
        suggestions: [{ messageId: 'replaceWith', output: 'NODE top\nSQL >\n    SELECT id FROM events\n' }],
      }],
    },
    {
      name: 'a node and a datasource as close to the typo: the datasource is suggested',
      files: {
        'datasources/eventz.datasource': events,
        'pipes/top.pipe': 'NODE eventy\nSQL >\n    SELECT 1 AS id\n\nNODE top\nSQL >\n    SELECT id FROM eventx\n',
      },
      filename: 'pipes/top.pipe',
      errors: [{
        messageId: 'unresolved', data: { site: 'FROM', name: 'eventx', owner: 'top' }, line: 7, column: 20, endLine: 7, endColumn: 26,
        suggestions: [{ messageId: 'replaceWith', output: 'NODE eventy\nSQL >\n    SELECT 1 AS id\n\nNODE top\nSQL >\n    SELECT id FROM eventz\n' }],
      }],
    },
    {
      name: 'one typo in two pipes: the node closer to it where the pipe has one, else the datasource',
      files: {
        'datasources/events_base.datasource': events,
        'pipes/top.pipe': 'NODE evnts_base\nSQL >\n    SELECT 1 AS id\n\nNODE top\nSQL >\n    SELECT id FROM evnts_bas\n',
        'pipes/other.pipe': 'NODE o\nSQL >\n    SELECT id FROM evnts_bas\n',
      },
      filename: 'pipes/top.pipe',
      errors: [
        {
          messageId: 'unresolved', data: { site: 'FROM', name: 'evnts_bas', owner: 'other' }, file: 'pipes/other.pipe', line: 3, column: 20, endLine: 3, endColumn: 29,
          suggestions: [{ messageId: 'replaceWith', output: 'NODE o\nSQL >\n    SELECT id FROM events_base\n' }],
        },
        {
          messageId: 'unresolved', data: { site: 'FROM', name: 'evnts_bas', owner: 'top' }, line: 7, column: 20, endLine: 7, endColumn: 29,
          suggestions: [{ messageId: 'replaceWith', output: 'NODE evnts_base\nSQL >\n    SELECT 1 AS id\n\nNODE top\nSQL >\n    SELECT id FROM evnts_base\n' }],
        },
      ],
    },
    {
      name: 'missing name in a template branch, and a later node name suggested',
      code: 'NODE day_intervals\nSQL >\n    SELECT 1 AS d\n\nNODE series\nSQL >\n    %\n    SELECT * FROM\n    {% if granularity == "minute" %} minute_intervals {% else %} day_intervals {% end %}\n',
      filename: 'pipes/series.pipe',
      errors: [{
        messageId: 'unresolvedConditional', data: { site: 'FROM', name: 'minute_intervals' }, line: 9, column: 38, endLine: 9, endColumn: 54,
      }],
    },
    {
      name: 'missing TARGET_DATASOURCE and JOIN table',
      files: {
        'datasources/events.datasource': events,
        'pipes/copy.pipe': 'NODE c\nSQL >\n    SELECT * FROM events JOIN users USING id\n\nTYPE copy\nTARGET_DATASOURCE "events_snapshot"\n',
      },
      filename: 'pipes/copy.pipe',
      errors: [
        { messageId: 'unresolved', data: { site: 'JOIN', name: 'users', owner: 'copy' }, line: 3, column: 31, endLine: 3, endColumn: 36 },
        { messageId: 'unresolved', data: { site: 'TARGET_DATASOURCE', name: 'events_snapshot', owner: 'copy' }, line: 6, column: 20, endLine: 6, endColumn: 35 },
      ],
    },
    {
      name: 'INCLUDE of a missing file and one outside the project',
      code: 'INCLUDE "includes/missing.incl"\nINCLUDE "../../shared.incl"\n\nNODE n\nSQL >\n    SELECT 1\n',
      filename: 'pipes/p.pipe',
      errors: [
        { messageId: 'unresolvedInclude', data: { path: 'includes/missing.incl' }, line: 1, column: 10, endLine: 1, endColumn: 31 },
        { messageId: 'includeOutside', data: { path: '../../shared.incl' }, line: 2, column: 10, endLine: 2, endColumn: 27 },
      ],
    },
  ],
});
