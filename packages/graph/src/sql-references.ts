import type { Range, SqlBlock, SqlToken } from '@tb-refs/parser';
import { SqlCursor, keywordOf, templateKeyword } from './sql-cursor.js';
import { findTableCalls } from './template-call.js';

/** Where in SQL a table name was found. */
export type SqlReferenceSite = 'from' | 'join' | 'in' | 'joinGet' | 'dictGet' | 'table()';

/** A table (or node, or pipe) name read by a query. */
export interface SqlReference {
  /** The name as Tinybird resolves it: unquoted, without the database part. */
  readonly name: string;
  /** `db` of `db.name`, when given. */
  readonly database?: string;
  /** Range of the name's text without quotes: exactly what a rename rewrites. */
  readonly range: Range;
  /** Range of the whole reference including database and quotes. */
  readonly fullRange: Range;
  readonly site: SqlReferenceSite;
  /** The quote around the name, if any. */
  readonly quote?: '`' | '"' | "'";
  /** Inside a `{% if %}`/`{% elif %}`/`{% else %}`/`{% for %}` branch. */
  readonly conditional: boolean;
}

/** A table position whose name is computed by the template or an environment variable. */
export interface DynamicReference {
  readonly range: Range;
  readonly text: string;
  readonly conditional: boolean;
}

/** Everything a query reads, in source order. */
export interface SqlReferences {
  readonly references: SqlReference[];
  readonly dynamic: DynamicReference[];
}

// Identifiers that end a table expression or cannot be an alias.
const CLAUSE_KEYWORDS = new Set([
  'WHERE', 'PREWHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'SETTINGS', 'UNION',
  'INTERSECT', 'EXCEPT', 'WINDOW', 'QUALIFY', 'FORMAT', 'INTO', 'FROM', 'SELECT', 'WITH',
]);
const JOIN_WORDS = new Set(['GLOBAL', 'LOCAL', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'OUTER', 'ANY', 'ALL', 'ASOF', 'SEMI', 'ANTI', 'PASTE', 'ARRAY', 'JOIN']);
const NOT_ALIAS = new Set([...CLAUSE_KEYWORDS, ...JOIN_WORDS, 'FINAL', 'SAMPLE', 'ON', 'USING', 'AS']);
const DICT_FUNCTIONS = /^(dictGet\w*|dictHas|dictIsIn)$/i;
const JOIN_GET_FUNCTIONS = /^joinGet(OrNull)?$/i;
const MAX_DEPTH = 200;

/** A lexical scope of CTE and alias names. */
interface Scope {
  readonly names: Set<string>;
  readonly parent?: Scope;
}

function inScope(scope: Scope | undefined, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.names.has(name)) return true;
  return false;
}

/**
 * Extracts the tables a query reads, with a structural scan over the template-aware tokens: FROM
 * and JOIN items (subqueries, table functions, aliases, FINAL/SAMPLE), `IN table`, scalar and
 * EXISTS subqueries, `joinGet`/`dictGet` literals and `{{ TABLE('x') }}`. CTE names are scoped
 * and never reported. See datafile-format.md §4.2–§4.3 for what Tinybird itself extracts.
 */
export function extractSqlReferences(sql: SqlBlock): SqlReferences {
  const conditionalRanges = sql.branches.map((b) => ({ start: b.start, end: b.end }));
  const isConditional = (offset: number): boolean => conditionalRanges.some((r) => offset >= r.start && offset < r.end);
  const references: SqlReference[] = [];
  const dynamic: DynamicReference[] = [];
  const tableCallStarts = new Set<number>();

  // TABLE('x') counts wherever it stands, in every branch (Tinybird's get_used_tables_in_template).
  for (const tag of sql.templateTags) {
    if (tag.kind !== 'expression' && tag.kind !== 'statement') continue;
    for (const call of findTableCalls(tag.content, tag.contentStart)) {
      tableCallStarts.add(tag.start);
      if (call.name !== undefined && call.nameRange) {
        const { name, database } = splitDotted(call.name);
        const nameStart = call.nameRange.end - name.length;
        references.push({
          name, database, site: 'table()', quote: call.quote, conditional: isConditional(tag.start),
          range: { start: nameStart, end: call.nameRange.end }, fullRange: call.range,
        });
      } else {
        dynamic.push({ range: call.range, text: sourceText(sql, call.range), conditional: isConditional(tag.start) });
      }
    }
  }

  const cursor = new SqlCursor(sql.tokens);
  const ctx: Context = { cursor, references, dynamic, isConditional, tableCallStarts, sql };
  // A node is one query, but tolerate several statements and stray tokens: never stop early.
  // Anything before a query start (the `%` marker, `{% set %}` tags, stray text) is skipped one
  // token at a time, so a query anywhere in the text is found.
  while (!cursor.done) {
    const before = cursor.pos;
    if (startsQuery(cursor)) parseQuery(ctx, { names: new Set() }, 0);
    if (cursor.pos === before) cursor.pos++;
  }
  references.sort((a, b) => a.range.start - b.range.start);
  return { references, dynamic };
}

