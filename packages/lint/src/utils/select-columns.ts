import { SqlKind, type Range, type SqlBlock, type SqlTokenList } from '@tb-refs/parser';
import { Tag, W, WORD_CODE_LIMIT, type Word, tagCode, wordCode, wordFlags } from './select-words.js';

/** A column a query produces, with the text that names it. */
export interface OutputColumn {
  readonly name: string;
  /**
   * The name it may have instead: a qualified column (`o.name`) is named `name`, or `o.name` when
   * ClickHouse keeps the qualifier (in joins, where the bare name is ambiguous).
   */
  readonly qualifiedName?: string;
  /** The alias or column name (without quotes), or the `*` it was expanded from (file offsets). */
  readonly range: Range;
}

/** An item of the select list without an alias: ClickHouse names its column after its text. */
export interface UnnamedExpression {
  readonly range: Range;
}

/** The columns a query returns, when its text tells them. */
export interface QueryOutput {
  /** In select-list order, without duplicates; the union over template branches. */
  readonly columns: readonly OutputColumn[];
  readonly unnamed: readonly UnnamedExpression[];
  /** The SELECT keyword whose list gives the columns. */
  readonly select: Range;
}

/**
 * The column names of a table the query reads (`FROM name`, `SELECT *`): a datasource's SCHEMA or
 * an earlier node's output. Undefined when unknown: the analysis then gives up.
 */
export type ColumnsOf = (name: string) => readonly string[] | undefined;

// Kind numbers as module constants: this code runs mostly in V8's interpreter, where a constant
// is one load and `SqlKind.X` is a property lookup.
const BLOCK_COMMENT = SqlKind.BlockComment;
const TEMPLATE_COMMENT = SqlKind.TemplateComment;
const TEMPLATE_EXPRESSION = SqlKind.TemplateExpression;
const TEMPLATE_STATEMENT = SqlKind.TemplateStatement;
const IDENTIFIER = SqlKind.Identifier;
const QUOTED_IDENTIFIER = SqlKind.QuotedIdentifier;
const DOUBLE_QUOTED_IDENTIFIER = SqlKind.DoubleQuotedIdentifier;
const OPERATOR = SqlKind.Operator;
const L_PAREN = SqlKind.LParen;
const R_PAREN = SqlKind.RParen;
const COMMA = SqlKind.Comma;
const DOT = SqlKind.Dot;
const SEMICOLON = SqlKind.Semicolon;

/** 1 for opening brackets, -1 for closing ones, by kind. */
const BRACKET = new Int8Array(32);
BRACKET[SqlKind.LParen] = BRACKET[SqlKind.LBracket] = BRACKET[SqlKind.LBrace] = 1;
BRACKET[SqlKind.RParen] = BRACKET[SqlKind.RBracket] = BRACKET[SqlKind.RBrace] = -1;

/** Kinds that may stand before an implicit alias (`expr alias`), by kind. */
const ALIAS_PRECEDER = new Uint8Array(32);
for (const kind of [R_PAREN, SqlKind.RBracket, IDENTIFIER, QUOTED_IDENTIFIER, DOUBLE_QUOTED_IDENTIFIER, SqlKind.Number, SqlKind.String, TEMPLATE_EXPRESSION]) ALIAS_PRECEDER[kind] = 1;

// Word codes of the identifiers tested one by one.
const SELECT = W.SELECT;
const WITH = W.WITH;
const FROM = W.FROM;
const DISTINCT = W.DISTINCT;
const ALL = W.ALL;
const ON = W.ON;
const TOP = W.TOP;
const EXCEPT = W.EXCEPT;
const REPLACE = W.REPLACE;
const COLUMNS = W.COLUMNS;
const AS = W.AS;
const FINAL = W.FINAL;
const SAMPLE = W.SAMPLE;
const ARRAY = W.ARRAY;
/** Code of an `*` operator, in the same array as word codes but above them. */
const STAR = WORD_CODE_LIMIT;
/** Code of an identifier, operator or `{% … %}` not classified yet (see Tokens.code). */
const UNCLASSIFIED = 255;

