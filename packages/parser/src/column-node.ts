import type { Range, SchemaColumn } from './ast.js';

/**
 * A SCHEMA column whose ranges are made on each use from offsets it keeps as numbers (-1: no such
 * clause). As plain objects they were three of a column's four objects on average, and a parse
 * result keeps every column for as long as the project's graph lives, which the young-generation
 * collector pays for per object (see DirectiveNode).
 */
export class ColumnNode implements SchemaColumn {
  readonly type = 'SchemaColumn' as const;
  readonly name: string;
  readonly backticked: boolean;
  readonly dataType: string | undefined;
  readonly nullable: boolean;
  readonly jsonPath: string | undefined;
  readonly defaultKind: 'DEFAULT' | 'MATERIALIZED' | 'ALIAS' | undefined;
  readonly defaultExpression: string | undefined;
  readonly codec: string | undefined;
  readonly start: number;
  readonly end: number;
  readonly #nameEnd: number;
  readonly #typeStart: number;
  readonly #typeEnd: number;
  readonly #jsonStart: number;
  readonly #jsonEnd: number;
  readonly #defaultStart: number;
  readonly #defaultEnd: number;
  readonly #codecStart: number;
  readonly #codecEnd: number;

  constructor(
    name: string,
    backticked: boolean,
    dataType: string | undefined,
    nullable: boolean,
    jsonPath: string | undefined,
    defaultKind: 'DEFAULT' | 'MATERIALIZED' | 'ALIAS' | undefined,
    defaultExpression: string | undefined,
    codec: string | undefined,
    start: number,
    end: number,
    nameEnd: number,
    typeStart: number,
    typeEnd: number,
    jsonStart: number,
    jsonEnd: number,
    defaultStart: number,
    defaultEnd: number,
    codecStart: number,
    codecEnd: number,
  ) {
    this.name = name;
    this.backticked = backticked;
    this.dataType = dataType;
    this.nullable = nullable;
    this.jsonPath = jsonPath;
    this.defaultKind = defaultKind;
    this.defaultExpression = defaultExpression;
    this.codec = codec;
    this.start = start;
    this.end = end;
    this.#nameEnd = nameEnd;
    this.#typeStart = typeStart;
    this.#typeEnd = typeEnd;
    this.#jsonStart = jsonStart;
    this.#jsonEnd = jsonEnd;
    this.#defaultStart = defaultStart;
    this.#defaultEnd = defaultEnd;
    this.#codecStart = codecStart;
    this.#codecEnd = codecEnd;
  }

  get nameRange(): Range {
    return { start: this.start, end: this.#nameEnd };
  }

  get typeRange(): Range | undefined {
    return rangeOf(this.#typeStart, this.#typeEnd);
  }

  get jsonPathRange(): Range | undefined {
    return rangeOf(this.#jsonStart, this.#jsonEnd);
  }

  get defaultRange(): Range | undefined {
    return rangeOf(this.#defaultStart, this.#defaultEnd);
  }

  get codecRange(): Range | undefined {
    return rangeOf(this.#codecStart, this.#codecEnd);
  }
}

function rangeOf(start: number, end: number): Range | undefined {
  return start < 0 ? undefined : { start, end };
}