interface Context {
  readonly cursor: SqlCursor;
  readonly references: SqlReference[];
  readonly dynamic: DynamicReference[];
  readonly isConditional: (offset: number) => boolean;
  readonly tableCallStarts: ReadonlySet<number>;
  readonly sql: SqlBlock;
}

function sourceText(sql: SqlBlock, r: Range): string {
  return sql.text.slice(r.start - sql.start, r.end - sql.start);
}

function splitDotted(name: string): { name: string; database?: string } {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? { name: name.slice(dot + 1), database: name.slice(0, dot) } : { name };
}

function isName(t: SqlToken | undefined): t is SqlToken {
  return t !== undefined && (t.type === 'Identifier' || t.type === 'QuotedIdentifier' || t.type === 'DoubleQuotedIdentifier');
}

function unquoteName(t: SqlToken): { text: string; range: Range; quote?: '`' | '"' } {
  if (t.type === 'Identifier') return { text: t.image, range: { start: t.start, end: t.end } };
  const q = t.image[0] as '`' | '"';
  return { text: t.image.slice(1, -1), range: { start: t.start + 1, end: t.end - 1 }, quote: q };
}

/** True when the cursor is at the start of a query (`SELECT`, `WITH`, or a parenthesised one). */
function startsQuery(c: SqlCursor, ahead = 0): boolean {
  // ClickHouse also accepts `FROM t SELECT …`.
  if (c.isKeyword('SELECT', ahead) || c.isKeyword('WITH', ahead) || c.isKeyword('FROM', ahead)) return true;
  // Templates may wrap the start: `({% if x %} SELECT … {% else %} SELECT … {% end %})`.
  let k = ahead;
  while (c.isTemplate(k)) k++;
  if (k !== ahead && (c.isKeyword('SELECT', k) || c.isKeyword('WITH', k))) return true;
  return c.peek(ahead)?.type === 'LParen' && startsQuery(c, ahead + 1);
}

/**
 * Parses `[WITH …] SELECT … [FROM …] …` and set operations, up to a closing paren (left
 * unconsumed) or the end. Every loop consumes at least one token.
 */
function parseQuery(ctx: Context, parent: Scope, depth: number): void {
  const c = ctx.cursor;
  const scope: Scope = { names: new Set(), parent };
  for (;;) {
    skipTemplates(c);
    if (c.isKeyword('WITH')) {
      c.next();
      parseWith(ctx, scope, depth);
    }
    skipTemplates(c);
    if (c.peek()?.type === 'LParen' && startsQuery(c, 1)) {
      c.next();
      parseQuery(ctx, scope, depth + 1);
      if (c.peek()?.type === 'RParen') c.next();
    } else if (c.isKeyword('SELECT')) {
      c.next();
      parseSelectBody(ctx, scope, depth);
    } else if (c.isKeyword('FROM')) {
      // `FROM t SELECT …`: the select body after the table list also handles the clauses.
      c.next();
      parseTableList(ctx, scope, depth);
      skipTemplates(c);
      if (c.isKeyword('SELECT')) c.next();
      parseSelectBody(ctx, scope, depth);
    } else return;
    // Set operations continue the same query; CTEs stay visible to every part. So does a
    // SELECT in another template branch: `{% if a %} SELECT … {% else %} SELECT … {% end %}`.
    skipTemplates(c);
    if (c.isKeyword('SELECT') && c.tokens[c.pos - 1]?.type === 'TemplateStatement') continue;
    const k = keywordOf(c.peek());
    if (k === 'UNION' || k === 'INTERSECT' || k === 'EXCEPT') {
      c.next();
      if (c.isKeyword('ALL') || c.isKeyword('DISTINCT')) c.next();
      continue;
    }
    return;
  }
}