const JOIN_WORDS: readonly Word[] = ['GLOBAL', 'LOCAL', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'OUTER', 'ANY', 'ALL', 'ASOF', 'SEMI', 'ANTI', 'PASTE', 'ARRAY', 'JOIN'];
const LIST_END_WORDS: readonly Word[] = [
  'FROM', 'WHERE', 'PREWHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'SETTINGS', 'UNION',
  'INTERSECT', 'FORMAT', 'INTO', 'WINDOW', 'QUALIFY',
];
/** Bits of {@link FLAGS}. */
const LIST_END = 1;
const FROM_END = 2;
const TABLE_SUFFIX_END = 4;
const JOIN = 8;
const NOT_ALIAS = 16;
/** Sets of word codes, as bits by code (0 for codes of other tokens). */
const FLAGS = wordFlags([
  /** Depth-0 words that end a select list. */
  LIST_END_WORDS,
  /** Depth-0 words that end a FROM clause. */
  LIST_END_WORDS.filter((w) => w !== 'FROM'),
  /** Words after a table that are not its alias. */
  ['ON', 'USING', 'FINAL', 'SAMPLE', 'AS', ...JOIN_WORDS],
  JOIN_WORDS,
  /** Words that end an expression and so are never an implicit alias (`x IS NULL`, `CASE … END`, `INTERVAL 1 DAY`). */
  [
    'END', 'NULL', 'TRUE', 'FALSE', 'AND', 'OR', 'NOT', 'IS', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'THEN', 'ELSE', 'WHEN',
    'CASE', 'AS', 'DESC', 'ASC', 'DISTINCT', 'ALL', 'FINAL', 'NULLS', 'FIRST', 'LAST', 'COLLATE', 'INTERVAL',
    'SECOND', 'SECONDS', 'MINUTE', 'MINUTES', 'HOUR', 'HOURS', 'DAY', 'DAYS', 'WEEK', 'WEEKS', 'MONTH', 'MONTHS',
    'QUARTER', 'QUARTERS', 'YEAR', 'YEARS', 'MILLISECOND', 'MICROSECOND', 'NANOSECOND', 'OVER', 'FILTER',
  ],
]);
/** At most this many combinations of template branches are analysed; more gives up. */
const MAX_VARIANTS = 64;
const MAX_DEPTH = 32;

/**
 * The columns a node's query returns, from its tokens: the select list of the final query (after
 * CTEs; the first SELECT of a UNION), with aliases (`expr AS name`, `expr name`), bare and
 * qualified columns (`t.col` → `col`), and `*` (`* EXCEPT (…)`, `* REPLACE (…)`) expanded when the
 * query reads one table whose columns `columnsOf` knows (or a subquery or CTE). `{% if %}` branches
 * in the select list give the union of their columns. Returns undefined rather than guess: for
 * `COLUMNS(…)`, a templated column, `*` over joins or unknown tables, `{% for %}`, a query chosen by
 * template branches, or anything it does not parse.
 *
 * @example
 * queryOutput(node.sql, (name) => schemaOf(name))?.columns.map((c) => c.name); // ['day', 'hits']
 */
export function queryOutput(sql: SqlBlock, columnsOf: ColumnsOf): QueryOutput | undefined {
  // The significant tokens as numbers (see Tokens); strings are made only for the names the
  // result keeps. This loop runs for every token of the block, so it does no more than copy.
  const list = sql.tokenList;
  const length = list.length;
  const idx = new Int32Array(length);
  const kinds = new Uint8Array(length);
  const codes = new Uint8Array(length);
  let n = 0;
  let firstSemicolon = -1;
  let lastOther = -1;
  for (let j = 0; j < length; j++) {
    const kind = list.kind(j);
    if (kind <= BLOCK_COMMENT || kind === TEMPLATE_COMMENT) continue;
    if (kind !== SEMICOLON) lastOther = n;
    else if (firstSemicolon < 0) firstSemicolon = n;
    idx[n] = j;
    kinds[n++] = kind;
  }
  codes.fill(UNCLASSIFIED, 0, n);
  const t = new Tokens(list, idx, kinds, codes, n);
  const start = sql.templated && n > 0 && kinds[0] === OPERATOR && t.isChar(0, 37) ? 1 : 0; // `%`
  // Without the trailing semicolons (a `%` is not one, so `start` is never past `lastOther + 1`).
  const end = Math.max(start, lastOther + 1);
  // Several statements: Tinybird runs one query per node, so do not guess which one counts.
  if (firstSemicolon >= 0 && firstSemicolon < end) return undefined;
  return new QueryReader(t, columnsOf).query(start, end, undefined, 0);
}

