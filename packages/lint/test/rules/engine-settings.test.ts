import { RuleTester } from '@tb-refs/lint/testing';
import { engineSettings as rule } from '../../src/rules/engine-settings.js';

const schema = 'SCHEMA >\n    `id` String,\n    `ts` DateTime,\n    `updatedAt` DateTime64(3),\n    `deleted` UInt8,\n    `sign` Int8,\n    `version` UInt32,\n    `amount` Float64,\n    `country` Nullable(String),\n    `hits` AggregateFunction(count)\n\n';

new RuleTester().run(rule, {
  valid: [
    { name: 'no ENGINE: MergeTree options', code: `${schema}ENGINE_PARTITION_KEY "toYYYYMM(ts)"\nENGINE_SORTING_KEY "id, ts"\nENGINE_TTL "ts + toIntervalDay(30)"\nENGINE_SETTINGS "index_granularity = 8192"\n` },
    { name: 'ReplacingMergeTree with version and is-deleted columns', code: `${schema}ENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\nENGINE_VER "updatedAt"\nENGINE_IS_DELETED "\`deleted\`"\n` },
    { name: 'SummingMergeTree columns, both spellings', code: `${schema}ENGINE SummingMergeTree\nENGINE_SORTING_KEY id\nENGINE_COLUMNS amount\nENGINE_SUMMING_COLUMNS amount, sign\n` },
    { name: 'CollapsingMergeTree', code: `${schema}ENGINE collapsingmergetree\nENGINE_SORTING_KEY id\nENGINE_SIGN sign\n` },
    { name: 'VersionedCollapsingMergeTree', code: `${schema}ENGINE VersionedCollapsingMergeTree\nENGINE_SORTING_KEY id\nENGINE_SIGN sign\nENGINE_VERSION version\n` },
    { name: 'Join', code: `${schema}ENGINE Join\nENGINE_JOIN_STRICTNESS ANY\nENGINE_JOIN_TYPE LEFT\nENGINE_KEY_COLUMNS id, ts\n` },
    { name: 'tuple() and functions in keys, interval words', code: `${schema}ENGINE AggregatingMergeTree\nENGINE_SORTING_KEY "tuple()"\nENGINE_PARTITION_KEY "toStartOfInterval(ts, INTERVAL 1 DAY)"\n` },
    { name: 'Nullable key allowed by setting', code: `${schema}ENGINE MergeTree\nENGINE_SORTING_KEY "country, id"\nENGINE_SETTINGS "allow_nullable_key = 1"\n` },
    {
      name: 'Kafka metadata columns',
      code: `${schema}ENGINE MergeTree\nENGINE_SORTING_KEY __timestamp\nENGINE_PARTITION_KEY toYYYYMM(__timestamp)\n\nKAFKA_CONNECTION_NAME kafka\nKAFKA_TOPIC events\n`,
    },
    { name: 'settings from an INCLUDE are not known', code: `${schema}INCLUDE "engine.incl"\nENGINE CollapsingMergeTree\n` },
    {
      name: 'materialized node creating its datasource: columns from its query',
      code: 'NODE base\nSQL >\n    SELECT id, ts FROM events\n\nNODE agg\nSQL >\n    SELECT b.id, toDate(ts) AS day, countState() AS hits FROM base AS b GROUP BY id, day\n\nTYPE materialized\nDATASOURCE hits_by_day\nENGINE AggregatingMergeTree\nENGINE_SORTING_KEY id, day\nENGINE_PARTITION_KEY toYYYYMM(day)\n',
    },
  ],
  invalid: [
    {
      name: 'unknown engine',
      code: `${schema}ENGINE "ReplacingMergTree"\nENGINE_SORTING_KEY id\n`,
      errors: [{ messageId: 'unknownEngine', data: { engine: 'ReplacingMergTree', hint: '; did you mean "ReplacingMergeTree"' }, line: 12, column: 9, endLine: 12, endColumn: 26 }],
    },
    {
      name: 'Replicated engine',
      code: `${schema}ENGINE ReplicatedMergeTree\n`,
      errors: [{ messageId: 'replicatedEngine', data: { engine: 'ReplicatedMergeTree' }, line: 12, column: 8, endLine: 12, endColumn: 27 }],
    },
    {
      name: 'settings of another engine',
      code: `${schema}ENGINE MergeTree\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\nENGINE_SIGN sign\n`,
      errors: [
        { messageId: 'invalidSetting', data: { key: 'ENGINE_VER', engine: 'MergeTree' }, line: 14, column: 1, endLine: 14, endColumn: 11 },
        { messageId: 'invalidSetting', data: { key: 'ENGINE_SIGN', engine: 'MergeTree' }, line: 15, column: 1, endLine: 15, endColumn: 12 },
      ],
    },
    {
      name: 'Join takes no MergeTree options and needs its three settings',
      code: `${schema}ENGINE Join\nENGINE_SORTING_KEY id\nENGINE_JOIN_STRICTNESS ANY\nENGINE_JOIN_TYPE OUTER\n`,
      errors: [
        { messageId: 'missingSetting', data: { engine: 'Join', key: 'ENGINE_KEY_COLUMNS' }, line: 12, column: 1, endLine: 12, endColumn: 12 },
        { messageId: 'invalidSetting', data: { key: 'ENGINE_SORTING_KEY', engine: 'Join' }, line: 13, column: 1, endLine: 13, endColumn: 19 },
        { messageId: 'badValue', data: { key: 'ENGINE_JOIN_TYPE', value: 'OUTER', allowed: 'LEFT, INNER, RIGHT, FULL' }, line: 15, column: 18, endLine: 15, endColumn: 23 },
      ],
    },
    {
      name: 'required settings of Collapsing and VersionedCollapsing engines',
      files: {
        'datasources/a.datasource': `${schema}ENGINE CollapsingMergeTree\nENGINE_SORTING_KEY id\n`,
        'datasources/b.datasource': `${schema}ENGINE "VersionedCollapsingMergeTree"\nENGINE_SIGN sign\n`,
      },
      filename: 'datasources/a.datasource',
      errors: [
        { messageId: 'missingSetting', data: { engine: 'CollapsingMergeTree', key: 'ENGINE_SIGN' }, line: 12, column: 1, endLine: 12, endColumn: 27 },
        { file: 'datasources/b.datasource', messageId: 'missingSetting', data: { engine: 'VersionedCollapsingMergeTree', key: 'ENGINE_VERSION' }, line: 12, column: 1, endLine: 12, endColumn: 38 },
      ],
    },
    {
      name: 'ReplacingMergeTree and AggregatingMergeTree need a sorting key; tuple() is none',
      files: {
        'datasources/a.datasource': `${schema}ENGINE AggregatingMergeTree\n`,
        'datasources/b.datasource': `${schema}ENGINE ReplacingMergeTree\nENGINE_SORTING_KEY "tuple()"\nENGINE_IS_DELETED deleted\n`,
      },
      filename: 'datasources/a.datasource',
      errors: [
        { messageId: 'missingSetting', data: { engine: 'AggregatingMergeTree', key: 'ENGINE_SORTING_KEY' }, line: 12, column: 1, endLine: 12, endColumn: 28 },
        { file: 'datasources/b.datasource', messageId: 'emptySortingKey', line: 13, column: 21, endLine: 13, endColumn: 28 },
        { file: 'datasources/b.datasource', messageId: 'isDeletedWithoutVer', line: 14, column: 1, endLine: 14, endColumn: 18 },
      ],
    },
    {
      name: 'parameter columns not in SCHEMA',
      files: {
        'datasources/a.datasource': `${schema}ENGINE SummingMergeTree\nENGINE_SORTING_KEY id\nENGINE_COLUMNS "amount, \`total\`"\n`,
        'datasources/b.datasource': `${schema}ENGINE Join\nENGINE_JOIN_STRICTNESS ALL\nENGINE_JOIN_TYPE INNER\nENGINE_KEY_COLUMNS id, user_id\n`,
        'datasources/c.datasource': `${schema}ENGINE CollapsingMergeTree\nENGINE_SORTING_KEY id\nENGINE_SIGN is_active\n`,
      },
      filename: 'datasources/a.datasource',
      errors: [
        { messageId: 'missingColumn', data: { key: 'ENGINE_COLUMNS', column: 'total', name: 'a' }, line: 14, column: 25, endLine: 14, endColumn: 32 },
        { file: 'datasources/b.datasource', messageId: 'missingColumn', data: { key: 'ENGINE_KEY_COLUMNS', column: 'user_id', name: 'b' }, line: 15, column: 24, endLine: 15, endColumn: 31 },
        { file: 'datasources/c.datasource', messageId: 'missingColumn', data: { key: 'ENGINE_SIGN', column: 'is_active', name: 'c' }, line: 14, column: 13, endLine: 14, endColumn: 22 },
      ],
    },
    {
      name: 'key columns: missing, Nullable, AggregateFunction',
      code: `${schema}ENGINE AggregatingMergeTree\nENGINE_SORTING_KEY "country, hits, toDate(tss)"\n`,
      errors: [
        { messageId: 'nullableInKey', data: { column: 'country', key: 'ENGINE_SORTING_KEY' }, line: 13, column: 21, endLine: 13, endColumn: 28 },
        { messageId: 'aggregateInKey', data: { column: 'hits', key: 'ENGINE_SORTING_KEY' }, line: 13, column: 30, endLine: 13, endColumn: 34 },
        { messageId: 'missingColumn', data: { key: 'ENGINE_SORTING_KEY', column: 'tss', name: 'test_ds' }, line: 13, column: 43, endLine: 13, endColumn: 46 },
      ],
    },
    {
      name: 'materialized node creating its datasource: settings checked against its query',
      filename: 'pipes/hits_mv.pipe',
      code: 'NODE agg\nSQL >\n    SELECT toDate(ts) AS day, countState() AS hits FROM events GROUP BY day\n\nTYPE materialized\nDATASOURCE hits_by_day\nENGINE AggregatingMergeTree\nENGINE_SORTING_KEY day, path\nENGINE_VER day\n',
      errors: [
        { messageId: 'missingColumn', data: { key: 'ENGINE_SORTING_KEY', column: 'path', name: 'hits_by_day' }, line: 8, column: 25, endLine: 8, endColumn: 29 },
        { messageId: 'invalidSetting', data: { key: 'ENGINE_VER', engine: 'AggregatingMergeTree' }, line: 9, column: 1, endLine: 9, endColumn: 11 },
      ],
    },
  ],
});
