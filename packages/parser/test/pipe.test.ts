import { describe, expect, test } from 'vitest';
import type { PipeNode } from '../src/index.js';
import { expected, lines, parse, spans, textOf } from './helpers.js';

function nodeSummary(source: string, n: PipeNode): Record<string, unknown> {
  return {
    name: n.name,
    nameText: textOf(source, n.nameRange),
    description: n.description,
    sql: n.sql?.text,
    nodeType: n.nodeType,
    datasource: n.datasource?.value,
    targetDatasource: n.targetDatasource?.value,
    copySchedule: n.copySchedule?.value,
    copyMode: n.copyMode?.value,
    engine: n.engine?.value,
    settings: Object.fromEntries([...n.settings].map(([k, v]) => [k, v.value])),
    directives: n.directives.map((d) => d.name),
    text: textOf(source, n),
  };
}

describe('pipes', () => {
  test('a copy pipe: description before and after NODE, settings after SQL', () => {
    const source = lines(
      'DESCRIPTION >',
      '    Deduplicates activities',
      '',
      'TOKEN "copy_token" READ',
      '',
      'NODE dedup',
      'DESCRIPTION one line',
      'SQL >',
      '    %',
      '    SELECT * FROM activities FINAL',
      '    WHERE updatedAt > {{ DateTime(since, "2020-01-01 00:00:00") }}',
      '',
      'TYPE COPY',
      'TARGET_DATASOURCE activities_deduplicated_ds',
      'COPY_SCHEDULE 10 * * * *',
      'COPY_MODE replace',
      '',
      'TOKEN "late_token" READ',
    );
    const parsed = parse(source);
    expect(spans(parsed)).toEqual([]);
    const pipe = parsed.pipe!;
    expect(pipe.description).toBe('Deduplicates activities');
    expect(pipe.tokens.map((t) => t.name)).toEqual(['copy_token', 'late_token']);
    expect(pipe.nodes.map((n) => nodeSummary(source, n))).toEqual([
      {
        name: 'dedup',
        nameText: 'dedup',
        description: 'one line',
        sql: '    %\n    SELECT * FROM activities FINAL\n    WHERE updatedAt > {{ DateTime(since, "2020-01-01 00:00:00") }}',
        nodeType: 'copy',
        datasource: undefined,
        targetDatasource: 'activities_deduplicated_ds',
        copySchedule: '10 * * * *',
        copyMode: 'replace',
        engine: undefined,
        settings: { TYPE: 'COPY', TARGET_DATASOURCE: 'activities_deduplicated_ds', COPY_SCHEDULE: '10 * * * *', COPY_MODE: 'replace' },
        // The pipe-wide TOKEN after the node is not one of its directives.
        directives: ['NODE', 'DESCRIPTION', 'SQL', 'TYPE', 'TARGET_DATASOURCE', 'COPY_SCHEDULE', 'COPY_MODE'],
        text: source.slice(source.indexOf('NODE dedup'), source.indexOf('COPY_MODE replace') + 'COPY_MODE replace'.length),
      },
    ]);
  });

  test('a materialized pipe with several nodes, a description after SQL, and the target engine', () => {
    const source = lines(
      'NODE parse',
      'SQL >',
      "    SELECT ts, JSONExtractString(payload, 'path') AS path FROM events",
      '',
      'NODE agg',
      'SQL >',
      '    SELECT toDate(ts) AS d, path, countState() AS hits',
      '    FROM parse',
      '    GROUP BY d, path',
      'DESCRIPTION >',
      '    Aggregates',
      'type materialized',
      'DATASOURCE hits_by_day_mv',
      'ENGINE "AggregatingMergeTree"',
      'ENGINE_SORTING_KEY "d, path"',
    );
    const parsed = parse(source);
    expect(spans(parsed)).toEqual([]);
    const [first, second] = parsed.pipe!.nodes.map((n) => nodeSummary(source, n));
    expect(first).toMatchObject({ name: 'parse', nodeType: undefined, directives: ['NODE', 'SQL'] });
    // The next NODE is not part of the node before it.
    expect(first!.text).toBe("NODE parse\nSQL >\n    SELECT ts, JSONExtractString(payload, 'path') AS path FROM events");
    expect(second).toMatchObject({
      name: 'agg',
      description: 'Aggregates',
      nodeType: 'materialized',
      datasource: 'hits_by_day_mv',
      engine: 'AggregatingMergeTree',
      settings: { TYPE: 'materialized', DATASOURCE: 'hits_by_day_mv', ENGINE: 'AggregatingMergeTree', ENGINE_SORTING_KEY: 'd, path' },
    });
  });

  test('a sink node with EXPORT_* settings and MODE as an alias of COPY_MODE', () => {
    const source = lines('NODE s', 'SQL >', '    SELECT 1', 'TYPE sink', 'EXPORT_CONNECTION_NAME "kafka"', 'EXPORT_KAFKA_TOPIC out', 'EXPORT_SCHEDULE "*/5 * * * *"', 'MODE append');
    const node = parse(source).pipe!.nodes[0]!;
    expect(node.nodeType).toBe('sink');
    expect(node.copyMode?.value).toBe('append');
    expect(node.settings.get('EXPORT_SCHEDULE')?.value).toBe('*/5 * * * *');
    expect(node.settings.get('EXPORT_KAFKA_TOPIC')?.value).toBe('out');
  });

  test('node, SQL block and token offsets are file offsets', () => {
    const source = lines('NODE "quoted_name"', 'SQL >', '    %', '    SELECT {{ x }} FROM t');
    const node = parse(source).pipe!.nodes[0]!;
    expect(node.name).toBe('quoted_name');
    expect(node.nameRange).toEqual({ start: 5, end: 18 });
    expect({ start: node.start, end: node.end }).toEqual({ start: 0, end: 56 });
    const sql = node.sql!;
    expect({ start: sql.start, end: sql.end }).toEqual({ start: 25, end: 56 });
    expect(sql.templated).toBe(true);
    expect(sql.marker).toEqual({ start: 29, end: 30 });
    expect(sql.tokens.filter((t) => t.type !== 'Whitespace').map((t) => [t.type, t.image, t.start, t.end])).toEqual([
      ['Operator', '%', 29, 30],
      ['Identifier', 'SELECT', 35, 41],
      ['TemplateExpression', '{{ x }}', 42, 49],
      ['Identifier', 'FROM', 50, 54],
      ['Identifier', 't', 55, 56],
    ]);
    // Tokens cover the SQL text without gaps.
    expect(sql.tokens.map((t) => t.image).join('')).toBe(sql.text);
  });

  test('TAGS and VERSION in a pipe', () => {
    const parsed = parse(lines('VERSION 3', 'TAGS "stats, team=core"', 'NODE n', 'SQL >', '    SELECT 1'));
    expect(parsed.pipe!.version).toBe(3);
    expect(parsed.pipe!.tags).toEqual(['stats', 'team=core']);
  });

  test('INCLUDE in a pipe', () => {
    const source = lines('INCLUDE "../includes/filter_tenant.incl" "SOURCE=hits_by_day_mv"', 'NODE endpoint', 'SQL >', '    SELECT * FROM filtered');
    const parsed = parse(source);
    expect(spans(parsed)).toEqual([]);
    expect(parsed.pipe!.includes.map((i) => [i.path, i.variables.map((v) => [v.name, v.value, textOf(source, v.valueRange)])])).toEqual([
      ['../includes/filter_tenant.incl', [['SOURCE', 'hits_by_day_mv', 'hits_by_day_mv']]],
    ]);
  });
});