function skipTemplates(c: SqlCursor): void {
  while (c.isTemplate()) c.next();
}

/** `WITH a AS (SELECT …), expr AS b, …`: defines scoped names. */
function parseWith(ctx: Context, scope: Scope, depth: number): void {
  const c = ctx.cursor;
  for (;;) {
    skipTemplates(c);
    const t = c.peek();
    if (t === undefined) return;
    // `name AS (subquery)`
    if (isName(t) && c.isKeyword('AS', 1) && c.peek(2)?.type === 'LParen' && startsQuery(c, 3)) {
      c.pos += 3;
      parseQuery(ctx, scope, depth + 1);
      if (c.peek()?.type === 'RParen') c.next();
      // Defined after its body: `WITH t AS (SELECT * FROM t)` reads the real table t.
      scope.names.add(unquoteName(t).text);
    } else {
      // `expr AS name`: scan the expression; the alias is a scoped name.
      const stop = new Set(['SELECT']);
      scanExpression(ctx, scope, depth, stop, (alias) => scope.names.add(alias));
    }
    skipTemplates(c);
    if (c.peek()?.type === 'Comma') {
      c.next();
      continue;
    }
    return;
  }
}

/** After `SELECT`: the select list, FROM, and the remaining clauses. */
function parseSelectBody(ctx: Context, scope: Scope, depth: number): void {
  const c = ctx.cursor;
  const stop = new Set(CLAUSE_KEYWORDS);
  for (;;) {
    scanExpression(ctx, scope, depth, stop);
    const k = keywordOf(c.peek());
    if (k === 'FROM') {
      c.next();
      parseTableList(ctx, scope, depth);
    } else if (k === 'UNION' || k === 'INTERSECT' || k === 'EXCEPT' || k === 'SELECT' || k === 'WITH' || k === '') {
      return;
    } else {
      // WHERE, GROUP BY, …: their expressions may hold subqueries and IN tables.
      c.next();
    }
  }
}

/** `item [, item | JOIN item ON …]…` after FROM. */
function parseTableList(ctx: Context, scope: Scope, depth: number): void {
  const c = ctx.cursor;
  parseTableItem(ctx, scope, depth, 'from');
  for (;;) {
    skipTemplates(c);
    const t = c.peek();
    if (t === undefined) return;
    if (t.type === 'Comma') {
      c.next();
      parseTableItem(ctx, scope, depth, 'from');
      continue;
    }
    const k = keywordOf(t);
    if (!JOIN_WORDS.has(k)) return;
    let isArrayJoin = false;
    while (JOIN_WORDS.has(keywordOf(c.peek()))) {
      const w = keywordOf(c.next());
      if (w === 'ARRAY') isArrayJoin = true;
      if (w === 'JOIN') break;
    }
    if (isArrayJoin) {
      // ARRAY JOIN takes expressions, not tables.
      scanExpression(ctx, scope, depth, joinStop());
      continue;
    }
    parseTableItem(ctx, scope, depth, 'join');
    skipTemplates(c);
    if (c.isKeyword('ON') || c.isKeyword('USING')) {
      c.next();
      scanExpression(ctx, scope, depth, joinStop());
    }
  }
}

function joinStop(): Set<string> {
  return new Set([...CLAUSE_KEYWORDS, ...JOIN_WORDS].filter((w) => w !== 'ALL' && w !== 'ANY'));
}

