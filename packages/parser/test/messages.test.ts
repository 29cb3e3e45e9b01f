import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PARSE_MESSAGE_IDS, type ParseMessageId } from '../src/index.js';
import { lines, parse } from './helpers.js';

// Every messageId is documented in the README and produced by some input; adding an id without
// both fails here (the table below must have a key for every id: a type error otherwise).

/** Ids that no input can produce: safety nets for states the lexer never reaches. */
type Unreachable = 'unexpectedText';

const sql = (...body: string[]) => lines('NODE n', 'SQL >', ...body.map((l) => `    ${l}`));

const samples = {
  unbalancedQuote: ['x.datasource', 'ENGINE "MergeTree\n'],
  textAfterBlockOpen: ['x.pipe', lines('NODE n', 'SQL > x', '    SELECT 1')],
  indentedDirective: ['x.pipe', sql('SELECT 1', 'TYPE endpoint')],
  byteOrderMark: ['x.datasource', '\uFEFFENGINE MergeTree\n'],
  unknownDirective: ['x.datasource', 'ENGIN MergeTree\n'],
  settingsDirective: ['x.datasource', 'SETTINGS a = 1\n'],
  tokenArgs: ['x.datasource', 'TOKEN reader\n'],
  badVersion: ['x.datasource', 'VERSION x\n'],
  includeWithoutPath: ['x.datasource', 'INCLUDE\n'],
  nodeWithoutName: ['x.pipe', lines('NODE', 'SQL >', '    SELECT 1')],
  nodeWithoutSql: ['x.pipe', 'NODE n\n'],
  emptySql: ['x.pipe', lines('NODE n', 'SQL >', '    %')],
  duplicateSql: ['x.pipe', lines('NODE n', 'SQL >', '    SELECT 1', 'SQL >', '    SELECT 2')],
  sqlWithoutNode: ['x.pipe', lines('SQL >', '    SELECT 1', 'NODE n', 'SQL >', '    SELECT 2')],
  settingWithoutNode: ['x.pipe', lines('TYPE endpoint', 'NODE n', 'SQL >', '    SELECT 1')],
  pipeWithoutNodes: ['x.pipe', 'DESCRIPTION x\n'],
  nodeInDatasource: ['x.datasource', 'NODE n\n'],
  pipeDirectiveInDatasource: ['x.datasource', 'TYPE endpoint\n'],
  datasourceDirectiveInPipe: ['x.pipe', lines('NODE n', 'SQL >', '    SELECT 1', 'ENGINE_TTL x', 'SCHEMA >', '    a String')],
  trailingComma: ['x.datasource', lines('SCHEMA >', '    a String,')],
  emptyColumn: ['x.datasource', lines('SCHEMA >', '    a String,,', '    b Int8')],
  missingType: ['x.datasource', lines('SCHEMA >', '    a')],
  unsupportedClause: ['x.datasource', lines('SCHEMA >', '    a String ALIAS b')],
  inlineHashComment: ['x.datasource', lines('SCHEMA >', '    a String # note')],
  missingIndexType: ['x.datasource', lines('INDEXES >', '    i a bloom_filter')],
  unclosedBlockComment: ['x.pipe', sql('SELECT 1 /*')],
  templateWithoutMarker: ['x.pipe', sql('SELECT {{ x }}')],
  unclosedExpression: ['x.pipe', sql('%', 'SELECT {{ x')],
  unclosedStatement: ['x.pipe', sql('%', 'SELECT {% if')],
  unclosedComment: ['x.pipe', sql('%', 'SELECT {# x')],
  missingEnd: ['x.pipe', sql('%', '{% if x %}')],
  extraEnd: ['x.pipe', sql('%', '{% end %}')],
  misplacedIntermediate: ['x.pipe', sql('%', '{% else %}')],
  unknownOperator: ['x.pipe', sql('%', '{% endif %}')],
  forbiddenImport: ['x.pipe', sql('%', '{% import os %}')],
  emptyExpression: ['x.pipe', sql('%', '{{ }}')],
  emptyStatement: ['x.pipe', sql('%', '{% %}')],
} satisfies Record<Exclude<ParseMessageId, Unreachable>, readonly [fileName: string, source: string]>;

describe('messageIds', () => {
  test.for(Object.entries(samples))('%s is produced', ([id, [fileName, source]]) => {
    const ids = parse(source, fileName).diagnostics.map((d) => d.messageId);
    expect(ids).toContain(id);
  });

  test('every produced messageId is a known one', () => {
    for (const [fileName, source] of Object.values(samples)) {
      for (const d of parse(source, fileName).diagnostics) expect(PARSE_MESSAGE_IDS).toContain(d.messageId);
    }
  });

  test('the README documents exactly the messageIds, in order', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `([A-Za-z]+)` \| (error|warning) \|/gm)].map((m) => m[1]);
    expect(documented).toEqual([...PARSE_MESSAGE_IDS]);
  });

  test('the README states the severity each messageId is reported with', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const severity = new Map([...readme.matchAll(/^\| `([A-Za-z]+)` \| (error|warning) \|/gm)].map((m) => [m[1], m[2]]));
    for (const [id, [fileName, source]] of Object.entries(samples)) {
      const d = parse(source, fileName).diagnostics.find((x) => x.messageId === id)!;
      expect([id, d.severity]).toEqual([id, severity.get(id)]);
    }
  });
});