/**
 * Tokens by position, as parallel arrays: the index in the token list, the kind and a code
 * (the word code of an identifier, {@link STAR}, the tag code of a `{% … %}`, or 0). Positions
 * from `length` on read as kind 0 (whitespace, never tested) or undefined: no token. Most
 * identifiers (those in WHERE clauses, CTE bodies, function arguments) are never tested against
 * a word, so codes start as {@link UNCLASSIFIED} and are found when first asked for (`code`).
 */
class Tokens {
  readonly list: SqlTokenList;
  readonly idx: Int32Array;
  readonly kinds: Uint8Array;
  readonly codes: Uint8Array;
  readonly length: number;

  constructor(list: SqlTokenList, idx: Int32Array, kinds: Uint8Array, codes: Uint8Array, length: number) {
    this.list = list;
    this.idx = idx;
    this.kinds = kinds;
    this.codes = codes;
    this.length = length;
  }

  /** The code of token `k`, classifying an identifier on first use; 0 past the end. */
  code(k: number): number {
    const code = this.codes[k];
    if (code === undefined) return 0;
    return code === UNCLASSIFIED ? this.classify(k) : code;
  }

  /** Code of the identifier, operator or template statement `k`, remembered in `codes`. */
  classify(k: number): number {
    const kind = this.kinds[k];
    let code = 0;
    if (kind === IDENTIFIER || kind === OPERATOR || kind === TEMPLATE_STATEMENT) {
      const list = this.list;
      const j = this.idx[k]!;
      const start = list.start(j) - list.base;
      const end = list.end(j) - list.base;
      if (kind === IDENTIFIER) code = wordCode(list.text, start, end);
      else if (kind === OPERATOR) code = end - start === 1 && list.text.charCodeAt(start) === 42 ? STAR : 0; // `*`
      else code = tagCode(list.text, start, end);
    }
    this.codes[k] = code;
    return code;
  }

  start(k: number): number {
    return this.list.start(this.idx[k]!);
  }

  end(k: number): number {
    return this.list.end(this.idx[k]!);
  }

  /** True when token `k` is the one character `c`. */
  isChar(k: number, c: number): boolean {
    const start = this.start(k);
    return this.end(k) - start === 1 && this.list.text.charCodeAt(start - this.list.base) === c;
  }

  /** The name token `k` gives (without quotes). */
  name(k: number): string {
    const list = this.list;
    const j = this.idx[k]!;
    const start = list.start(j) - list.base;
    const end = list.end(j) - list.base;
    return this.kinds[k] === IDENTIFIER ? list.text.slice(start, end) : list.text.slice(start + 1, end - 1);
  }

  /** The column token `k` names: its name and range without quotes. */
  column(k: number): OutputColumn {
    const list = this.list;
    const j = this.idx[k]!;
    const start = list.start(j);
    const end = list.end(j);
    if (this.kinds[k] === IDENTIFIER) return { name: list.text.slice(start - list.base, end - list.base), range: { start, end } };
    return { name: list.text.slice(start + 1 - list.base, end - 1 - list.base), range: { start: start + 1, end: end - 1 } };
  }

  /** The tokens at `positions`, in that order. */
  pick(positions: readonly number[]): Tokens {
    const m = positions.length;
    const idx = new Int32Array(m);
    const kinds = new Uint8Array(m);
    const codes = new Uint8Array(m);
    for (let k = 0; k < m; k++) {
      const p = positions[k]!;
      idx[k] = this.idx[p]!;
      kinds[k] = this.kinds[p]!;
      codes[k] = this.codes[p]!;
    }
    return new Tokens(this.list, idx, kinds, codes, m);
  }
}

function isName(kind: number | undefined): boolean {
  return kind === IDENTIFIER || kind === QUOTED_IDENTIFIER || kind === DOUBLE_QUOTED_IDENTIFIER;
}

/** CTE names visible in a query, with their bodies' token spans. */
interface Scope {
  readonly ctes: ReadonlyMap<string, readonly [number, number]>;
  readonly parent: Scope | undefined;
}