/** One table expression: name, `db.name`, subquery, table function or templated name. */
function parseTableItem(ctx: Context, scope: Scope, depth: number, site: 'from' | 'join'): void {
  const c = ctx.cursor;
  const t = c.peek();
  if (t === undefined) return;
  if (t.type === 'TemplateStatement' && templateKeyword(t) === 'if') {
    // `FROM {% if a %} t1 {% elif b %} t2 {% else %} t3 {% end %}`: one item per branch.
    c.next();
    for (;;) {
      if (!c.isTemplate()) parseTableItem(ctx, scope, depth, site);
      if (c.isTemplate(0, 'elif', 'else')) {
        c.next();
        continue;
      }
      if (c.isTemplate(0, 'end')) c.next();
      break;
    }
    parseTableSuffix(ctx, scope, depth);
    return;
  }
  if (t.type === 'LParen') {
    c.next();
    if (startsQuery(c)) parseQuery(ctx, scope, depth + 1);
    else parseTableList(ctx, scope, depth);
    if (c.peek()?.type === 'RParen') c.next();
    parseTableSuffix(ctx, scope, depth);
    return;
  }
  if (t.type === 'TemplateExpression') {
    c.next();
    recordDynamicName(ctx, t, c);
    parseTableSuffix(ctx, scope, depth);
    return;
  }
  if (t.type === 'EnvVariable') {
    c.next();
    ctx.dynamic.push({ range: { start: t.start, end: t.end }, text: t.image, conditional: ctx.isConditional(t.start) });
    parseTableSuffix(ctx, scope, depth);
    return;
  }
  if (isName(t)) {
    // Table function: scan its arguments for subqueries; the function is not a reference.
    if (c.peek(1)?.type === 'LParen' && t.type === 'Identifier') {
      c.next();
      scanExpression(ctx, scope, depth, new Set(), undefined, true);
      parseTableSuffix(ctx, scope, depth);
      return;
    }
    const parts: SqlToken[] = [c.next()!];
    while (c.peek()?.type === 'Dot' && isName(c.peek(1)) && adjacent(parts[parts.length - 1]!, c.peek()!)) {
      c.next();
      parts.push(c.next()!);
    }
    // A name glued to a template (`events_{{ suffix }}`) is computed, not literal.
    const glued = c.peek();
    if (glued && (glued.type === 'TemplateExpression' || glued.type === 'EnvVariable') && adjacent(parts[parts.length - 1]!, glued)) {
      c.next();
      const range = { start: parts[0]!.start, end: glued.end };
      ctx.dynamic.push({ range, text: sourceText(ctx.sql, range), conditional: ctx.isConditional(range.start) });
    } else recordName(ctx, scope, parts, site);
    parseTableSuffix(ctx, scope, depth);
  }
}

function adjacent(a: SqlToken, b: SqlToken): boolean {
  return a.end === b.start;
}

function recordDynamicName(ctx: Context, t: SqlToken, c: SqlCursor): void {
  // TABLE('x') was already recorded from the template scan; anything else is dynamic.
  if (ctx.tableCallStarts.has(t.start)) {
    const glued = c.peek();
    if (glued && isName(glued) && adjacent(t, glued)) c.next();
    return;
  }
  ctx.dynamic.push({ range: { start: t.start, end: t.end }, text: t.image, conditional: ctx.isConditional(t.start) });
}

function recordName(ctx: Context, scope: Scope | undefined, parts: readonly SqlToken[], site: SqlReferenceSite): void {
  const last = unquoteName(parts[parts.length - 1]!);
  const first = parts[0]!;
  let name = last.text;
  let database = parts.length > 1 ? parts.slice(0, -1).map((p) => unquoteName(p).text).join('.') : undefined;
  let range = last.range;
  // `"db.table"` in double quotes is one name containing dots (ClickHouse); keep the last part
  // as the table so `db.table` and `"db.table"` resolve alike.
  if (parts.length === 1 && last.quote === '"' && name.includes('.')) {
    const split = splitDotted(name);
    database = split.database;
    name = split.name;
    range = { start: last.range.end - name.length, end: last.range.end };
  }
  if (database === undefined && inScope(scope, name)) return;
  ctx.references.push({
    name,
    database,
    range,
    fullRange: { start: first.start, end: parts[parts.length - 1]!.end },
    site,
    quote: last.quote,
    conditional: ctx.isConditional(first.start),
  });
}

/** `FINAL`, `SAMPLE x [OFFSET y]`, `[AS] alias` after a table item. */
function parseTableSuffix(ctx: Context, scope: Scope, depth: number): void {
  const c = ctx.cursor;
  for (;;) {
    if (c.isKeyword('FINAL')) c.next();
    else if (c.isKeyword('SAMPLE')) {
      c.next();
      scanExpression(ctx, scope, depth, new Set([...joinStop(), 'OFFSET', 'FINAL', 'AS', 'ON', 'USING']));
      if (c.isKeyword('OFFSET')) {
        c.next();
        scanExpression(ctx, scope, depth, new Set([...joinStop(), 'AS', 'ON', 'USING']));
      }
    } else if (c.isKeyword('AS') && isName(c.peek(1))) {
      c.pos += 2;
    } else if (isName(c.peek()) && !NOT_ALIAS.has(keywordOf(c.peek())) && !(c.peek(1)?.type === 'LParen')) {
      c.next();
    } else return;
  }
}

