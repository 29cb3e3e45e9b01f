import { RuleTester } from '@tb-refs/lint/testing';
import { noCycle as rule } from '../../src/rules/no-cycle.js';

const ds = 'SCHEMA >\n    `id` String\n\nENGINE MergeTree\n';
const reads = (from: string): string => `NODE n\nSQL >\n    SELECT id FROM ${from}\n`;
const mv = (from: string, target: string): string => `NODE n\nSQL >\n    SELECT id FROM ${from}\n\nTYPE materialized\nDATASOURCE ${target}\n`;
const copy = (from: string, target: string): string => `NODE n\nSQL >\n    SELECT id FROM ${from}\n\nTYPE copy\nTARGET_DATASOURCE ${target}\n`;

new RuleTester().run(rule, {
  valid: [
    { name: 'a chain', files: { 'datasources/a.datasource': ds, 'pipes/p.pipe': reads('a'), 'pipes/q.pipe': reads('p') } },
    {
      name: 'an incremental copy reads its own target',
      files: { 'datasources/a.datasource': ds, 'datasources/b.datasource': ds, 'pipes/c.pipe': copy('a WHERE id NOT IN (SELECT id FROM b)', 'b') },
    },
    {
      name: 'a copy closes the loop between two materialized views',
      files: {
        'datasources/a.datasource': ds, 'datasources/b.datasource': ds,
        'pipes/a_to_b.pipe': mv('a', 'b'), 'pipes/b_to_a.pipe': copy('b', 'a'),
      },
    },
  ],
  invalid: [
    {
      name: 'two pipes reading each other',
      files: { 'pipes/p.pipe': reads('q'), 'pipes/q.pipe': reads('p') },
      errors: [
        { file: 'pipes/p.pipe', messageId: 'cycle', data: { name: 'p', cycle: 'p → q → p' }, line: 3, column: 20, endLine: 3, endColumn: 21 },
        { file: 'pipes/q.pipe', messageId: 'cycle', data: { name: 'q', cycle: 'q → p → q' }, line: 3, column: 20, endLine: 3, endColumn: 21 },
      ],
    },
    {
      name: 'two materialized views feeding each other',
      files: {
        'datasources/a.datasource': ds, 'datasources/b.datasource': ds,
        'pipes/a_to_b.pipe': mv('a', 'b'), 'pipes/b_to_a.pipe': mv('b', 'a'),
      },
      errors: [
        { file: 'pipes/a_to_b.pipe', messageId: 'cycle', data: { name: 'a_to_b', cycle: 'a_to_b → b → b_to_a → a → a_to_b' }, line: 3, column: 20, endLine: 3, endColumn: 21 },
        { file: 'pipes/b_to_a.pipe', messageId: 'cycle', data: { name: 'b_to_a', cycle: 'b_to_a → a → a_to_b → b → b_to_a' }, line: 3, column: 20, endLine: 3, endColumn: 21 },
      ],
    },
    {
      name: 'copies count when ignoreCopyPipes is off',
      options: { ignoreCopyPipes: false },
      files: { 'datasources/b.datasource': ds, 'pipes/c.pipe': copy('b', 'b') },
      errors: [{ file: 'pipes/c.pipe', messageId: 'cycle', data: { name: 'c', cycle: 'c → b → c' }, line: 3, column: 20, endLine: 3, endColumn: 21 }],
    },
  ],
});
