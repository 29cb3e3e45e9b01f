import { describe, expect, test } from 'vitest';
import type { DatasourceModel } from '../src/index.js';
import { expected, lines, parse, spans, textOf } from './helpers.js';

function settings(map: ReadonlyMap<string, { value: string }>): Record<string, string> {
  return Object.fromEntries([...map].map(([k, v]) => [k, v.value]));
}

function datasource(source: string, fileName = 'x.datasource'): DatasourceModel {
  const parsed = parse(source, fileName);
  expect(parsed.pipe).toBeUndefined();
  return parsed.datasource!;
}

describe('ENGINE and ENGINE_*', () => {
  test.for([
    {
      name: 'quoted',
      source: lines('ENGINE "ReplacingMergeTree"', 'ENGINE_SORTING_KEY "tenant_id, id"', 'ENGINE_VER "updated_at"', 'ENGINE_PARTITION_KEY "toYYYYMM(created_at)"', 'ENGINE_TTL "toDate(created_at) + toIntervalDay(365)"', 'ENGINE_SETTINGS "index_granularity = 8192"'),
    },
    {
      name: 'bare',
      source: lines('ENGINE ReplacingMergeTree', 'ENGINE_SORTING_KEY tenant_id, id', 'ENGINE_VER updated_at', 'ENGINE_PARTITION_KEY toYYYYMM(created_at)', 'ENGINE_TTL toDate(created_at) + toIntervalDay(365)', 'ENGINE_SETTINGS index_granularity = 8192'),
    },
    {
      name: 'single-quoted, lower case',
      source: lines("engine 'ReplacingMergeTree'", "engine_sorting_key 'tenant_id, id'", "engine_ver 'updated_at'", "engine_partition_key 'toYYYYMM(created_at)'", "engine_ttl 'toDate(created_at) + toIntervalDay(365)'", "engine_settings 'index_granularity = 8192'"),
    },
  ])('$name', ({ source }) => {
    const parsed = parse(source, 'x.datasource');
    expect(spans(parsed)).toEqual([]);
    const ds = parsed.datasource!;
    expect(ds.engine?.value).toBe('ReplacingMergeTree');
    expect(settings(ds.engineSettings)).toEqual({
      ENGINE_SORTING_KEY: 'tenant_id, id',
      ENGINE_VER: 'updated_at',
      ENGINE_PARTITION_KEY: 'toYYYYMM(created_at)',
      ENGINE_TTL: 'toDate(created_at) + toIntervalDay(365)',
      ENGINE_SETTINGS: 'index_granularity = 8192',
    });
  });

  test('every ENGINE_* parameter of the enabled engines is known', () => {
    const names = ['PARTITION_KEY', 'SORTING_KEY', 'PRIMARY_KEY', 'SAMPLING_KEY', 'TTL', 'SETTINGS', 'VER', 'IS_DELETED', 'COLUMNS', 'SIGN', 'VERSION', 'JOIN_STRICTNESS', 'JOIN_TYPE', 'KEY_COLUMNS', 'SUMMING_COLUMNS'];
    const ds = datasource(names.map((n) => `ENGINE_${n} x\n`).join(''));
    expect([...ds.engineSettings.keys()]).toEqual(names.map((n) => `ENGINE_${n}`));
  });

  test('a multi-line ENGINE_TTL block is stripped', () => {
    const ds = datasource(lines('ENGINE_TTL >', '    toDate(ts) + INTERVAL 1 DAY', ''));
    expect(ds.engineSettings.get('ENGINE_TTL')?.value).toBe('toDate(ts) + INTERVAL 1 DAY');
  });

  test('an unknown ENGINE_* is an error with a suggestion', () => {
    const parsed = parse('ENGINE_SORTINGKEY a\n', 'x.datasource');
    expect(spans(parsed)).toEqual(expected([['unknownDirective', 1, 1, 1, 18]]));
    expect(parsed.diagnostics[0]!.message).toBe('ENGINE_SORTINGKEY is not a valid option; did you mean ENGINE_SORTING_KEY?');
  });

  test('the setting keeps its directive, with the value range', () => {
    const source = 'ENGINE_SORTING_KEY "a, b"\n';
    const s = datasource(source).engineSettings.get('ENGINE_SORTING_KEY')!;
    expect(s.directive.valueRange).toEqual({ start: 19, end: 25 });
    expect(textOf(source, s.directive.nameRange)).toBe('ENGINE_SORTING_KEY');
  });
});