function cteOf(scope: Scope | undefined, name: string): { span: readonly [number, number]; scope: Scope } | undefined {
  for (let s = scope; s; s = s.parent) {
    const span = s.ctes.get(name);
    if (span) return { span, scope: s };
  }
  return undefined;
}

/** A table of the FROM clause: a name (table, node or CTE) or a subquery, and its alias. */
interface FromTable {
  readonly name?: string | undefined;
  readonly query?: readonly [number, number] | undefined;
  readonly alias?: string | undefined;
}

/** What the FROM clause says about the tables the select list reads. */
interface FromInfo {
  /** Names written at depth 0 in the FROM clause: tables and their aliases (qualifiers of `t.col`). */
  readonly qualifiers: ReadonlySet<string>;
  /** Every table read, in order; undefined when the clause is not understood (templates, table functions). */
  readonly tables?: readonly FromTable[];
  /** True with `ARRAY JOIN`, which changes what `*` returns. */
  readonly arrayJoin?: boolean;
}

type Item =
  | { readonly kind: 'column'; readonly column: OutputColumn }
  | { readonly kind: 'star'; readonly qualifier: string | undefined; readonly except: ReadonlySet<string>; readonly range: Range }
  | { readonly kind: 'unnamed'; readonly expression: UnnamedExpression };

/** Reads queries from the tokens of one SQL block; positions are those of `Tokens`. */
class QueryReader {
  readonly #t: Tokens;
  readonly #kinds: Uint8Array;
  readonly #codes: Uint8Array;
  readonly #columnsOf: ColumnsOf;
  /** Set by #listEnd: the list has `{% … %}` tags. */
  #listTagged = false;

  constructor(tokens: Tokens, columnsOf: ColumnsOf) {
    this.#t = tokens;
    this.#kinds = tokens.kinds;
    this.#codes = tokens.codes;
    this.#columnsOf = columnsOf;
  }

