import { describe, expect, test } from 'vitest';
import type { SchemaColumn } from '../src/index.js';
import { expected, lines, parse, spans, textOf, type Expected } from './helpers.js';

// SCHEMA grammar (datafile-format.md §2.2):
//   name [Type] [DEFAULT expr | MATERIALIZED expr] [CODEC(...)] [`json:<path>`], comma separated.

/** A column with every range replaced by the text it covers, for readable expectations. */
function columnTexts(source: string, c: SchemaColumn): Record<string, unknown> {
  const t = (r: { start: number; end: number } | undefined) => (r ? textOf(source, r) : undefined);
  return {
    name: c.name,
    nameText: t(c.nameRange),
    backticked: c.backticked,
    dataType: c.dataType,
    typeText: t(c.typeRange),
    nullable: c.nullable,
    jsonPath: c.jsonPath,
    jsonPathText: t(c.jsonPathRange),
    defaultKind: c.defaultKind,
    defaultExpression: c.defaultExpression,
    defaultText: t(c.defaultRange),
    codec: c.codec,
    codecText: t(c.codecRange),
    text: t(c),
  };
}

function column(partial: Partial<Record<string, unknown>> & { name: string }): Record<string, unknown> {
  return {
    nameText: partial.name,
    backticked: false,
    dataType: undefined,
    typeText: partial.dataType,
    nullable: false,
    jsonPath: undefined,
    jsonPathText: partial.jsonPath,
    defaultKind: undefined,
    defaultExpression: undefined,
    defaultText: partial.defaultExpression,
    codec: undefined,
    codecText: partial.codec,
    ...partial,
  };
}

interface SchemaCase {
  readonly name: string;
  /** Lines of the SCHEMA body (the test adds `SCHEMA >`). */
  readonly body: readonly string[];
  readonly columns: readonly Record<string, unknown>[];
  readonly diagnostics?: readonly Expected[];
}

