import { RuleTester } from '@tb-refs/lint/testing';
import { replacingMergeTreePartitionKey as rule } from '../../src/rules/replacing-merge-tree-partition-key.js';

const schema = 'SCHEMA >\n    `id` String,\n    `createdAt` DateTime64(3),\n    `updatedAt` DateTime64(3),\n    `isDeleted` UInt8\n\n';

new RuleTester().run(rule, {
  valid: [
    { name: 'partitioned by a column that never changes', code: `${schema}ENGINE ReplacingMergeTree\nENGINE_PARTITION_KEY toYear(createdAt)\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n` },
    { name: 'no partition key', code: `${schema}ENGINE "ReplacingMergeTree"\nENGINE_SORTING_KEY "id"\nENGINE_VER "updatedAt"\n` },
    { name: 'other engines may partition by anything', code: `${schema}ENGINE MergeTree\nENGINE_PARTITION_KEY toYYYYMM(updatedAt)\nENGINE_SORTING_KEY id\n` },
    {
      name: 'materialized node creating a well-partitioned table',
      code: 'NODE latest\nSQL >\n    SELECT id, createdAt, updatedAt FROM users\n\nTYPE materialized\nDATASOURCE users_latest\nENGINE ReplacingMergeTree\nENGINE_PARTITION_KEY toYYYYMM(createdAt)\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n',
    },
  ],
  invalid: [
    {
      name: 'partitioned by the version column',
      code: `${schema}ENGINE ReplacingMergeTree\nENGINE_PARTITION_KEY "toYear(\`updatedAt\`)"\nENGINE_SORTING_KEY id\nENGINE_VER "updatedAt"\n`,
      errors: [{ messageId: 'versionInPartitionKey', data: { column: 'updatedAt' }, line: 8, column: 30, endLine: 8, endColumn: 41 }],
    },
    {
      name: 'partitioned by the is-deleted column',
      code: `${schema}ENGINE ReplacingMergeTree\nENGINE_PARTITION_KEY (toYYYYMM(createdAt), isDeleted)\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\nENGINE_IS_DELETED isDeleted\n`,
      errors: [{ messageId: 'isDeletedInPartitionKey', data: { column: 'isDeleted' }, line: 8, column: 44, endLine: 8, endColumn: 53 }],
    },
    {
      name: 'materialized node creating a table partitioned by its version',
      filename: 'pipes/users_mv.pipe',
      code: 'NODE latest\nSQL >\n    SELECT id, updatedAt FROM users\n\nTYPE materialized\nDATASOURCE users_latest\nENGINE ReplacingMergeTree\nENGINE_PARTITION_KEY toYYYYMM(updatedAt)\nENGINE_SORTING_KEY id\nENGINE_VER updatedAt\n',
      errors: [{ messageId: 'versionInPartitionKey', line: 8, column: 31, endLine: 8, endColumn: 40 }],
    },
  ],
});
