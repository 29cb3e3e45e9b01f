import { SqlKind, type Range, type SqlBlock, type SqlToken } from '@tb-refs/parser';

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

const TRIVIA_KINDS: ReadonlySet<number> = new Set([SqlKind.Whitespace, SqlKind.LineComment, SqlKind.BlockComment, SqlKind.TemplateComment]);
const OPEN = new Set(['LParen', 'LBracket', 'LBrace']);
const CLOSE = new Set(['RParen', 'RBracket', 'RBrace']);
/** Depth-0 words that end a select list. */
const LIST_END = new Set([
  'FROM', 'WHERE', 'PREWHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'SETTINGS', 'UNION',
  'INTERSECT', 'FORMAT', 'INTO', 'WINDOW', 'QUALIFY',
]);
/** Depth-0 words that end a FROM clause. */
const FROM_END = new Set([...LIST_END].filter((w) => w !== 'FROM'));
/** Words after a table that are not its alias. */
const TABLE_SUFFIX_END = new Set(['ON', 'USING', 'FINAL', 'SAMPLE', 'AS', 'GLOBAL', 'LOCAL', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'OUTER', 'ANY', 'ALL', 'ASOF', 'SEMI', 'ANTI', 'PASTE', 'ARRAY', 'JOIN']);
const JOIN_WORDS = new Set(['GLOBAL', 'LOCAL', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'OUTER', 'ANY', 'ALL', 'ASOF', 'SEMI', 'ANTI', 'PASTE', 'ARRAY', 'JOIN']);
/** Words that end an expression and so are never an implicit alias (`x IS NULL`, `CASE … END`, `INTERVAL 1 DAY`). */
const NOT_ALIAS = new Set([
  'END', 'NULL', 'TRUE', 'FALSE', 'AND', 'OR', 'NOT', 'IS', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'THEN', 'ELSE', 'WHEN',
  'CASE', 'AS', 'DESC', 'ASC', 'DISTINCT', 'ALL', 'FINAL', 'NULLS', 'FIRST', 'LAST', 'COLLATE', 'INTERVAL',
  'SECOND', 'SECONDS', 'MINUTE', 'MINUTES', 'HOUR', 'HOURS', 'DAY', 'DAYS', 'WEEK', 'WEEKS', 'MONTH', 'MONTHS',
  'QUARTER', 'QUARTERS', 'YEAR', 'YEARS', 'MILLISECOND', 'MICROSECOND', 'NANOSECOND', 'OVER', 'FILTER',
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
  // Objects for the significant tokens only, from the compact list: `sql.tokens` would make one
  // for every token, blanks included, and keep them all in the parse result for the whole run.
  const list = sql.tokenList;
  const tokens: SqlToken[] = [];
  for (let i = 0; i < list.length; i++) if (!TRIVIA_KINDS.has(list.kind(i))) tokens.push(list.token(i));
  const start = sql.templated && tokens[0]?.type === 'Operator' && tokens[0].image === '%' ? 1 : 0;
  let end = tokens.length;
  while (end > start && tokens[end - 1]!.type === 'Semicolon') end--;
  // Several statements: Tinybird runs one query per node, so do not guess which one counts.
  if (tokens.slice(start, end).some((t) => t.type === 'Semicolon')) return undefined;
  return new QueryReader(tokens, columnsOf).query(start, end, undefined, 0);
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
  readonly name?: string;
  readonly query?: readonly [number, number];
  readonly alias?: string;
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
  | { readonly kind: 'star'; readonly qualifier?: string; readonly except: ReadonlySet<string>; readonly range: Range }
  | { readonly kind: 'unnamed'; readonly expression: UnnamedExpression };

class QueryReader {
  readonly #t: readonly SqlToken[];
  readonly #columnsOf: ColumnsOf;

  constructor(tokens: readonly SqlToken[], columnsOf: ColumnsOf) {
    this.#t = tokens;
    this.#columnsOf = columnsOf;
  }

  /** The output of the query in tokens [start, end). */
  query(start: number, end: number, parent: Scope | undefined, depth: number): QueryOutput | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const t = this.#t;
    let i = this.#skipSet(start, end);
    if (t[i]?.type === 'LParen') {
      // `(SELECT …) UNION ALL (SELECT …)`: the first part names the columns.
      const close = this.#close(i, end);
      return close < 0 ? undefined : this.query(i + 1, close, parent, depth + 1);
    }
    const ctes = new Map<string, readonly [number, number]>();
    if (this.#kw(i) === 'WITH') {
      const at = this.#with(i + 1, end, ctes);
      if (at === undefined) return undefined;
      i = this.#skipSet(at, end);
    }
    const scope: Scope = { ctes, parent };
    // A query chosen by template branches (`{% if %} SELECT … {% else %} SELECT … {% end %}`).
    if (this.#kw(i) !== 'SELECT') return undefined;
    const select = t[i]!;
    i++;
    if (this.#kw(i) === 'DISTINCT') {
      i++;
      if (this.#kw(i) === 'ON' && t[i + 1]?.type === 'LParen') {
        const close = this.#close(i + 1, end);
        if (close < 0) return undefined;
        i = close + 1;
      }
    } else if (this.#kw(i) === 'ALL') i++;
    if (this.#kw(i) === 'TOP') return undefined;
    const listStart = i;
    const listEnd = this.#listEnd(listStart, end);
    const from = this.#kw(listEnd) === 'FROM' ? this.#from(listEnd + 1, end) : { qualifiers: new Set<string>() };
    if (from === undefined) return undefined;
    const variants = expandBranches(t.slice(listStart, listEnd));
    if (variants === undefined) return undefined;
    const columns = new Map<string, OutputColumn>();
    const unnamed = new Map<number, UnnamedExpression>();
    for (const variant of variants) {
      const items = this.#items(variant, from);
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
    return { columns: [...columns.values()], unnamed: [...unnamed.values()], select: { start: select.start, end: select.end } };
  }

  /** Columns `*` (or `t.*`) stands for: those of the table read (or named), if known. */
  #starColumns(from: FromInfo, qualifier: string | undefined, scope: Scope, depth: number): readonly string[] | undefined {
    const tables = from.tables;
    if (!tables) return undefined;
    let table: FromTable | undefined;
    if (qualifier === undefined) table = tables.length === 1 && !from.arrayJoin ? tables[0] : undefined;
    else {
      const named = tables.filter((t) => (t.alias ?? t.name) === qualifier);
      table = named.length === 1 ? named[0] : undefined;
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
    return output.columns.map((c) => c.name);
  }

  /** Splits a select list (one template variant) into items and names each. */
  #items(tokens: readonly SqlToken[], from: FromInfo): Item[] | undefined {
    const parts: SqlToken[][] = [[]];
    let depth = 0;
    for (const tok of tokens) {
      if (OPEN.has(tok.type)) depth++;
      else if (CLOSE.has(tok.type)) depth--;
      if (depth === 0 && tok.type === 'Comma') parts.push([]);
      else parts[parts.length - 1]!.push(tok);
    }
    // ClickHouse accepts a trailing comma after the last item.
    if (parts.length > 1 && parts[parts.length - 1]!.length === 0) parts.pop();
    const items: Item[] = [];
    for (const part of parts) {
      const item = this.#item(part, from);
      if (item === undefined) return undefined;
      items.push(item);
    }
    return items;
  }

  #item(p: readonly SqlToken[], from: FromInfo): Item | undefined {
    const n = p.length;
    if (n === 0) return undefined;
    const last = p[n - 1]!;
    // `*`, `t.*`, with EXCEPT or REPLACE transformers.
    const starAt = isStar(p[0]) ? 0 : n >= 3 && isName(p[0]) && p[1]!.type === 'Dot' && isStar(p[2]) ? 2 : -1;
    if (starAt >= 0) return star(p, starAt, starAt === 2 ? unquote(p[0]!).name : undefined);
    if (p.some((t) => t.type === 'Identifier' && t.image.toUpperCase() === 'COLUMNS' && p[p.indexOf(t) + 1]?.type === 'LParen')) return undefined;
    // `expr AS alias`
    if (n >= 3 && isName(last) && this.#kwOf(p[n - 2]) === 'AS') return column(last);
    if (n === 1) {
      if (last.type === 'TemplateExpression') return undefined;
      if (isName(last) && !NOT_ALIAS.has(this.#kwOf(last))) return column(last);
    }
    // `t.col`, `db.t.col`: a qualified column is named after its last part when the qualifier is
    // a table of the FROM clause; otherwise it may be a subcolumn (`json.path`), so give up.
    if (n >= 3 && p.every((t, k) => (k % 2 === 0 ? isName(t) : t.type === 'Dot'))) {
      const qualifier = unquote(p[n - 3]!).name;
      if (!from.qualifiers.has(qualifier)) return undefined;
      const { name, range } = unquote(last);
      return { kind: 'column', column: { name, range, qualifiedName: `${qualifier}.${name}` } };
    }
    // `expr alias`
    if (n >= 2 && isName(last) && !NOT_ALIAS.has(this.#kwOf(last)) && ALIAS_PRECEDERS.has(p[n - 2]!.type)) {
      const before = p[n - 2]!;
      if (before.type !== 'Identifier' || !NOT_ALIAS.has(this.#kwOf(before))) return column(last);
    }
    // A lone template expression names its column at render time.
    if (p.every((t) => t.type === 'TemplateExpression' || t.type === 'TemplateStatement')) return undefined;
    const range = { start: p[0]!.start, end: last.end };
    return { kind: 'unnamed', expression: { range } };
  }

  /** Index of the token that ends the select list starting at `i`. */
  #listEnd(i: number, end: number): number {
    const t = this.#t;
    let depth = 0;
    for (; i < end; i++) {
      const tok = t[i]!;
      if (OPEN.has(tok.type)) depth++;
      else if (CLOSE.has(tok.type)) {
        if (depth === 0) return i;
        depth--;
      } else if (depth === 0 && tok.type === 'Identifier') {
        const k = tok.image.toUpperCase();
        if (LIST_END.has(k)) return i;
        if (k === 'EXCEPT' && !isStar(t[i - 1]) && this.#startsSetOperand(i + 1, end)) return i;
      }
    }
    return end;
  }

  /** After `EXCEPT`: a query (`EXCEPT SELECT …`, `EXCEPT (SELECT …)`, `EXCEPT ALL`) rather than a column list. */
  #startsSetOperand(i: number, end: number): boolean {
    const k = this.#kw(i);
    if (k === 'SELECT' || k === 'WITH' || k === 'ALL' || k === 'DISTINCT') return true;
    return this.#t[i]?.type === 'LParen' && i + 1 < end && (this.#kw(i + 1) === 'SELECT' || this.#kw(i + 1) === 'WITH');
  }

  /** The FROM clause starting at `i`: qualifier names and the tables read. */
  #from(i: number, end: number): FromInfo | undefined {
    const t = this.#t;
    const qualifiers = new Set<string>();
    let depth = 0;
    let clauseEnd = end;
    for (let k = i; k < end; k++) {
      const tok = t[k]!;
      if (OPEN.has(tok.type)) depth++;
      else if (CLOSE.has(tok.type)) depth--;
      if (depth !== 0) continue;
      if (tok.type === 'Identifier' && FROM_END.has(tok.image.toUpperCase())) {
        clauseEnd = k;
        break;
      }
      if (isName(tok)) qualifiers.add(unquote(tok).name);
    }
    const tables: FromTable[] = [];
    let arrayJoin = false;
    let k = i;
    while (k < clauseEnd) {
      // One table: `name [FINAL] [SAMPLE …] [[AS] alias]`, `(subquery) [[AS] alias]`.
      const first = t[k]!;
      let table: { name?: string; query?: readonly [number, number] };
      if (first.type === 'LParen') {
        const close = this.#close(k, clauseEnd);
        if (close < 0) return undefined;
        table = { query: [k + 1, close] };
        k = close + 1;
      } else if (isName(first) && t[k + 1]?.type !== 'LParen') {
        // `db.table` reads another database: its columns are unknown, but it is still one table.
        let name: string | undefined = unquote(first).name;
        k++;
        while (t[k]?.type === 'Dot' && isName(t[k + 1])) {
          name = undefined;
          k += 2;
        }
        table = name === undefined ? {} : { name };
      } else return { qualifiers };
      let alias: string | undefined;
      for (;;) {
        const word = this.#kw(k);
        if (word === 'FINAL') k++;
        else if (word === 'SAMPLE') return { qualifiers };
        else if (word === 'AS' && isName(t[k + 1])) {
          alias = unquote(t[k + 1]!).name;
          k += 2;
        } else if (isName(t[k]) && !TABLE_SUFFIX_END.has(word)) {
          alias = unquote(t[k]!).name;
          k++;
        } else break;
      }
      tables.push(alias === undefined ? table : { ...table, alias });
      // The join condition (`ON …`, `USING …`), up to the next table.
      depth = 0;
      for (; k < clauseEnd; k++) {
        const tok = t[k]!;
        if (OPEN.has(tok.type)) depth++;
        else if (CLOSE.has(tok.type)) depth--;
        if (depth !== 0) continue;
        // Tables chosen by template branches (`FROM {% if a %} t1 {% else %} t2 {% end %}`).
        if (tok.type === 'TemplateStatement' || tok.type === 'TemplateExpression') return { qualifiers };
        if (tok.type === 'Comma' || (tok.type === 'Identifier' && JOIN_WORDS.has(tok.image.toUpperCase()))) break;
      }
      if (k >= clauseEnd) break;
      if (t[k]!.type === 'Comma') {
        k++;
        continue;
      }
      let isArray = false;
      while (k < clauseEnd && JOIN_WORDS.has(this.#kw(k))) {
        if (this.#kw(k) === 'ARRAY') isArray = true;
        k++;
      }
      // ARRAY JOIN takes expressions, not a table: what follows to the next JOIN is skipped.
      if (isArray) {
        arrayJoin = true;
        depth = 0;
        for (; k < clauseEnd; k++) {
          const tok = t[k]!;
          if (OPEN.has(tok.type)) depth++;
          else if (CLOSE.has(tok.type)) depth--;
          else if (depth === 0 && tok.type === 'Identifier' && JOIN_WORDS.has(tok.image.toUpperCase())) break;
        }
        while (k < clauseEnd && JOIN_WORDS.has(this.#kw(k))) k++;
        if (k >= clauseEnd) break;
      }
    }
    return { qualifiers, tables, arrayJoin };
  }

  /** `WITH a AS (…), expr AS b, …` up to the SELECT; returns its index. */
  #with(i: number, end: number, ctes: Map<string, readonly [number, number]>): number | undefined {
    const t = this.#t;
    for (;;) {
      i = this.#skipSet(i, end);
      if (i >= end) return undefined;
      if (isName(t[i]) && this.#kw(i + 1) === 'AS' && t[i + 2]?.type === 'LParen') {
        const close = this.#close(i + 2, end);
        if (close < 0) return undefined;
        ctes.set(unquote(t[i]!).name, [i + 3, close]);
        i = close + 1;
      } else {
        let depth = 0;
        for (; i < end; i++) {
          const tok = t[i]!;
          if (OPEN.has(tok.type)) depth++;
          else if (CLOSE.has(tok.type)) depth--;
          else if (depth === 0 && (tok.type === 'Comma' || this.#kw(i) === 'SELECT')) break;
        }
      }
      if (t[i]?.type === 'Comma') {
        i++;
        continue;
      }
      return i;
    }
  }

  /** Skips `{% set … %}` tags. */
  #skipSet(i: number, end: number): number {
    while (i < end && this.#t[i]!.type === 'TemplateStatement' && templateKeyword(this.#t[i]!) === 'set') i++;
    return i;
  }

  /** Index of the bracket closing the one at `i` (before `end`), or -1. */
  #close(i: number, end: number): number {
    let depth = 0;
    for (let k = i; k < end; k++) {
      const type = this.#t[k]!.type;
      if (OPEN.has(type)) depth++;
      else if (CLOSE.has(type) && --depth === 0) return k;
    }
    return -1;
  }

  #kw(i: number): string {
    return this.#kwOf(this.#t[i]);
  }

  #kwOf(tok: SqlToken | undefined): string {
    return tok !== undefined && tok.type === 'Identifier' ? tok.image.toUpperCase() : '';
  }
}

const ALIAS_PRECEDERS = new Set(['RParen', 'RBracket', 'Identifier', 'QuotedIdentifier', 'DoubleQuotedIdentifier', 'Number', 'String', 'TemplateExpression']);

function isName(t: SqlToken | undefined): t is SqlToken {
  return t !== undefined && (t.type === 'Identifier' || t.type === 'QuotedIdentifier' || t.type === 'DoubleQuotedIdentifier');
}

function isStar(t: SqlToken | undefined): boolean {
  return t !== undefined && t.type === 'Operator' && t.image === '*';
}

function unquote(t: SqlToken): { name: string; range: Range } {
  if (t.type === 'Identifier') return { name: t.image, range: { start: t.start, end: t.end } };
  return { name: t.image.slice(1, -1), range: { start: t.start + 1, end: t.end - 1 } };
}

function column(t: SqlToken): Item {
  const { name, range } = unquote(t);
  return { kind: 'column', column: { name, range } };
}

/** `*` / `t.*` at `at`, then `EXCEPT (a, b)` / `EXCEPT a` / `REPLACE (expr AS a, …)`; anything else gives up. */
function star(p: readonly SqlToken[], at: number, qualifier: string | undefined): Item | undefined {
  const range = { start: p[0]!.start, end: p[at]!.end };
  const except = new Set<string>();
  let i = at + 1;
  while (i < p.length) {
    const word = p[i]!.type === 'Identifier' ? p[i]!.image.toUpperCase() : '';
    if (word === 'EXCEPT') {
      if (p[i + 1]?.type === 'LParen') {
        let k = i + 2;
        for (;;) {
          if (!isName(p[k])) return undefined;
          except.add(unquote(p[k]!).name);
          if (p[k + 1]?.type === 'Comma') k += 2;
          else if (p[k + 1]?.type === 'RParen') break;
          else return undefined;
        }
        i = k + 2;
      } else if (isName(p[i + 1])) {
        except.add(unquote(p[i + 1]!).name);
        i += 2;
      } else return undefined;
    } else if (word === 'REPLACE' && p[i + 1]?.type === 'LParen') {
      // Replaced columns keep their names.
      let depth = 0;
      let k = i + 1;
      for (; k < p.length; k++) {
        if (OPEN.has(p[k]!.type)) depth++;
        else if (CLOSE.has(p[k]!.type) && --depth === 0) break;
      }
      if (k >= p.length) return undefined;
      i = k + 1;
    } else return undefined;
  }
  return { kind: 'star', ...(qualifier === undefined ? {} : { qualifier }), except, range };
}

/** The operator word of a `{% … %}` token. */
function templateKeyword(t: SqlToken): string {
  return /^\{%-?\s*([A-Za-z_]+)/.exec(t.image)?.[1] ?? '';
}

/**
 * The token lists a select list can render to: one per combination of `{% if %}` branches (an
 * `if` without `else` may also render nothing). `{% set %}` tags are dropped. Undefined for
 * `{% for %}`, unbalanced blocks or too many combinations.
 */
function expandBranches(tokens: readonly SqlToken[]): SqlToken[][] | undefined {
  let end = tokens.length;
  // `SELECT a {% if x %} FROM t1 {% else %} FROM t2 {% end %}`: the list ends inside a block.
  while (end > 0 && tokens[end - 1]!.type === 'TemplateStatement' && templateKeyword(tokens[end - 1]!) !== 'end') end--;
  const result = sequence(tokens, 0, end, false);
  return result && result.next === end ? result.variants : undefined;
}

function sequence(tokens: readonly SqlToken[], i: number, end: number, inBlock: boolean): { variants: SqlToken[][]; next: number } | undefined {
  let variants: SqlToken[][] = [[]];
  while (i < end) {
    const tok = tokens[i]!;
    if (tok.type !== 'TemplateStatement') {
      for (const v of variants) v.push(tok);
      i++;
      continue;
    }
    const kw = templateKeyword(tok);
    if (kw === 'set') {
      i++;
      continue;
    }
    if (kw === 'elif' || kw === 'else' || kw === 'end') {
      if (inBlock) return { variants, next: i };
      return undefined;
    }
    if (kw !== 'if') return undefined;
    const options: SqlToken[][] = [];
    let hasElse = false;
    i++;
    for (;;) {
      const branch = sequence(tokens, i, end, true);
      if (!branch || branch.next >= end) return undefined;
      options.push(...branch.variants);
      const closer = templateKeyword(tokens[branch.next]!);
      i = branch.next + 1;
      if (closer === 'end') break;
      if (closer === 'else') hasElse = true;
    }
    if (!hasElse) options.push([]);
    if (variants.length * options.length > MAX_VARIANTS) return undefined;
    variants = variants.flatMap((v) => options.map((o) => [...v, ...o]));
  }
  return { variants, next: i };
}