  /** The output of the query in tokens [start, end). */
  query(start: number, end: number, parent: Scope | undefined, depth: number): QueryOutput | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const t = this.#t;
    const kinds = this.#kinds;
    let i = this.#skipSet(start, end);
    if (kinds[i] === L_PAREN) {
      // `(SELECT …) UNION ALL (SELECT …)`: the first part names the columns.
      const close = this.#close(i, end);
      return close < 0 ? undefined : this.query(i + 1, close, parent, depth + 1);
    }
    const ctes = new Map<string, readonly [number, number]>();
    if (t.code(i) === WITH) {
      const at = this.#with(i + 1, end, ctes);
      if (at === undefined) return undefined;
      i = this.#skipSet(at, end);
    }
    const scope: Scope = { ctes, parent };
    // A query chosen by template branches (`{% if %} SELECT … {% else %} SELECT … {% end %}`).
    if (t.code(i) !== SELECT) return undefined;
    const select = i;
    i++;
    if (t.code(i) === DISTINCT) {
      i++;
      if (t.code(i) === ON && kinds[i + 1] === L_PAREN) {
        const close = this.#close(i + 1, end);
        if (close < 0) return undefined;
        i = close + 1;
      }
    } else if (t.code(i) === ALL) i++;
    if (t.code(i) === TOP) return undefined;
    const listStart = i;
    const listEnd = this.#listEnd(listStart, end);
    const templated = this.#listTagged;
    const from = t.code(listEnd) === FROM ? this.#from(listEnd + 1, end) : { qualifiers: new Set<string>() };
    if (from === undefined) return undefined;
    // Without `{% … %}` tags the list is its one variant, read in place.
    let variants: Tokens[] | undefined;
    if (templated) {
      const positions = expandBranches(t, listStart, listEnd);
      if (positions === undefined) return undefined;
      variants = [];
      for (const p of positions) variants.push(t.pick(p));
    }
    const columns = new Map<string, OutputColumn>();
    const unnamed = new Map<number, UnnamedExpression>();
    const count = variants === undefined ? 1 : variants.length;
    for (let v = 0; v < count; v++) {
      const items = variants === undefined ? itemsOf(t, listStart, listEnd, from) : itemsOf(variants[v]!, 0, variants[v]!.length, from);
      if (items === undefined) return undefined;
      for (const item of items) {
        if (item.kind === 'column') {
          if (!columns.has(item.column.name)) columns.set(item.column.name, item.column);
        } else if (item.kind === 'unnamed') {
          unnamed.set(item.expression.range.start, item.expression);
        } else {
          const names = this.#starColumns(from, item.qualifier, scope, depth);
          if (names === undefined) return undefined;
          for (const name of names) {
            if (!item.except.has(name) && !columns.has(name)) columns.set(name, { name, range: item.range });
          }
        }
      }
    }
    return { columns: [...columns.values()], unnamed: [...unnamed.values()], select: { start: t.start(select), end: t.end(select) } };
  }

  /** Columns `*` (or `t.*`) stands for: those of the table read (or named), if known. */
  #starColumns(from: FromInfo, qualifier: string | undefined, scope: Scope, depth: number): readonly string[] | undefined {
    const tables = from.tables;
    if (!tables) return undefined;
    let table: FromTable | undefined;
    if (qualifier === undefined) table = tables.length === 1 && !from.arrayJoin ? tables[0] : undefined;
    else {
      let count = 0;
      for (const t of tables) {
        if ((t.alias ?? t.name) !== qualifier) continue;
        count++;
        table = t;
      }
      if (count !== 1) table = undefined;
    }
    if (!table) return undefined;
    let output: QueryOutput | undefined;
    if (table.query) {
      output = this.query(table.query[0], table.query[1], scope, depth + 1);
    } else if (table.name !== undefined) {
      const cte = cteOf(scope, table.name);
      if (!cte) return this.#columnsOf(table.name);
      // A CTE body sees the CTEs defined before it; the whole scope is a close enough superset.
      output = this.query(cte.span[0], cte.span[1], cte.scope, depth + 1);
    }
    if (!output || output.unnamed.length > 0) return undefined;
    const names: string[] = [];
    for (const c of output.columns) names.push(c.name);
    return names;
  }

  /** Index of the token that ends the select list starting at `i`. */
  #listEnd(i: number, end: number): number {
    const kinds = this.#kinds;
    const codes = this.#codes;
    let depth = 0;
    this.#listTagged = false;
    for (; i < end; i++) {
      const kind = kinds[i]!;
      const bracket = BRACKET[kind];
      if (bracket === 1) depth++;
      else if (bracket === -1) {
        if (depth === 0) return i;
        depth--;
      } else if (depth === 0 && kind === IDENTIFIER) {
        let code = codes[i]!;
        if (code === UNCLASSIFIED) code = this.#t.classify(i);
        if ((FLAGS[code]! & LIST_END) !== 0) return i;
        if (code === EXCEPT && this.#t.code(i - 1) !== STAR && this.#startsSetOperand(i + 1, end)) return i;
      } else if (kind === TEMPLATE_STATEMENT) this.#listTagged = true;
    }
    return end;
  }

  /** After `EXCEPT`: a query (`EXCEPT SELECT …`, `EXCEPT (SELECT …)`, `EXCEPT ALL`) rather than a column list. */
  #startsSetOperand(i: number, end: number): boolean {
    const t = this.#t;
    const code = t.code(i);
    if (code === SELECT || code === WITH || code === ALL || code === DISTINCT) return true;
    return this.#kinds[i] === L_PAREN && i + 1 < end && (t.code(i + 1) === SELECT || t.code(i + 1) === WITH);
  }

  /** The FROM clause starting at `i`: qualifier names and the tables read. */
  #from(i: number, end: number): FromInfo | undefined {
    const t = this.#t;
    const kinds = this.#kinds;
    const codes = this.#codes;
    const qualifiers = new Set<string>();
    let depth = 0;
    let clauseEnd = end;
    for (let k = i; k < end; k++) {
      const kind = kinds[k]!;
      const bracket = BRACKET[kind];
      if (bracket === 1) depth++;
      else if (bracket === -1) depth--;
      if (depth !== 0) continue;
      if (kind === IDENTIFIER) {
        let code = codes[k]!;
        if (code === UNCLASSIFIED) code = t.classify(k);
        if ((FLAGS[code]! & FROM_END) !== 0) {
          clauseEnd = k;
          break;
        }
      }
      if (isName(kind)) qualifiers.add(t.name(k));
    }
    const tables: FromTable[] = [];
    let arrayJoin = false;
    let k = i;
    while (k < clauseEnd) {
      // One table: `name [FINAL] [SAMPLE …] [[AS] alias]`, `(subquery) [[AS] alias]`.
      let name: string | undefined;
      let query: readonly [number, number] | undefined;
      if (kinds[k] === L_PAREN) {
        const close = this.#close(k, clauseEnd);
        if (close < 0) return undefined;
        query = [k + 1, close];
        k = close + 1;
      } else if (isName(kinds[k]) && kinds[k + 1] !== L_PAREN) {
        // `db.table` reads another database: its columns are unknown, but it is still one table.
        name = t.name(k);
        k++;
        while (kinds[k] === DOT && isName(kinds[k + 1])) {
          name = undefined;
          k += 2;
        }
      } else return { qualifiers };
      let alias: string | undefined;
      for (;;) {
        const word = t.code(k);
        if (word === FINAL) k++;
        else if (word === SAMPLE) return { qualifiers };
        else if (word === AS && isName(kinds[k + 1])) {
          alias = t.name(k + 1);
          k += 2;
        } else if (isName(kinds[k]) && (FLAGS[word]! & TABLE_SUFFIX_END) === 0) {
          alias = t.name(k);
          k++;
        } else break;
      }
      tables.push({ name, query, alias });
      // The join condition (`ON …`, `USING …`), up to the next table.
      depth = 0;
      for (; k < clauseEnd; k++) {
        const kind = kinds[k]!;
        const bracket = BRACKET[kind];
        if (bracket === 1) depth++;
        else if (bracket === -1) depth--;
        if (depth !== 0) continue;
        // Tables chosen by template branches (`FROM {% if a %} t1 {% else %} t2 {% end %}`).
        if (kind === TEMPLATE_STATEMENT || kind === TEMPLATE_EXPRESSION) return { qualifiers };
        if (kind === COMMA || (kind === IDENTIFIER && (FLAGS[t.code(k)]! & JOIN) !== 0)) break;
      }
      if (k >= clauseEnd) break;
      if (kinds[k] === COMMA) {
        k++;
        continue;
      }
      let isArray = false;
      while (k < clauseEnd && (FLAGS[t.code(k)]! & JOIN) !== 0) {
        if (t.code(k) === ARRAY) isArray = true;
        k++;
      }
      // ARRAY JOIN takes expressions, not a table: what follows to the next JOIN is skipped.
      if (isArray) {
        arrayJoin = true;
        depth = 0;
        for (; k < clauseEnd; k++) {
          const bracket = BRACKET[kinds[k]!];
          if (bracket === 1) depth++;
          else if (bracket === -1) depth--;
          else if (depth === 0 && kinds[k] === IDENTIFIER && (FLAGS[t.code(k)]! & JOIN) !== 0) break;
        }
        while (k < clauseEnd && (FLAGS[t.code(k)]! & JOIN) !== 0) k++;
        if (k >= clauseEnd) break;
      }
    }
    return { qualifiers, tables, arrayJoin };
  }

  /** `WITH a AS (…), expr AS b, …` up to the SELECT; returns its index. */
  #with(i: number, end: number, ctes: Map<string, readonly [number, number]>): number | undefined {
    const t = this.#t;
    const kinds = this.#kinds;
    for (;;) {
      i = this.#skipSet(i, end);
      if (i >= end) return undefined;
      if (isName(kinds[i]) && t.code(i + 1) === AS && kinds[i + 2] === L_PAREN) {
        const close = this.#close(i + 2, end);
        if (close < 0) return undefined;
        ctes.set(t.name(i), [i + 3, close]);
        i = close + 1;
      } else {
        let depth = 0;
        for (; i < end; i++) {
          const kind = kinds[i]!;
          const bracket = BRACKET[kind];
          if (bracket === 1) depth++;
          else if (bracket === -1) depth--;
          else if (depth === 0 && (kind === COMMA || (kind === IDENTIFIER && t.code(i) === SELECT))) break;
        }
      }
      if (kinds[i] === COMMA) {
        i++;
        continue;
      }
      return i;
    }
  }

  /** Skips `{% set … %}` tags. */
  #skipSet(i: number, end: number): number {
    const kinds = this.#kinds;
    while (i < end && kinds[i] === TEMPLATE_STATEMENT && this.#t.code(i) === Tag.Set) i++;
    return i;
  }

  /** Index of the bracket closing the one at `i` (before `end`), or -1. */
  #close(i: number, end: number): number {
    const kinds = this.#kinds;
    let depth = 0;
    for (let k = i; k < end; k++) {
      const bracket = BRACKET[kinds[k]!];
      if (bracket === 1) depth++;
      else if (bracket === -1 && --depth === 0) return k;
    }
    return -1;
  }
}

