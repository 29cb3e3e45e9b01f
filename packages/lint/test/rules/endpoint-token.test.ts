import { RuleTester } from '@tb-refs/lint/testing';
import { endpointToken as rule } from '../../src/rules/endpoint-token.js';

new RuleTester().run(rule, {
  valid: [
    { name: 'endpoint with a READ token', code: 'TOKEN "dashboard" READ\n\nNODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\n' },
    { name: 'copy pipes need no token', code: 'NODE n\nSQL >\n    SELECT 1\n\nTYPE copy\nTARGET_DATASOURCE x\n' },
    { name: 'default pipes when not included', options: { includeDefaultPipes: false }, code: 'NODE n\nSQL >\n    SELECT 1\n' },
    { name: 'TOKEN may come from an INCLUDE', code: 'INCLUDE "tokens.incl"\n\nNODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\n' },
    { name: 'required token present', options: { requiredTokens: ['stats_page'] }, code: 'TOKEN stats_page READ\n\nNODE n\nSQL >\n    SELECT 1\n\nTYPE ENDPOINT\n' },
  ],
  invalid: [
    {
      name: 'endpoint without token',
      filename: 'endpoints/top.pipe',
      code: 'NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\n',
      errors: [{ messageId: 'missingToken', data: { name: 'top' }, line: 5, column: 1, endLine: 5, endColumn: 14 }],
    },
    {
      name: 'classic default pipe is published on its last node',
      filename: 'pipes/helper.pipe',
      code: 'TOKEN "ingest" APPEND\n\nNODE a\nSQL >\n    SELECT 1\n\nNODE b\nSQL >\n    SELECT * FROM a\n',
      errors: [{ messageId: 'missingToken', line: 7, column: 6, endLine: 7, endColumn: 7 }],
    },
    {
      name: 'required token missing',
      options: { requiredTokens: ['stats_page'] },
      filename: 'endpoints/api_kpis.pipe',
      code: 'TOKEN "other" READ\n\nNODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\n',
      errors: [{ messageId: 'missingNamedToken', data: { name: 'api_kpis', token: 'stats_page' }, line: 7, column: 1, endLine: 7, endColumn: 14 }],
    },
  ],
});