const cases: readonly SchemaCase[] = [
  {
    name: 'backticked names',
    body: ['    `timestamp` DateTime,', '    `a``b` String'],
    columns: [
      column({ name: 'timestamp', nameText: '`timestamp`', backticked: true, dataType: 'DateTime', text: '`timestamp` DateTime' }),
      column({ name: 'a`b', nameText: '`a``b`', backticked: true, dataType: 'String', text: '`a``b` String' }),
    ],
  },
  {
    name: 'bare names, tab indentation',
    body: ['\tuser_id String,', '\tpayload.value Float64'],
    columns: [
      column({ name: 'user_id', dataType: 'String', text: 'user_id String' }),
      column({ name: 'payload.value', dataType: 'Float64', text: 'payload.value Float64' }),
    ],
  },
  {
    name: 'Nullable and LowCardinality(Nullable)',
    body: ['    a Nullable(String),', '    b LowCardinality(Nullable(String)),', '    c LowCardinality(String),', '    d Array(Nullable(String))'],
    columns: [
      column({ name: 'a', dataType: 'Nullable(String)', nullable: true, text: 'a Nullable(String)' }),
      column({ name: 'b', dataType: 'LowCardinality(Nullable(String))', nullable: true, text: 'b LowCardinality(Nullable(String))' }),
      column({ name: 'c', dataType: 'LowCardinality(String)', text: 'c LowCardinality(String)' }),
      column({ name: 'd', dataType: 'Array(Nullable(String))', text: 'd Array(Nullable(String))' }),
    ],
  },
  {
    name: 'types with commas and spaces inside parentheses',
    body: ['    m Map(String, Array(Tuple(a Int8, b String))),', "    e Enum8('a' = 1, 'b' = 2),", '    agg AggregateFunction(argMax, String, DateTime64(3))'],
    columns: [
      column({ name: 'm', dataType: 'Map(String, Array(Tuple(a Int8, b String)))', text: 'm Map(String, Array(Tuple(a Int8, b String)))' }),
      column({ name: 'e', dataType: "Enum8('a' = 1, 'b' = 2)", text: "e Enum8('a' = 1, 'b' = 2)" }),
      column({ name: 'agg', dataType: 'AggregateFunction(argMax, String, DateTime64(3))', text: 'agg AggregateFunction(argMax, String, DateTime64(3))' }),
    ],
  },
  {
    name: 'json path, DEFAULT and CODEC in the formatter order',
    body: ['    `a` Float64 `json:$.amount` DEFAULT 0 CODEC(ZSTD(1))'],
    columns: [
      column({
        name: 'a', nameText: '`a`', backticked: true, dataType: 'Float64', jsonPath: '$.amount', jsonPathText: '$.amount',
        defaultKind: 'DEFAULT', defaultExpression: '0', codec: 'CODEC(ZSTD(1))',
        text: '`a` Float64 `json:$.amount` DEFAULT 0 CODEC(ZSTD(1))',
      }),
    ],
  },
  {
    name: 'CODEC and DEFAULT before the json path',
    body: ["    b LowCardinality(String) CODEC(LZ4) DEFAULT 'x' `json:$.b`"],
    columns: [
      column({
        name: 'b', dataType: 'LowCardinality(String)', jsonPath: '$.b', defaultKind: 'DEFAULT', defaultExpression: "'x'",
        codec: 'CODEC(LZ4)', text: "b LowCardinality(String) CODEC(LZ4) DEFAULT 'x' `json:$.b`",
      }),
    ],
  },
  {
    name: 'array json paths and DEFAULT []',
    body: ['    `tags` Array(String) `json:$.tags[:]` DEFAULT [],', "    `k` String `json:$.['a-b'].c`"],
    columns: [
      column({ name: 'tags', nameText: '`tags`', backticked: true, dataType: 'Array(String)', jsonPath: '$.tags[:]', defaultKind: 'DEFAULT', defaultExpression: '[]', text: '`tags` Array(String) `json:$.tags[:]` DEFAULT []' }),
      column({ name: 'k', nameText: '`k`', backticked: true, dataType: 'String', jsonPath: "$.['a-b'].c", text: "`k` String `json:$.['a-b'].c`" }),
    ],
  },
  {
    name: '-- and # inside a json path are not comments; -- after a column is',
    body: ['    a String `json:$.a--b`, -- the a', '    b String `json:$.b#c`'],
    columns: [
      column({ name: 'a', dataType: 'String', jsonPath: '$.a--b', text: 'a String `json:$.a--b`' }),
      column({ name: 'b', dataType: 'String', jsonPath: '$.b#c', text: 'b String `json:$.b#c`' }),
    ],
  },
  {
    name: '# comments: a whole line is dropped, after a column it is an error',
    body: ['    # the columns', '    a String, # note', '\t# indented comment line', '    b Int8'],
    columns: [column({ name: 'a', dataType: 'String', text: 'a String' }), column({ name: 'b', dataType: 'Int8', text: 'b Int8' })],
    diagnostics: [['inlineHashComment', 3, 15, 3, 21]],
  },
  {
    name: 'MATERIALIZED with an expression',
    body: ['    total Float64 MATERIALIZED price * qty,', '    d Date MATERIALIZED toDate(ts) CODEC(Delta, ZSTD)'],
    columns: [
      column({ name: 'total', dataType: 'Float64', defaultKind: 'MATERIALIZED', defaultExpression: 'price * qty', text: 'total Float64 MATERIALIZED price * qty' }),
      column({ name: 'd', dataType: 'Date', defaultKind: 'MATERIALIZED', defaultExpression: 'toDate(ts)', codec: 'CODEC(Delta, ZSTD)', text: 'd Date MATERIALIZED toDate(ts) CODEC(Delta, ZSTD)' }),
    ],
  },
  {
    name: 'a column without type but with DEFAULT',
    body: ['    x DEFAULT 42'],
    columns: [column({ name: 'x', defaultKind: 'DEFAULT', defaultExpression: '42', text: 'x DEFAULT 42' })],
  },
  {
    name: 'trailing comma: an error at the comma',
    body: ['    a String,', '    b Int8,', ''],
    columns: [column({ name: 'a', dataType: 'String', text: 'a String' }), column({ name: 'b', dataType: 'Int8', text: 'b Int8' })],
    diagnostics: [['trailingComma', 3, 11, 3, 12]],
  },
  {
    name: 'trailing comma followed by a comment',
    body: ['    a String, -- last'],
    columns: [column({ name: 'a', dataType: 'String', text: 'a String' })],
    diagnostics: [['trailingComma', 2, 13, 2, 14]],
  },
  {
    name: 'empty column between two commas',
    body: ['    a String,', '    ,', '    b Int8'],
    columns: [column({ name: 'a', dataType: 'String', text: 'a String' }), column({ name: 'b', dataType: 'Int8', text: 'b Int8' })],
    diagnostics: [['emptyColumn', 2, 13, 2, 14]],
  },
  {
    name: 'a column with neither type nor DEFAULT',
    body: ['    a String,', '    `b`'],
    columns: [column({ name: 'a', dataType: 'String', text: 'a String' }), column({ name: 'b', nameText: '`b`', backticked: true, text: '`b`' })],
    diagnostics: [['missingType', 3, 5, 3, 8]],
  },
  {
    name: 'ALIAS and TTL clauses are not supported',
    body: ['    a String ALIAS b,', '    c Date TTL c + 1'],
    columns: [
      column({ name: 'a', dataType: 'String', defaultKind: 'ALIAS', defaultExpression: 'b', text: 'a String ALIAS b' }),
      column({ name: 'c', dataType: 'Date', text: 'c Date TTL c + 1' }),
    ],
    diagnostics: [['unsupportedClause', 2, 14, 2, 19], ['unsupportedClause', 3, 12, 3, 15]],
  },
];

