import { RuleTester, dedent } from '@tb-refs/lint/testing';
import { replacingMergeTreeVersion as rule } from '../../src/rules/replacing-merge-tree-version.js';

const schema = dedent`
  SCHEMA >
      \`id\` String,
      \`createdAt\` DateTime64(3),
      \`updatedAt\` DateTime64(3)
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'versioned by updatedAt', code: `${schema}\n\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\nENGINE_VER "updatedAt"\n` },
    { name: 'not a ReplacingMergeTree', code: `${schema}\n\nENGINE "MergeTree"\nENGINE_SORTING_KEY "id"\n` },
    {
      name: 'a table without the version column may version by another column',
      code: 'SCHEMA >\n    `id` String,\n    `computedAt` DateTime\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER computedAt\n',
    },
    { name: 'UInt64 version counter', code: 'SCHEMA >\n    `id` String,\n    `updatedAt` UInt64\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n' },
    {
      name: 'configured version column',
      settings: { versionColumn: 'updated_at' },
      code: 'SCHEMA >\n    `id` String,\n    `updated_at` DateTime\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER updated_at\n',
    },
    {
      name: 'rule option overrides the setting',
      options: { versionColumn: 'version' },
      code: 'SCHEMA >\n    `id` String,\n    `version` UInt32\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER version\n',
    },
    {
      name: 'implicit connector column',
      code: dedent`
        SCHEMA >
            \`pk\` String \`json:$.pk\`

        ENGINE "ReplacingMergeTree"
        ENGINE_SORTING_KEY "pk"
        ENGINE_VER "_timestamp"

        IMPORT_SERVICE 'dynamodb'
        IMPORT_CONNECTION_NAME 'ddb'
      `,
    },
    {
      name: 'materialized node creating a versioned table',
      filename: 'pipes/users_mv.pipe',
      code: 'NODE users\nSQL >\n    SELECT id, updatedAt FROM users_raw\n\nTYPE materialized\nDATASOURCE users_latest\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\nENGINE_VER "updatedAt"\n',
    },
  ],
  invalid: [
    {
      name: 'no ENGINE_VER',
      filename: 'datasources/segments.datasource',
      code: `${schema}\n\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"`,
      errors: [{
        messageId: 'missingVer', data: { name: 'segments' }, line: 6, column: 1, endLine: 6, endColumn: 28,
        suggestions: [{ messageId: 'addVer', output: `${schema}\n\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\nENGINE_VER updatedAt` }],
      }],
    },
    {
      name: 'no ENGINE_VER, suggestion inserted after the last ENGINE line',
      code: `${schema}\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\n\nTAGS "x"\n`,
      errors: [{
        messageId: 'missingVer', line: 6, column: 1, endLine: 6, endColumn: 26,
        suggestions: [{ messageId: 'addVer', output: `${schema}\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n\nTAGS "x"\n` }],
      }],
    },
    {
      name: 'no ENGINE_VER and no usable version column: no suggestion',
      code: 'SCHEMA >\n    `id` String,\n    `updatedAt` Nullable(DateTime)\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\n',
      errors: [{ messageId: 'missingVer', line: 5, column: 1, endLine: 5, endColumn: 26 }],
    },
    {
      name: 'versioned by createdAt although updatedAt exists',
      filename: 'datasources/mentions.datasource',
      code: `${schema}\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER createdAt\n`,
      errors: [{ messageId: 'wrongVer', data: { name: 'mentions', actual: 'createdAt', expected: 'updatedAt' }, line: 8, column: 12, endLine: 8, endColumn: 21 }],
    },
    {
      name: 'version column missing from SCHEMA',
      code: 'SCHEMA >\n    `id` String\n\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\nENGINE_VER "updatedAt"\n',
      errors: [{ messageId: 'missingColumn', line: 6, column: 13, endLine: 6, endColumn: 22 }],
    },
    {
      name: 'Nullable version column',
      code: 'SCHEMA >\n    `id` String,\n    `updatedAt` Nullable(DateTime64(3))\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n',
      errors: [{ messageId: 'nullableVersion', line: 3, column: 17, endLine: 3, endColumn: 40 }],
    },
    {
      name: 'String version column',
      code: 'SCHEMA >\n    `id` String,\n    `updatedAt` String\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n',
      errors: [{ messageId: 'badVersionType', data: { column: 'updatedAt', type: 'String' }, line: 3, column: 17, endLine: 3, endColumn: 23 }],
    },
    {
      name: 'Date version column (same-day updates tie)',
      code: 'SCHEMA >\n    `id` String,\n    `updatedAt` Date\n\nENGINE ReplacingMergeTree\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n',
      errors: [{ messageId: 'badVersionType', line: 3, column: 17, endLine: 3, endColumn: 21 }],
    },
    {
      name: 'version column in the sorting key',
      code: `${schema}\n\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id, \`updatedAt\`"\nENGINE_VER "updatedAt"\n`,
      errors: [{ messageId: 'verInSortingKey', line: 7, column: 25, endLine: 7, endColumn: 36 }],
    },
    {
      name: 'materialized node creating an unversioned table',
      filename: 'pipes/users_mv.pipe',
      code: 'NODE users\nSQL >\n    SELECT id, updatedAt FROM users_raw\n\nTYPE materialized\nDATASOURCE users_latest\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\n',
      errors: [{
        messageId: 'missingVer', data: { name: 'users_latest' }, line: 7, column: 1, endLine: 7, endColumn: 28,
        suggestions: [{ messageId: 'addVer', output: 'NODE users\nSQL >\n    SELECT id, updatedAt FROM users_raw\n\nTYPE materialized\nDATASOURCE users_latest\nENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\nENGINE_VER updatedAt\n' }],
      }],
    },
  ],
});