/**
 * Scans an expression up to a depth-0 keyword in `stop`, a depth-0 comma when `stopAtComma`…
 * Reports subqueries, `IN table`, `joinGet`/`dictGet` literals. With `oneCall`, consumes exactly
 * one `name(…)` call. `onAlias` receives `AS name` aliases at depth 0 (for `WITH expr AS x`).
 */
function scanExpression(
  ctx: Context,
  scope: Scope | undefined,
  depth: number,
  stop: ReadonlySet<string>,
  onAlias?: (alias: string) => void,
  oneCall = false,
): void {
  const c = ctx.cursor;
  let parens = 0;
  if (oneCall) {
    c.next(); // the function name
  }
  while (!c.done) {
    const t = c.peek()!;
    if (parens === 0) {
      if (t.type === 'RParen' || t.type === 'Semicolon') return;
      if (!oneCall && ((stop.has(keywordOf(t)) && !isColumnTransformer(c)) || (onAlias && t.type === 'Comma'))) return;
    }
    if (t.type === 'LParen') {
      c.next();
      if (startsQuery(c) && depth < MAX_DEPTH) {
        parseQuery(ctx, scope ?? { names: new Set() }, depth + 1);
        if (c.peek()?.type === 'RParen') c.next();
        if (oneCall && parens === 0) return;
        continue;
      }
      parens++;
      continue;
    }
    if (t.type === 'RParen') {
      c.next();
      parens--;
      if (oneCall && parens === 0) return;
      continue;
    }
    const k = keywordOf(t);
    if (k === 'IN') {
      c.next();
      scanInTarget(ctx, scope);
      continue;
    }
    if (t.type === 'Identifier' && c.peek(1)?.type === 'LParen') {
      const fn = t.image;
      const arg = c.peek(2);
      if (arg && arg.type === 'String' && (JOIN_GET_FUNCTIONS.test(fn) || DICT_FUNCTIONS.test(fn))) {
        recordStringName(ctx, arg, JOIN_GET_FUNCTIONS.test(fn) ? 'joinGet' : 'dictGet');
      }
    }
    if (onAlias && parens === 0 && k === 'AS' && isName(c.peek(1))) {
      c.next();
      onAlias(unquoteName(c.next()!).text);
      continue;
    }
    c.next();
  }
}

/**
 * `* EXCEPT (a, b)` / `* EXCEPT a` is a column transformer, not the set operation: the set
 * operation is followed by a query, `ALL` or `DISTINCT`.
 */
function isColumnTransformer(c: SqlCursor): boolean {
  if (!c.isKeyword('EXCEPT')) return false;
  return !(startsQuery(c, 1) || c.isKeyword('ALL', 1) || c.isKeyword('DISTINCT', 1));
}

/** After `IN` / `NOT IN` / `GLOBAL IN`: a table name is a reference; a tuple or subquery is not. */
function scanInTarget(ctx: Context, scope: Scope | undefined): void {
  const c = ctx.cursor;
  const t = c.peek();
  if (!isName(t) || c.peek(1)?.type === 'LParen') return;
  const parts: SqlToken[] = [c.next()!];
  while (c.peek()?.type === 'Dot' && isName(c.peek(1))) {
    c.next();
    parts.push(c.next()!);
  }
  recordName(ctx, scope, parts, 'in');
}

function recordStringName(ctx: Context, t: SqlToken, site: 'joinGet' | 'dictGet'): void {
  const inner = t.image.slice(1, -1);
  if (inner.includes('{{') || inner.includes('{%')) {
    ctx.dynamic.push({ range: { start: t.start, end: t.end }, text: t.image, conditional: ctx.isConditional(t.start) });
    return;
  }
  const { name, database } = splitDotted(inner);
  ctx.references.push({
    name,
    database,
    range: { start: t.end - 1 - name.length, end: t.end - 1 },
    fullRange: { start: t.start, end: t.end },
    site,
    quote: "'",
    conditional: ctx.isConditional(t.start),
  });
}