describe('INDEXES', () => {
  test('one index per line, optional INDEX keyword and trailing comma', () => {
    const source = lines(
      'INDEXES >',
      '    idx_user user_id TYPE bloom_filter(0.01) GRANULARITY 4',
      '    INDEX idx_path lower(path) TYPE ngrambf_v1(3, 1024, 2, 0) GRANULARITY 1,',
      '',
      '\t`idx_t` (a, b) TYPE minmax',
    );
    const parsed = parse(source, 'x.datasource');
    expect(spans(parsed)).toEqual([]);
    expect(parsed.datasource!.indexes.map(({ name, expression, indexType, granularity, start, end }) => ({ name, expression, indexType, granularity, text: source.slice(start, end) }))).toEqual([
      { name: 'idx_user', expression: 'user_id', indexType: 'bloom_filter(0.01)', granularity: 4, text: 'idx_user user_id TYPE bloom_filter(0.01) GRANULARITY 4' },
      { name: 'idx_path', expression: 'lower(path)', indexType: 'ngrambf_v1(3, 1024, 2, 0)', granularity: 1, text: 'idx_path lower(path) TYPE ngrambf_v1(3, 1024, 2, 0) GRANULARITY 1' },
      { name: 'idx_t', expression: '(a, b)', indexType: 'minmax', granularity: undefined, text: '`idx_t` (a, b) TYPE minmax' },
    ]);
    expect(parsed.datasource!.indexes[0]).toMatchObject({ start: 14, end: 68 });
  });

  test('INDICES is an alias', () => {
    expect(datasource(lines('INDICES >', '    i a TYPE set(100) GRANULARITY 2')).indexes.map((i) => i.name)).toEqual(['i']);
  });

  test('an index without TYPE is an error on its text', () => {
    const parsed = parse(lines('INDEXES >', '    idx_user user_id bloom_filter', '    ok a TYPE minmax'), 'x.datasource');
    expect(spans(parsed)).toEqual(expected([['missingIndexType', 2, 5, 2, 34]]));
    expect(parsed.datasource!.indexes.map((i) => i.name)).toEqual(['ok']);
  });

  // A line left with no tokens once its comma is dropped used to throw a TypeError out of the
  // parser; the INDEX keyword cases are its neighbours.
  test.for([
    { line: ',', end: 6 },
    { line: 'INDEX', end: 10 },
    { line: 'INDEX ,', end: 12 },
  ])('a line of only "$line" is an index without TYPE, not a crash', ({ line, end }) => {
    const parsed = parse(lines('INDEXES >', `    ${line}`, '    ok a TYPE minmax'), 'x.datasource');
    expect(spans(parsed)).toEqual(expected([['missingIndexType', 2, 5, 2, end]]));
    expect(parsed.datasource!.indexes.map((i) => i.name)).toEqual(['ok']);
  });
});

describe('TOKEN', () => {
  test.for([
    { line: 'TOKEN "reader" READ', name: 'reader', permission: 'READ' },
    { line: 'TOKEN reader APPEND', name: 'reader', permission: 'APPEND' },
    { line: "TOKEN 'single-quoted' READ", name: 'single-quoted', permission: 'READ' },
    { line: 'TOKEN "read api token" read', name: 'read api token', permission: 'READ' },
    { line: 'TOKEN "scheduled_copy_t_9d29a" READ # generated', name: 'scheduled_copy_t_9d29a', permission: 'READ' },
  ])('$line', ({ line, name, permission }) => {
    const source = `${line}\n`;
    const parsed = parse(source, 'x.datasource');
    expect(spans(parsed)).toEqual([]);
    const [grant] = parsed.datasource!.tokens;
    expect(grant).toMatchObject({ type: 'TokenGrant', name, permission, start: 0 });
    expect(grant!.directive.name).toBe('TOKEN');
  });

  test.for([
    { line: 'TOKEN reader', diag: ['tokenArgs', 1, 1, 1, 13] as const },
    { line: 'TOKEN', diag: ['tokenArgs', 1, 1, 1, 6] as const },
  ])('missing permission: $line', ({ line, diag }) => {
    const parsed = parse(`${line}\n`, 'x.datasource');
    expect(spans(parsed)).toEqual(expected([diag]));
    expect(parsed.datasource!.tokens).toEqual([]);
  });
});

describe('TAGS and VERSION', () => {
  test.for([
    { line: 'TAGS "a, b, k=v"', tags: ['a', 'b', 'k=v'] },
    { line: 'TAGS a, b', tags: ['a', 'b'] },
    { line: "TAGS 'one'", tags: ['one'] },
    { line: 'TAGS a,,b, ', tags: ['a', 'b'] },
  ])('$line', ({ line, tags }) => {
    const parsed = parse(`${line}\n`, 'x.datasource');
    expect(parsed.datasource!.tags).toEqual(tags);
    expect(spans(parsed)).toEqual([]);
  });

  test.for([
    { line: 'VERSION 0', version: 0, diag: [] },
    { line: 'VERSION 12', version: 12, diag: [] },
    { line: 'VERSION "3"', version: 3, diag: [] },
    { line: 'VERSION -1', version: undefined, diag: [['badVersion', 1, 9, 1, 11]] as const },
    { line: 'VERSION two', version: undefined, diag: [['badVersion', 1, 9, 1, 12]] as const },
    { line: 'VERSION', version: undefined, diag: [['badVersion', 1, 8, 1, 8]] as const },
  ])('$line', ({ line, version, diag }) => {
    const parsed = parse(`${line}\n`, 'x.datasource');
    expect(parsed.datasource!.version).toBe(version);
    expect(spans(parsed)).toEqual(expected(diag));
  });
});

