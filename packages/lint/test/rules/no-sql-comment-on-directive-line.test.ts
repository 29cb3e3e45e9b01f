import { RuleTester } from '@tb-refs/lint/testing';
import { noSqlCommentOnDirectiveLine as rule } from '../../src/rules/no-sql-comment-on-directive-line.js';

new RuleTester().run(rule, {
  valid: [
    { name: '# comments end a directive line', code: 'NODE n\nSQL >\n    SELECT 1 -- a SQL comment is fine in SQL\n\nTYPE endpoint # the public API\n' },
    { name: '-- inside a quoted value or a description', code: 'DESCRIPTION events -- raw, as sent\n\nSCHEMA >\n    `id` String -- the event id\n\nENGINE_TTL "toDate(ts) + interval 1 day -- ttl"\n' },
    { name: 'a block value', code: 'NODE n\nDESCRIPTION >\n    a -- b\nSQL >\n    SELECT 1\n' },
  ],
  invalid: [
    {
      name: 'after TYPE',
      code: 'NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint -- the public API\n',
      output: 'NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint # the public API\n',
      errors: [{ messageId: 'sqlComment', data: { comment: '-- the public API', key: 'TYPE', value: 'endpoint -- the public API' }, line: 5, column: 15, endLine: 5, endColumn: 32 }],
    },
    {
      name: 'after ENGINE settings',
      code: 'SCHEMA >\n    `id` String\n\nENGINE MergeTree --default\nENGINE_SORTING_KEY "id" -- for lookups by id\n',
      output: 'SCHEMA >\n    `id` String\n\nENGINE MergeTree #default\nENGINE_SORTING_KEY "id" # for lookups by id\n',
      errors: [
        { messageId: 'sqlComment', data: { comment: '--default', key: 'ENGINE', value: 'MergeTree --default' }, line: 4, column: 18, endLine: 4, endColumn: 27 },
        { messageId: 'sqlComment', data: { comment: '-- for lookups by id', key: 'ENGINE_SORTING_KEY', value: '"id" -- for lookups by id' }, line: 5, column: 25, endLine: 5, endColumn: 45 },
      ],
    },
  ],
});