/** Splits a select list (one template variant: tokens [start, end) of `t`) into items and names each. */
function itemsOf(t: Tokens, start: number, end: number, from: FromInfo): Item[] | undefined {
  const kinds = t.kinds;
  const items: Item[] = [];
  let depth = 0;
  let part = start;
  // The part calls `COLUMNS(…)`, found here rather than by another walk over the part.
  let columnsCall = false;
  for (let k = start; k < end; k++) {
    const kind = kinds[k]!;
    const bracket = BRACKET[kind];
    if (bracket === 1) {
      depth++;
      if (kind === L_PAREN && k > part && kinds[k - 1] === IDENTIFIER && t.code(k - 1) === COLUMNS) columnsCall = true;
    } else if (bracket === -1) depth--;
    if (depth === 0 && kind === COMMA) {
      const item = itemOf(t, part, k, from, columnsCall);
      if (item === undefined) return undefined;
      items.push(item);
      part = k + 1;
      columnsCall = false;
    }
  }
  // ClickHouse accepts a trailing comma after the last item.
  if (items.length === 0 || part < end) {
    const item = itemOf(t, part, end, from, columnsCall);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return items;
}

/** The item in tokens [s, e) of `t` (which calls `COLUMNS(…)` if `columnsCall`); nothing outside them is read. */
function itemOf(t: Tokens, s: number, e: number, from: FromInfo, columnsCall: boolean): Item | undefined {
  const n = e - s;
  if (n === 0) return undefined;
  const kinds = t.kinds;
  const codes = t.codes;
  const last = e - 1;
  // `*`, `t.*`, with EXCEPT or REPLACE transformers.
  if (kinds[s] === OPERATOR && t.code(s) === STAR) return star(t, s, e, s, undefined);
  if (n >= 3 && isName(kinds[s]) && kinds[s + 1] === DOT && kinds[s + 2] === OPERATOR && t.code(s + 2) === STAR) return star(t, s, e, s + 2, t.name(s));
  if (columnsCall) return undefined;
  const lastKind = kinds[last]!;
  const lastIsName = isName(lastKind);
  // `expr AS alias`
  if (n >= 3 && lastIsName && t.code(last - 1) === AS) return { kind: 'column', column: t.column(last) };
  if (n === 1) {
    if (lastKind === TEMPLATE_EXPRESSION) return undefined;
    if (lastIsName && (FLAGS[t.code(last)]! & NOT_ALIAS) === 0) return { kind: 'column', column: t.column(last) };
  }
  // `t.col`, `db.t.col`: a qualified column is named after its last part when the qualifier is
  // a table of the FROM clause; otherwise it may be a subcolumn (`json.path`), so give up.
  if (n >= 3 && isChain(kinds, s, e)) {
    const qualifier = t.name(last - 2);
    if (!from.qualifiers.has(qualifier)) return undefined;
    const { name, range } = t.column(last);
    return { kind: 'column', column: { name, range, qualifiedName: `${qualifier}.${name}` } };
  }
  // `expr alias`
  if (n >= 2 && lastIsName && (FLAGS[t.code(last)]! & NOT_ALIAS) === 0 && ALIAS_PRECEDER[kinds[last - 1]!] === 1) {
    if (kinds[last - 1] !== IDENTIFIER || (FLAGS[t.code(last - 1)]! & NOT_ALIAS) === 0) return { kind: 'column', column: t.column(last) };
  }
  // A lone template expression names its column at render time.
  let allTemplate = true;
  for (let k = s; k < e; k++) {
    if (kinds[k] !== TEMPLATE_EXPRESSION && kinds[k] !== TEMPLATE_STATEMENT) {
      allTemplate = false;
      break;
    }
  }
  if (allTemplate) return undefined;
  return { kind: 'unnamed', expression: { range: { start: t.start(s), end: t.end(last) } } };
}

/** Names and dots alternate from `s` to `e - 1` (`a.b.c`; a trailing dot passes, as `a.b.`). */
function isChain(kinds: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    if ((k - s) % 2 === 0 ? !isName(kinds[k]) : kinds[k] !== DOT) return false;
  }
  return true;
}