describe('INCLUDE', () => {
  test('path and variables with the ranges of their values', () => {
    const source = `INCLUDE "../includes/filter.incl" "SOURCE=hits_by_day" GROUP_COL=path 'A=b c' "EMPTY=" novar\n`;
    const parsed = parse(source, 'x.datasource');
    expect(spans(parsed)).toEqual([]);
    const [inc] = parsed.datasource!.includes;
    expect(inc!.path).toBe('../includes/filter.incl');
    expect(textOf(source, inc!.pathRange)).toBe('../includes/filter.incl');
    expect(inc!.pathRange).toEqual({ start: 9, end: 32 });
    expect(inc!.variables.map((v) => ({ name: v.name, value: v.value, valueText: textOf(source, v.valueRange), text: textOf(source, v) }))).toEqual([
      { name: 'SOURCE', value: 'hits_by_day', valueText: 'hits_by_day', text: '"SOURCE=hits_by_day"' },
      { name: 'GROUP_COL', value: 'path', valueText: 'path', text: 'GROUP_COL=path' },
      { name: 'A', value: 'b c', valueText: 'b c', text: "'A=b c'" },
      { name: 'EMPTY', value: '', valueText: '', text: '"EMPTY="' },
    ]);
    expect(inc!.variables[0]!.valueRange).toEqual({ start: 42, end: 53 });
  });

  test('an unquoted path', () => {
    const source = 'INCLUDE connections/kafka.incl\n';
    const [inc] = datasource(source).includes;
    expect(inc!.path).toBe('connections/kafka.incl');
    expect(inc!.pathRange).toEqual({ start: 8, end: 30 });
  });

  test('INCLUDE without a path is an error', () => {
    expect(spans(parse('INCLUDE\n', 'x.datasource'))).toEqual(expected([['includeWithoutPath', 1, 1, 1, 8]]));
  });
});

describe('connectors', () => {
  test('KAFKA_* values quoted, single-quoted and bare', () => {
    const ds = datasource(lines(
      'KAFKA_CONNECTION_NAME "kafka_conn"',
      'KAFKA_TOPIC events',
      "KAFKA_GROUP_ID 'group_1'",
      "KAFKA_STORE_RAW_VALUE 'False'",
      'KAFKA_AUTO_OFFSET_RESET latest',
      'KAFKA_KEY {{ tb_secret("KAFKA_KEY") }}',
    ));
    expect(settings(ds.connectorSettings)).toEqual({
      KAFKA_CONNECTION_NAME: 'kafka_conn',
      KAFKA_TOPIC: 'events',
      KAFKA_GROUP_ID: 'group_1',
      KAFKA_STORE_RAW_VALUE: 'False',
      KAFKA_AUTO_OFFSET_RESET: 'latest',
      KAFKA_KEY: '{{ tb_secret("KAFKA_KEY") }}',
    });
  });

  test('IMPORT_* values, including a cron and an ARN', () => {
    const ds = datasource(lines(
      'IMPORT_SERVICE dynamodb',
      'IMPORT_CONNECTION_NAME "ddb"',
      'IMPORT_SCHEDULE 0 7 * * *',
      'IMPORT_TABLE_ARN arn:aws:dynamodb:us-east-1:123:table/x',
      "IMPORT_EXPORT_BUCKET 's3://bucket'",
      'IMPORT_STRATEGY append',
    ));
    expect(settings(ds.connectorSettings)).toEqual({
      IMPORT_SERVICE: 'dynamodb',
      IMPORT_CONNECTION_NAME: 'ddb',
      IMPORT_SCHEDULE: '0 7 * * *',
      IMPORT_TABLE_ARN: 'arn:aws:dynamodb:us-east-1:123:table/x',
      IMPORT_EXPORT_BUCKET: 's3://bucket',
      IMPORT_STRATEGY: 'append',
    });
  });

  test('IMPORT_QUERY as a multi-line block holding a double-quoted query', () => {
    const source = lines('IMPORT_SERVICE bigquery', 'IMPORT_QUERY >', '    "SELECT a,', 'b FROM `p.d.t`"', 'IMPORT_SCHEDULE @on-demand');
    const parsed = parse(source, 'x.datasource');
    expect(spans(parsed)).toEqual([]);
    const ds = parsed.datasource!;
    expect(ds.connectorSettings.get('IMPORT_QUERY')?.value).toBe('"SELECT a,\nb FROM `p.d.t`"');
    expect(ds.importQuery?.text).toBe('    "SELECT a,\nb FROM `p.d.t`"');
    expect(ds.importQuery).toMatchObject({ start: 39, end: 69 });
    expect(ds.connectorSettings.get('IMPORT_SCHEDULE')?.value).toBe('@on-demand');
  });

  test('EXPORT_* keys are connector settings', () => {
    const ds = datasource(lines('EXPORT_SERVICE kafka', 'EXPORT_KAFKA_TOPIC "out"'));
    expect(settings(ds.connectorSettings)).toEqual({ EXPORT_SERVICE: 'kafka', EXPORT_KAFKA_TOPIC: 'out' });
  });

  test('a .connection file', () => {
    const parsed = parse(lines('TYPE kafka', 'KAFKA_BOOTSTRAP_SERVERS {{ tb_secret("SERVERS", "localhost:9092") }}', 'KAFKA_SECURITY_PROTOCOL SASL_SSL', 'S3_REGION "us-east-1"'), 'connections/redpanda.connection');
    expect(parsed.kind).toBe('connection');
    expect(spans(parsed)).toEqual([]);
    expect(settings(parsed.datasource!.connectorSettings)).toEqual({
      TYPE: 'kafka',
      // Non-POSIX shlex ends a word at a closing quote that starts it, so `"…")` is two words,
      // re-joined with a space: the value the CLI sees.
      KAFKA_BOOTSTRAP_SERVERS: '{{ tb_secret("SERVERS", "localhost:9092" ) }}',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      S3_REGION: 'us-east-1',
    });
  });
});