describe('SCHEMA', () => {
  test.for(cases)('$name', ({ body, columns, diagnostics }) => {
    const source = lines('SCHEMA >', ...body);
    const parsed = parse(source, 'x.datasource');
    expect(parsed.datasource!.schema.map((c) => columnTexts(source, c))).toEqual(columns);
    expect(spans(parsed)).toEqual(expected(diagnostics ?? []));
  });

  test('column ranges are file offsets', () => {
    const source = lines('DESCRIPTION x', 'SCHEMA >', '    `a` Nullable(String) `json:$.a` DEFAULT 1 CODEC(LZ4),', '\tb Int8');
    const [a, b] = parse(source, 'x.datasource').datasource!.schema;
    expect(a).toMatchObject({
      start: 27, end: 79,
      nameRange: { start: 27, end: 30 },
      typeRange: { start: 31, end: 47 },
      jsonPathRange: { start: 54, end: 57 },
      defaultRange: { start: 67, end: 68 },
      codecRange: { start: 69, end: 79 },
    });
    expect(b).toMatchObject({ start: 82, end: 88, nameRange: { start: 82, end: 83 }, typeRange: { start: 84, end: 88 } });
  });

  test('the schema directive is kept on the model', () => {
    const source = lines('SCHEMA >', '    a String', 'ENGINE MergeTree');
    const ds = parse(source, 'x.datasource').datasource!;
    expect(ds.schemaDirective?.name).toBe('SCHEMA');
    expect(textOf(source, ds.schemaDirective!.valueRange)).toBe('    a String');
  });

  test('an unindented column named like a directive closes the SCHEMA block', () => {
    const source = lines('SCHEMA >', '    a String,', 'type String');
    const parsed = parse(source, 'x.datasource');
    expect(parsed.datasource!.schema.map((c) => c.name)).toEqual(['a']);
    expect(parsed.directives.map((d) => d.name)).toEqual(['SCHEMA', 'type']);
    expect(spans(parsed)).toEqual(expected([['trailingComma', 2, 13, 2, 14], ['pipeDirectiveInDatasource', 3, 1, 3, 5, 'warning']]));
  });
});