describe('pipe structure errors', () => {
  test.for([
    {
      name: 'NODE without name',
      source: lines('NODE', 'SQL >', '    SELECT 1'),
      diagnostics: [['nodeWithoutName', 1, 1, 1, 5]],
    },
    {
      name: 'NODE without SQL (reported at the node name)',
      source: lines('NODE first', 'TYPE endpoint', '', 'NODE second', 'SQL >', '    SELECT 1'),
      diagnostics: [['nodeWithoutSql', 1, 6, 1, 11]],
    },
    {
      name: 'NODE without name nor SQL',
      source: lines('NODE', ''),
      diagnostics: [['nodeWithoutName', 1, 1, 1, 5], ['nodeWithoutSql', 1, 1, 1, 5]],
    },
    {
      name: 'SQL before any NODE',
      source: lines('SQL >', '    SELECT 1', 'NODE n', 'SQL >', '    SELECT 2'),
      diagnostics: [['sqlWithoutNode', 1, 1, 1, 4]],
    },
    {
      name: 'a node setting before any NODE',
      source: lines('TYPE endpoint', 'NODE n', 'SQL >', '    SELECT 1'),
      diagnostics: [['settingWithoutNode', 1, 1, 1, 5]],
    },
    {
      name: 'two SQL blocks in one node',
      source: lines('NODE n', 'SQL >', '    SELECT 1', 'SQL >', '    SELECT 2'),
      diagnostics: [['duplicateSql', 4, 1, 4, 4]],
    },
    {
      name: 'an empty SQL block',
      source: lines('NODE n', 'SQL >', '', 'TYPE endpoint'),
      diagnostics: [['emptySql', 2, 1, 2, 4]],
    },
    {
      name: 'a SQL block with only the % marker',
      source: lines('NODE n', 'SQL >', '    %', ''),
      diagnostics: [['emptySql', 2, 1, 2, 4]],
    },
    {
      name: 'a SQL block with only # comment lines (the CLI drops them)',
      source: lines('NODE n', 'SQL >', '    # SELECT 1', '', '# nothing'),
      diagnostics: [['emptySql', 2, 1, 2, 4]],
    },
    {
      name: 'a -- comment line is SQL the CLI keeps: not empty',
      source: lines('NODE n', 'SQL >', '    -- SELECT 1'),
      diagnostics: [],
    },
    {
      name: 'a # comment line before % does not hide the marker',
      source: lines('NODE n', 'SQL >', '    # templated', '', '    %', '    SELECT {{ x }}'),
      diagnostics: [],
    },
    {
      name: 'a -- comment line before % does: the query no longer starts with %',
      source: lines('NODE n', 'SQL >', '    -- templated', '    %', '    SELECT {{ x }}'),
      diagnostics: [['templateWithoutMarker', 5, 12, 5, 19]],
    },
    {
      name: 'a pipe without nodes',
      source: lines('DESCRIPTION nothing here'),
      diagnostics: [['pipeWithoutNodes', 1, 1, 1, 1]],
    },
    {
      name: 'a datasource directive in a pipe',
      source: lines('NODE n', 'SQL >', '    SELECT 1', 'SCHEMA >', '    a String'),
      diagnostics: [['datasourceDirectiveInPipe', 4, 1, 4, 7, 'warning']],
    },
  ] as const)('$name', ({ source, diagnostics }) => {
    expect(spans(parse(source))).toEqual(expected(diagnostics));
  });

  test('NODE in a datasource is an error; its SQL is a warning', () => {
    const parsed = parse(lines('SCHEMA >', '    a String', 'NODE n', 'SQL >', '    SELECT 1'), 'x.datasource');
    expect(spans(parsed)).toEqual(expected([['nodeInDatasource', 3, 1, 3, 5], ['pipeDirectiveInDatasource', 4, 1, 4, 4, 'warning']]));
    expect(parsed.datasource!.schema.map((c) => c.name)).toEqual(['a']);
  });

  test('pipe directives in a datasource are warnings', () => {
    const parsed = parse(lines('SCHEMA >', '    a String', 'TYPE endpoint'), 'x.datasource');
    expect(spans(parsed)).toEqual(expected([['pipeDirectiveInDatasource', 3, 1, 3, 5, 'warning']]));
  });
});