describe('FORWARD_QUERY', () => {
  test.for([
    { name: '4 spaces', indent: '    ' },
    { name: '2 spaces', indent: '  ' },
    { name: 'a tab', indent: '\t' },
  ])('indented with $name', ({ indent }) => {
    const source = lines('SCHEMA >', `${indent}a String`, 'FORWARD_QUERY >', `${indent}SELECT a, toDate(ts) AS d`, `${indent}FROM t`, 'ENGINE MergeTree');
    const parsed = parse(source, 'x.datasource');
    expect(spans(parsed)).toEqual([]);
    const fq = parsed.datasource!.forwardQuery!;
    expect(fq.text).toBe(`${indent}SELECT a, toDate(ts) AS d\n${indent}FROM t`);
    expect(textOf(source, fq)).toBe(fq.text);
    expect(fq.tokens.filter((t) => t.type === 'Identifier').map((t) => t.image)).toEqual(['SELECT', 'a', 'toDate', 'ts', 'AS', 'd', 'FROM', 't']);
    for (const t of fq.tokens) expect(source.slice(t.start, t.end)).toBe(t.image);
    expect(parsed.datasource!.engine?.value).toBe('MergeTree');
  });

  test('template problems in FORWARD_QUERY are reported', () => {
    const parsed = parse(lines('FORWARD_QUERY >', '    SELECT {{ a }}'), 'x.datasource');
    expect(spans(parsed)).toEqual(expected([['templateWithoutMarker', 2, 12, 2, 19]]));
  });
});

describe('.incl files', () => {
  test('an include with connector settings is a datasource-like model', () => {
    const parsed = parse(lines('KAFKA_CONNECTION_NAME kafka', 'KAFKA_BOOTSTRAP_SERVERS "host:9092"', 'KAFKA_KEY ""', 'KAFKA_SECRET ""'), 'connections/kafka.incl');
    expect(parsed.kind).toBe('incl');
    expect(spans(parsed)).toEqual([]);
    expect(parsed.datasource!.connectorSettings.get('KAFKA_BOOTSTRAP_SERVERS')?.value).toBe('host:9092');
  });

  test('an include with nodes is a pipe-like model, $VARS kept in SQL', () => {
    const source = lines('NODE $NODE_NAME', 'SQL >', '    SELECT $GROUP_COL, count() FROM ${SOURCE_NODE} GROUP BY $GROUP_COL');
    const parsed = parse(source, 'includes/group.incl');
    expect(spans(parsed)).toEqual([]);
    const node = parsed.pipe!.nodes[0]!;
    expect(node.name).toBe('$NODE_NAME');
    expect(node.sql!.tokens.filter((t) => t.type === 'EnvVariable').map((t) => [t.image, t.start])).toEqual([
      ['$GROUP_COL', 33],
      ['${SOURCE_NODE}', 58],
      ['$GROUP_COL', 82],
    ]);
  });

  test('a fragment of node settings without NODE is accepted in an include', () => {
    const parsed = parse(lines('SQL >', '    SELECT 1', 'TYPE endpoint'), 'x.incl');
    expect(spans(parsed)).toEqual([]);
  });
});
