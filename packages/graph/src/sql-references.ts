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

/** Options of {@link extractSqlReferences}. */
export interface ExtractOptions {
  /** The text is an expression (a column DEFAULT), not a query. */
  readonly expression?: boolean;
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
/** In a stop set: stop at a depth-0 `{% elif %}`/`{% else %}`/`{% end %}` of the enclosing block. */
const BRANCH_END = '{% end %}';
/** Words that end an ON/USING/ARRAY JOIN/SAMPLE expression: clauses and the next join. */
const JOIN_STOP = new Set([...CLAUSE_KEYWORDS, ...JOIN_WORDS].filter((w) => w !== 'ALL' && w !== 'ANY'));
/** Stop sets by where the expression stands: `[outside a FROM branch, inside one]`. */
const STOPS = {
  join: [JOIN_STOP, new Set([...JOIN_STOP, BRANCH_END])],
  // ON takes one expression: a comma after it starts the next table (`JOIN b ON …, c`).
  on: [new Set([...JOIN_STOP, ',']), new Set([...JOIN_STOP, ',', BRANCH_END])],
  sample: [new Set([...JOIN_STOP, 'OFFSET', 'FINAL', 'AS', 'ON', 'USING', ',']), new Set([...JOIN_STOP, 'OFFSET', 'FINAL', 'AS', 'ON', 'USING', ',', BRANCH_END])],
  offset: [new Set([...JOIN_STOP, 'AS', 'ON', 'USING', ',']), new Set([...JOIN_STOP, 'AS', 'ON', 'USING', ',', BRANCH_END])],
} as const;
const NO_STOP: ReadonlySet<string> = new Set();
const WITH_EXPRESSION_STOP: ReadonlySet<string> = new Set(['SELECT', 'FROM']);
/** Words after `WITH` that modify a clause instead of starting a query. */
const WITH_MODIFIERS = new Set(['FILL', 'TOTALS', 'ROLLUP', 'CUBE', 'TIES']);
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
export function extractSqlReferences(sql: SqlBlock, options: ExtractOptions = {}): SqlReferences {
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

  // A zero-width SELECT before an expression lets the query scan read it.
  const lead = options.expression ? { type: 'Identifier' as const, image: 'SELECT', start: sql.start, end: sql.start } : undefined;
  const cursor = new SqlCursor(sql.tokenList, lead);
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

/** An identifier token, bare or quoted. */
type NameToken = SqlToken & { readonly type: 'Identifier' | 'QuotedIdentifier' | 'DoubleQuotedIdentifier' };

function isName(t: SqlToken | undefined): t is NameToken {
  return t !== undefined && (t.type === 'Identifier' || t.type === 'QuotedIdentifier' || t.type === 'DoubleQuotedIdentifier');
}

function unquoteName(t: SqlToken): { text: string; range: Range; quote?: '`' | '"' } {
  if (t.type === 'Identifier') return { text: t.image, range: { start: t.start, end: t.end } };
  const q = t.image[0] as '`' | '"';
  return { text: t.image.slice(1, -1), range: { start: t.start + 1, end: t.end - 1 }, quote: q };
}

/** True when the cursor is at the start of a query (`SELECT`, `WITH`, or a parenthesised one). */
function startsQuery(c: SqlCursor, ahead = 0): boolean {
  // A loop, not recursion: `((((…` thousands deep must not overflow the stack.
  for (let at = ahead; ; at++) {
    // ClickHouse also accepts `FROM t SELECT …`.
    if (c.isKeyword('SELECT', at) || c.isKeyword('WITH', at) || c.isKeyword('FROM', at)) return true;
    // Templates may wrap the start: `({% if x %} SELECT … {% else %} SELECT … {% end %})`.
    let k = at;
    while (c.isTemplate(k)) k++;
    if (k !== at && (c.isKeyword('SELECT', k) || c.isKeyword('WITH', k) || c.isKeyword('FROM', k))) return true;
    if (c.peek(at)?.type !== 'LParen') return false;
  }
}

/** Skips tokens up to the parenthesis that closes the current group (left unconsumed). */
function skipGroup(c: SqlCursor): void {
  let parens = 0;
  while (!c.done) {
    const t = c.peek()!;
    if (t.type === 'RParen') {
      if (parens === 0) return;
      parens--;
    } else if (t.type === 'LParen') parens++;
    c.next();
  }
}

/**
 * Parses `[WITH …] SELECT … [FROM …] …` and set operations, up to a closing paren (left
 * unconsumed) or the end. Every loop consumes at least one token.
 */
function parseQuery(ctx: Context, parent: Scope, depth: number): void {
  const c = ctx.cursor;
  if (depth > MAX_DEPTH) {
    skipGroup(c);
    return;
  }
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
    // Set operations continue the same query; CTEs stay visible to every part. So does a query
    // in another template branch: `{% if a %} SELECT … {% else %} [WITH …] SELECT … {% end %}`
    // (without templates, a SELECT or WITH cannot follow a complete SELECT).
    skipTemplates(c);
    if (c.isKeyword('SELECT') || c.isKeyword('WITH')) continue;
    const k = c.keyword();
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
  // `WITH RECURSIVE r AS (… FROM r …)`: the body reads the CTE itself, not a table r.
  const recursive = c.isKeyword('RECURSIVE') && isName(c.peek(1)) && !c.isKeyword('AS', 1);
  if (recursive) c.next();
  for (;;) {
    skipTemplates(c);
    const t = c.peek();
    if (t === undefined) return;
    // `name AS (subquery)`
    if (isName(t) && c.isKeyword('AS', 1) && c.peek(2)?.type === 'LParen' && startsQuery(c, 3)) {
      c.pos += 3;
      if (recursive) scope.names.add(unquoteName(t).text);
      parseQuery(ctx, scope, depth + 1);
      if (c.peek()?.type === 'RParen') c.next();
      // Defined after its body: `WITH t AS (SELECT * FROM t)` reads the real table t.
      scope.names.add(unquoteName(t).text);
    } else {
      // `expr AS name`: scan the expression; the alias is a scoped name.
      scanExpression(ctx, scope, depth, WITH_EXPRESSION_STOP, (alias) => scope.names.add(alias));
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
  for (;;) {
    scanExpression(ctx, scope, depth, CLAUSE_KEYWORDS);
    const k = c.keyword();
    if (k === 'WITH' && WITH_MODIFIERS.has(c.keyword(1))) {
      // `ORDER BY d WITH FILL FROM a TO b`, `GROUP BY k WITH TOTALS`, `LIMIT n WITH TIES`: not a
      // new query, and the FROM of WITH FILL is an expression, not a table.
      const modifier = c.keyword(1);
      c.pos += 2;
      if (modifier === 'FILL' && c.isKeyword('FROM')) c.next();
      continue;
    }
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

/**
 * `item [, item | JOIN item ON …]…` after FROM. `inBranch`: the list is one branch of
 * `FROM {% if %} … {% else %} … {% end %}`, so it ends before that block's `elif`/`else`/`end`.
 */
function parseTableList(ctx: Context, scope: Scope, depth: number, site: 'from' | 'join' = 'from', inBranch = false): void {
  const c = ctx.cursor;
  parseTableItem(ctx, scope, depth, site, inBranch);
  let nested = 0; // template blocks opened inside this branch
  const b = inBranch ? 1 : 0;
  for (;;) {
    if (inBranch) {
      while (c.isTemplate()) {
        const kw = templateKeyword(c.peek()!);
        if (kw === 'if' || kw === 'for') nested++;
        else if (kw === 'elif' || kw === 'else' || kw === 'end') {
          if (nested === 0) return;
          if (kw === 'end') nested--;
        }
        c.next();
      }
    } else skipTemplates(c);
    const t = c.peek();
    if (t === undefined) return;
    if (t.type === 'Comma') {
      c.next();
      parseTableItem(ctx, scope, depth, 'from', inBranch);
      continue;
    }
    // `[GLOBAL|LOCAL] [ANY|ALL|ASOF|SEMI|ANTI] [LEFT|RIGHT|…] [OUTER] [ARRAY] JOIN`; words that
    // do not end in JOIN (`left(s, 2)`) are not a join.
    let n = 0;
    while (JOIN_WORDS.has(c.keyword(n)) && !c.isKeyword('JOIN', n)) n++;
    if (!c.isKeyword('JOIN', n)) return;
    let isArrayJoin = false;
    for (let i = 0; i < n; i++) if (c.isKeyword('ARRAY', i)) isArrayJoin = true;
    c.pos += n + 1;
    if (isArrayJoin) {
      // ARRAY JOIN takes expressions, not tables.
      scanExpression(ctx, scope, depth, STOPS.join[b]);
      continue;
    }
    parseTableItem(ctx, scope, depth, 'join', inBranch);
    if (!inBranch) skipTemplates(c);
    if (c.isKeyword('ON')) {
      c.next();
      scanExpression(ctx, scope, depth, STOPS.on[b]);
    } else if (c.isKeyword('USING')) {
      // USING takes an expression list, with or without parentheses.
      c.next();
      scanExpression(ctx, scope, depth, STOPS.join[b]);
    }
  }
}


/** One table expression: name, `db.name`, subquery, table function or templated name. */
function parseTableItem(ctx: Context, scope: Scope, depth: number, site: 'from' | 'join', inBranch = false): void {
  const c = ctx.cursor;
  const t = c.peek();
  if (t === undefined) return;
  if (t.type === 'TemplateStatement' && templateKeyword(t) === 'if') {
    // `FROM {% if a %} t1 {% elif b %} t2 JOIN t3 ON … {% else %} t4 {% end %}`: a table list
    // per branch.
    c.next();
    if (depth >= MAX_DEPTH) return;
    for (;;) {
      if (!c.isTemplate(0, 'elif', 'else', 'end')) parseTableList(ctx, scope, depth + 1, site, true);
      if (c.isTemplate(0, 'elif', 'else')) {
        c.next();
        continue;
      }
      if (c.isTemplate(0, 'end')) c.next();
      break;
    }
    parseTableSuffix(ctx, scope, depth, inBranch);
    return;
  }
  if (t.type === 'LParen') {
    c.next();
    if (depth >= MAX_DEPTH) skipGroup(c);
    else if (startsQuery(c)) parseQuery(ctx, scope, depth + 1);
    else parseTableList(ctx, scope, depth + 1);
    if (c.peek()?.type === 'RParen') c.next();
    parseTableSuffix(ctx, scope, depth, inBranch);
    return;
  }
  if (t.type === 'Identifier' && c.peek(1)?.type === 'LParen') {
    // Table function: scan its arguments for subqueries; the function is not a reference.
    scanExpression(ctx, scope, depth, NO_STOP, undefined, true);
    parseTableSuffix(ctx, scope, depth, inBranch);
    return;
  }
  // A keyword where a table should be (`FROM WHERE …`, broken or templated text) is no name.
  if (t.type === 'Identifier' && NOT_ALIAS.has(keywordOf(t))) return;
  if (isName(t) || t.type === 'TemplateExpression' || t.type === 'EnvVariable') {
    // A name glued to a template (`events_{{ suffix }}`, `{{ db }}.t`, `$SOURCE`) is computed.
    if (recordDynamicRun(ctx, c)) {
      parseTableSuffix(ctx, scope, depth, inBranch);
      return;
    }
    const parts: SqlToken[] = [c.next()!];
    while (c.peek()?.type === 'Dot' && isName(c.peek(1)) && adjacent(parts[parts.length - 1]!, c.peek()!)) {
      c.next();
      parts.push(c.next()!);
    }
    recordName(ctx, scope, parts, site);
    parseTableSuffix(ctx, scope, depth, inBranch);
  }
}

function adjacent(a: SqlToken, b: SqlToken): boolean {
  return a.end === b.start;
}

const RUN_TYPES = new Set(['Identifier', 'QuotedIdentifier', 'DoubleQuotedIdentifier', 'Dot', 'TemplateExpression', 'EnvVariable']);

/**
 * At a table position, the tokens written without spaces between them form one name. When one of
 * them is a template expression or an environment variable, the name is computed: the whole run
 * is consumed and reported as dynamic (a lone `{{ TABLE('x') }}` was already reported by the
 * template scan). Returns false, consuming nothing, for a literal name.
 */
function recordDynamicRun(ctx: Context, c: SqlCursor): boolean {
  let end = c.pos;
  let computed = false;
  while (end < c.tokens.length) {
    const t = c.tokens[end]!;
    if (!RUN_TYPES.has(t.type) || (end > c.pos && !adjacent(c.tokens[end - 1]!, t))) break;
    // A function call (`db.fn(…)`) ends the name.
    if (t.type === 'Identifier' && c.tokens[end + 1]?.type === 'LParen') break;
    if (t.type === 'TemplateExpression' || t.type === 'EnvVariable') computed = true;
    end++;
  }
  if (!computed) return false;
  const first = c.tokens[c.pos]!;
  const last = c.tokens[end - 1]!;
  c.pos = end;
  if (first === last && ctx.tableCallStarts.has(first.start)) return true;
  const range = { start: first.start, end: last.end };
  ctx.dynamic.push({ range, text: sourceText(ctx.sql, range), conditional: ctx.isConditional(range.start) });
  return true;
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
function parseTableSuffix(ctx: Context, scope: Scope, depth: number, inBranch: boolean): void {
  const c = ctx.cursor;
  const b = inBranch ? 1 : 0;
  for (;;) {
    if (c.isKeyword('FINAL')) c.next();
    else if (c.isKeyword('SAMPLE')) {
      c.next();
      scanExpression(ctx, scope, depth, STOPS.sample[b]);
      if (c.isKeyword('OFFSET')) {
        c.next();
        scanExpression(ctx, scope, depth, STOPS.offset[b]);
      }
    } else if (c.isKeyword('AS') && isName(c.peek(1))) {
      c.pos += 2;
    } else if (isName(c.peek()) && !NOT_ALIAS.has(c.keyword()) && !(c.peek(1)?.type === 'LParen')) {
      c.next();
    } else return;
  }
}

/**
 * Scans an expression up to a depth-0 keyword in `stop`, a depth-0 comma when `stop` has ','
 * or `onAlias` is given, a closing parenthesis or a semicolon (`BRANCH_END` in `stop`: also a
 * depth-0 `{% elif/else/end %}`).
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
  let nested = 0; // template blocks opened inside the expression
  const branchEnds = stop.has(BRANCH_END);
  if (oneCall) {
    c.next(); // the function name
  }
  while (!c.done) {
    const t = c.peek()!;
    if (parens === 0) {
      if (t.type === 'RParen' || t.type === 'Semicolon') return;
      if (!oneCall && ((stop.has(c.keyword()) && !isFunctionOrTransformer(c)) || ((onAlias || stop.has(',')) && t.type === 'Comma'))) return;
    }
    if (branchEnds && t.type === 'TemplateStatement') {
      const kw = templateKeyword(t);
      if (kw === 'if' || kw === 'for') nested++;
      else if (kw === 'elif' || kw === 'else' || kw === 'end') {
        if (nested === 0) return;
        if (kw === 'end') nested--;
      }
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
    const k = c.keyword();
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
 * A stop word that is not one here: `* EXCEPT (a, b)` / `* EXCEPT a` is a column transformer, not
 * the set operation (which is followed by a query, `ALL` or `DISTINCT`), and `left(s, 2)` /
 * `right(s, 2)` are functions, not joins.
 */
function isFunctionOrTransformer(c: SqlCursor): boolean {
  const k = c.keyword();
  if (k === 'EXCEPT') return !(startsQuery(c, 1) || c.isKeyword('ALL', 1) || c.isKeyword('DISTINCT', 1));
  return JOIN_WORDS.has(k) && k !== 'JOIN' && c.peek(1)?.type === 'LParen';
}

/** After `IN` / `NOT IN` / `GLOBAL IN`: a table name is a reference; a tuple or subquery is not. */
function scanInTarget(ctx: Context, scope: Scope | undefined): void {
  const c = ctx.cursor;
  const t = c.peek();
  if (!isName(t) || c.peek(1)?.type === 'LParen') return;
  // `IN ids_{{ suffix }}`; a lone `IN {{ Array(…) }}` is a rendered value list, never a name.
  if (recordDynamicRun(ctx, c)) return;
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