/** `*` / `t.*` at `at`, then `EXCEPT (a, b)` / `EXCEPT a` / `REPLACE (expr AS a, …)` up to `e`; anything else gives up. */
function star(t: Tokens, s: number, e: number, at: number, qualifier: string | undefined): Item | undefined {
  const kinds = t.kinds;
  const codes = t.codes;
  const range = { start: t.start(s), end: t.end(at) };
  const except = new Set<string>();
  let i = at + 1;
  while (i < e) {
    const word = t.code(i);
    if (word === EXCEPT) {
      if (i + 1 < e && kinds[i + 1] === L_PAREN) {
        let k = i + 2;
        for (;;) {
          if (k >= e || !isName(kinds[k])) return undefined;
          except.add(t.name(k));
          if (k + 1 < e && kinds[k + 1] === COMMA) k += 2;
          else if (k + 1 < e && kinds[k + 1] === R_PAREN) break;
          else return undefined;
        }
        i = k + 2;
      } else if (i + 1 < e && isName(kinds[i + 1])) {
        except.add(t.name(i + 1));
        i += 2;
      } else return undefined;
    } else if (word === REPLACE && i + 1 < e && kinds[i + 1] === L_PAREN) {
      // Replaced columns keep their names.
      let depth = 0;
      let k = i + 1;
      for (; k < e; k++) {
        const bracket = BRACKET[kinds[k]!];
        if (bracket === 1) depth++;
        else if (bracket === -1 && --depth === 0) break;
      }
      if (k >= e) return undefined;
      i = k + 1;
    } else return undefined;
  }
  return { kind: 'star', qualifier, except, range };
}

/**
 * The token positions a select list [start, end) can render to: one list per combination of
 * `{% if %}` branches (an `if` without `else` may also render nothing). `{% set %}` tags are
 * dropped. Undefined for `{% for %}`, unbalanced blocks or too many combinations.
 */
function expandBranches(t: Tokens, start: number, end: number): number[][] | undefined {
  // `SELECT a {% if x %} FROM t1 {% else %} FROM t2 {% end %}`: the list ends inside a block.
  while (end > start && t.kinds[end - 1] === TEMPLATE_STATEMENT && t.code(end - 1) !== Tag.End) end--;
  const result = sequence(t, start, end, false);
  return result && result.next === end ? result.variants : undefined;
}

function sequence(t: Tokens, i: number, end: number, inBlock: boolean): { variants: number[][]; next: number } | undefined {
  let variants: number[][] = [[]];
  while (i < end) {
    if (t.kinds[i] !== TEMPLATE_STATEMENT) {
      for (const v of variants) v.push(i);
      i++;
      continue;
    }
    const tag = t.code(i);
    if (tag === Tag.Set) {
      i++;
      continue;
    }
    if (tag === Tag.Elif || tag === Tag.Else || tag === Tag.End) {
      if (inBlock) return { variants, next: i };
      return undefined;
    }
    if (tag !== Tag.If) return undefined;
    const options: number[][] = [];
    let hasElse = false;
    i++;
    for (;;) {
      const branch = sequence(t, i, end, true);
      if (!branch || branch.next >= end) return undefined;
      for (const o of branch.variants) options.push(o);
      const closer = t.code(branch.next);
      i = branch.next + 1;
      if (closer === Tag.End) break;
      if (closer === Tag.Else) hasElse = true;
    }
    if (!hasElse) options.push([]);
    if (variants.length * options.length > MAX_VARIANTS) return undefined;
    const combined: number[][] = [];
    for (const v of variants) for (const o of options) combined.push(v.concat(o));
    variants = combined;
  }
  return { variants, next: i };
}
