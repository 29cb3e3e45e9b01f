import { SqlKind as K, type Range, type SqlBlock } from '@tb-refs/parser';
import { SqlCursor } from './sql-cursor.js';
import { Tag, W, wordSet, type Word, type WordSet } from './sql-words.js';
import { type Context, type Scope, isConditional, isNameKind, nameText, newScope, recordDynamicRun, recordName, recordStringName, sourceText, splitDotted } from './sql-record.js';
import { findTableCalls, mayCallTable } from './template-call.js';

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

/**
 * Where an expression scan stops at depth 0: on these words, on a comma when `comma`, and, when
 * `branchEnd`, on the `{% elif/else/end %}` that ends the enclosing template branch.
 */
interface Stop {
  readonly words: WordSet;
  readonly comma: boolean;
  readonly branchEnd: boolean;
}

// Identifiers that end a table expression or cannot be an alias.
const CLAUSE_WORDS: readonly Word[] = [
  'WHERE', 'PREWHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'SETTINGS', 'UNION',
  'INTERSECT', 'EXCEPT', 'WINDOW', 'QUALIFY', 'FORMAT', 'INTO', 'FROM', 'SELECT', 'WITH',
];
const JOIN_LIST: readonly Word[] = ['GLOBAL', 'LOCAL', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'OUTER', 'ANY', 'ALL', 'ASOF', 'SEMI', 'ANTI', 'PASTE', 'ARRAY', 'JOIN'];
const JOIN_WORDS = wordSet(JOIN_LIST);
const NOT_ALIAS = wordSet([...CLAUSE_WORDS, ...JOIN_LIST, 'FINAL', 'SAMPLE', 'ON', 'USING', 'AS']);
/** Words that end an ON/USING/ARRAY JOIN/SAMPLE expression: clauses and the next join. */
const JOIN_STOP: readonly Word[] = [...CLAUSE_WORDS, ...JOIN_LIST].filter((w) => w !== 'ALL' && w !== 'ANY');

function stop(words: readonly Word[], comma = false, branchEnd = false): Stop {
  return { words: wordSet(words), comma, branchEnd };
}

/** Stop sets by where the expression stands: `[outside a FROM branch, inside one]`. */
const STOPS = {
  join: [stop(JOIN_STOP), stop(JOIN_STOP, false, true)],
  // ON takes one expression: a comma after it starts the next table (`JOIN b ON …, c`).
  on: [stop(JOIN_STOP, true), stop(JOIN_STOP, true, true)],
  sample: [stop([...JOIN_STOP, 'OFFSET', 'FINAL', 'AS', 'ON', 'USING'], true), stop([...JOIN_STOP, 'OFFSET', 'FINAL', 'AS', 'ON', 'USING'], true, true)],
  offset: [stop([...JOIN_STOP, 'AS', 'ON', 'USING'], true), stop([...JOIN_STOP, 'AS', 'ON', 'USING'], true, true)],
} as const;
const CLAUSE_STOP = stop(CLAUSE_WORDS);
const NO_STOP = stop([]);
const WITH_EXPRESSION_STOP = stop(['SELECT', 'FROM']);
/** Words after `WITH` that modify a clause instead of starting a query. */
const WITH_MODIFIERS = wordSet(['FILL', 'TOTALS', 'ROLLUP', 'CUBE', 'TIES']);
const DICT_FUNCTIONS = /^(dictGet\w*|dictHas|dictIsIn)$/i;
const JOIN_GET_FUNCTIONS = /^joinGet(OrNull)?$/i;
const MAX_DEPTH = 200;

/**
 * Extracts the tables a query reads, with a structural scan over the template-aware tokens: FROM
 * and JOIN items (subqueries, table functions, aliases, FINAL/SAMPLE), `IN table`, scalar and
 * EXISTS subqueries, `joinGet`/`dictGet` literals and `{{ TABLE('x') }}`. CTE names are scoped
 * and never reported. See datafile-format.md §4.2–§4.3 for what Tinybird itself extracts.
 */
export function extractSqlReferences(sql: SqlBlock, options: ExtractOptions = {}): SqlReferences {
  const references: SqlReference[] = [];
  const dynamic: DynamicReference[] = [];
  let tableCallStarts: Set<number> | undefined;
  const branches = sql.branches;

  // TABLE('x') counts wherever it stands, in every branch (Tinybird's get_used_tables_in_template).
  for (const tag of sql.templateTags) {
    if ((tag.kind !== 'expression' && tag.kind !== 'statement') || !mayCallTable(tag.content)) continue;
    for (const call of findTableCalls(tag.content, tag.contentStart)) {
      (tableCallStarts ??= new Set()).add(tag.start);
      const conditional = isConditional(branches, tag.start);
      if (call.name !== undefined && call.nameRange) {
        const { name, database } = splitDotted(call.name);
        const nameStart = call.nameRange.end - name.length;
        references.push({
          name, database, site: 'table()', quote: call.quote, conditional,
          range: { start: nameStart, end: call.nameRange.end }, fullRange: call.range,
        });
      } else {
        dynamic.push({ range: call.range, text: sourceText(sql, call.range), conditional });
      }
    }
  }

  // A zero-width SELECT before an expression lets the query scan read it.
  const cursor = new SqlCursor(sql.tokenList, options.expression ? sql.start : undefined);
  const ctx: Context = { cursor, references, dynamic, branches, tableCallStarts, sql };
  // A node is one query, but tolerate several statements and stray tokens: never stop early.
  // Anything before a query start (the `%` marker, `{% set %}` tags, stray text) is skipped one
  // token at a time, so a query anywhere in the text is found.
  while (!cursor.done) {
    const before = cursor.pos;
    if (startsQuery(cursor)) parseQuery(ctx, newScope(undefined), 0);
    if (cursor.pos === before) cursor.pos++;
  }
  // Usually in order already (TABLE() calls are the exception): sorting copies the array.
  if (!isSorted(references)) references.sort((a, b) => a.range.start - b.range.start);
  return { references, dynamic };
}

function isSorted(references: readonly SqlReference[]): boolean {
  for (let i = 1; i < references.length; i++) if (references[i - 1]!.range.start > references[i]!.range.start) return false;
  return true;
}

function isQueryWord(code: number): boolean {
  return code === W.SELECT || code === W.WITH || code === W.FROM;
}

/** True when the cursor is at the start of a query (`SELECT`, `WITH`, or a parenthesised one). */
function startsQuery(c: SqlCursor, ahead = 0): boolean {
  // A loop, not recursion: `((((…` thousands deep must not overflow the stack.
  for (let at = ahead; ; at++) {
    // ClickHouse also accepts `FROM t SELECT …`.
    if (isQueryWord(c.word(at))) return true;
    // Templates may wrap the start: `({% if x %} SELECT … {% else %} SELECT … {% end %})`.
    let k = at;
    while (c.kind(k) === K.TemplateStatement) k++;
    if (k !== at && isQueryWord(c.word(k))) return true;
    if (c.kind(at) !== K.LParen) return false;
  }
}

/** Skips tokens up to the parenthesis that closes the current group (left unconsumed). */
function skipGroup(c: SqlCursor): void {
  let parens = 0;
  while (!c.done) {
    const kind = c.kind();
    if (kind === K.RParen) {
      if (parens === 0) return;
      parens--;
    } else if (kind === K.LParen) parens++;
    c.pos++;
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
  const scope = newScope(parent);
  for (;;) {
    skipTemplates(c);
    if (c.word() === W.WITH) {
      c.pos++;
      parseWith(ctx, scope, depth);
    }
    skipTemplates(c);
    const w = c.word();
    if (c.kind() === K.LParen && startsQuery(c, 1)) {
      c.pos++;
      parseQuery(ctx, scope, depth + 1);
      if (c.kind() === K.RParen) c.pos++;
    } else if (w === W.SELECT) {
      c.pos++;
      parseSelectBody(ctx, scope, depth);
    } else if (w === W.FROM) {
      // `FROM t SELECT …`: the select body after the table list also handles the clauses.
      c.pos++;
      parseTableList(ctx, scope, depth);
      skipTemplates(c);
      if (c.word() === W.SELECT) c.pos++;
      parseSelectBody(ctx, scope, depth);
    } else return;
    // Set operations continue the same query; CTEs stay visible to every part. So does a query
    // in another template branch: `{% if a %} SELECT … {% else %} [WITH …] SELECT … {% end %}`
    // (without templates, a SELECT or WITH cannot follow a complete SELECT).
    skipTemplates(c);
    const k = c.word();
    if (k === W.SELECT || k === W.WITH) continue;
    if (k === W.UNION || k === W.INTERSECT || k === W.EXCEPT) {
      c.pos++;
      const m = c.word();
      if (m === W.ALL || m === W.DISTINCT) c.pos++;
      continue;
    }
    return;
  }
}

function skipTemplates(c: SqlCursor): void {
  while (c.kind() === K.TemplateStatement) c.pos++;
}

/** `WITH a AS (SELECT …), expr AS b, …`: defines scoped names. */
function parseWith(ctx: Context, scope: Scope, depth: number): void {
  const c = ctx.cursor;
  // `WITH RECURSIVE r AS (… FROM r …)`: the body reads the CTE itself, not a table r.
  const recursive = c.word() === W.RECURSIVE && isNameKind(c.kind(1)) && c.word(1) !== W.AS;
  if (recursive) c.pos++;
  for (;;) {
    skipTemplates(c);
    if (c.done) return;
    // `name AS (subquery)`
    if (isNameKind(c.kind()) && c.word(1) === W.AS && c.kind(2) === K.LParen && startsQuery(c, 3)) {
      const name = nameText(c, c.pos);
      c.pos += 3;
      if (recursive) addName(scope, name);
      parseQuery(ctx, scope, depth + 1);
      if (c.kind() === K.RParen) c.pos++;
      // Defined after its body: `WITH t AS (SELECT * FROM t)` reads the real table t.
      addName(scope, name);
    } else {
      // `expr AS name`: scan the expression; the alias is a scoped name.
      scanExpression(ctx, scope, depth, WITH_EXPRESSION_STOP, scope);
    }
    skipTemplates(c);
    if (c.kind() === K.Comma) {
      c.pos++;
      continue;
    }
    return;
  }
}

function addName(scope: Scope, name: string): void {
  (scope.names ??= new Set()).add(name);
}

/** After `SELECT`: the select list, FROM, and the remaining clauses. */
function parseSelectBody(ctx: Context, scope: Scope, depth: number): void {
  const c = ctx.cursor;
  for (;;) {
    scanExpression(ctx, scope, depth, CLAUSE_STOP);
    // The expression scan stops only on a clause word, `)`, `;` or the end: 0 is one of the last.
    const k = c.word();
    if (k === W.WITH && WITH_MODIFIERS[c.word(1)] === 1) {
      // `ORDER BY d WITH FILL FROM a TO b`, `GROUP BY k WITH TOTALS`, `LIMIT n WITH TIES`: not a
      // new query, and the FROM of WITH FILL is an expression, not a table.
      const modifier = c.word(1);
      c.pos += 2;
      if (modifier === W.FILL && c.word() === W.FROM) c.pos++;
      continue;
    }
    if (k === W.FROM) {
      c.pos++;
      parseTableList(ctx, scope, depth);
    } else if (k === W.UNION || k === W.INTERSECT || k === W.EXCEPT || k === W.SELECT || k === W.WITH || k === 0) {
      return;
    } else {
      // WHERE, GROUP BY, …: their expressions may hold subqueries and IN tables.
      c.pos++;
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
      while (c.kind() === K.TemplateStatement) {
        const kw = c.tag();
        if (kw === Tag.If || kw === Tag.For) nested++;
        else if (kw === Tag.Elif || kw === Tag.Else || kw === Tag.End) {
          if (nested === 0) return;
          if (kw === Tag.End) nested--;
        }
        c.pos++;
      }
    } else skipTemplates(c);
    if (c.done) return;
    if (c.kind() === K.Comma) {
      c.pos++;
      parseTableItem(ctx, scope, depth, 'from', inBranch);
      continue;
    }
    // `[GLOBAL|LOCAL] [ANY|ALL|ASOF|SEMI|ANTI] [LEFT|RIGHT|…] [OUTER] [ARRAY] JOIN`; words that
    // do not end in JOIN (`left(s, 2)`) are not a join.
    let n = 0;
    let isArrayJoin = false;
    for (let w = c.word(0); JOIN_WORDS[w] === 1 && w !== W.JOIN; w = c.word(++n)) if (w === W.ARRAY) isArrayJoin = true;
    if (c.word(n) !== W.JOIN) return;
    c.pos += n + 1;
    if (isArrayJoin) {
      // ARRAY JOIN takes expressions, not tables.
      scanExpression(ctx, scope, depth, STOPS.join[b]);
      continue;
    }
    parseTableItem(ctx, scope, depth, 'join', inBranch);
    if (!inBranch) skipTemplates(c);
    const w = c.word();
    if (w === W.ON) {
      c.pos++;
      scanExpression(ctx, scope, depth, STOPS.on[b]);
    } else if (w === W.USING) {
      // USING takes an expression list, with or without parentheses.
      c.pos++;
      scanExpression(ctx, scope, depth, STOPS.join[b]);
    }
  }
}

/** True when the token at the cursor is a template statement with one of the operators (see `Tag`). */
function isTagIn(c: SqlCursor, a: number, b = -1, d = -1): boolean {
  const t = c.tag();
  return t === a || t === b || t === d;
}

/** One table expression: name, `db.name`, subquery, table function or templated name. */
function parseTableItem(ctx: Context, scope: Scope, depth: number, site: 'from' | 'join', inBranch = false): void {
  const c = ctx.cursor;
  if (c.done) return;
  const kind = c.kind();
  if (c.tag() === Tag.If) {
    // `FROM {% if a %} t1 {% elif b %} t2 JOIN t3 ON … {% else %} t4 {% end %}`: a table list
    // per branch.
    c.pos++;
    if (depth >= MAX_DEPTH) return;
    for (;;) {
      if (!isTagIn(c, Tag.Elif, Tag.Else, Tag.End)) parseTableList(ctx, scope, depth + 1, site, true);
      if (isTagIn(c, Tag.Elif, Tag.Else)) {
        c.pos++;
        continue;
      }
      if (c.tag() === Tag.End) c.pos++;
      break;
    }
    parseTableSuffix(ctx, scope, depth, inBranch);
    return;
  }
  if (kind === K.LParen) {
    c.pos++;
    if (depth >= MAX_DEPTH) skipGroup(c);
    else if (startsQuery(c)) parseQuery(ctx, scope, depth + 1);
    else parseTableList(ctx, scope, depth + 1);
    if (c.kind() === K.RParen) c.pos++;
    parseTableSuffix(ctx, scope, depth, inBranch);
    return;
  }
  if (kind === K.Identifier && c.kind(1) === K.LParen) {
    // Table function: scan its arguments for subqueries; the function is not a reference.
    scanExpression(ctx, scope, depth, NO_STOP, undefined, true);
    parseTableSuffix(ctx, scope, depth, inBranch);
    return;
  }
  // A keyword where a table should be (`FROM WHERE …`, broken or templated text) is no name.
  if (kind === K.Identifier && NOT_ALIAS[c.word()] === 1) return;
  if (isNameKind(kind) || kind === K.TemplateExpression || kind === K.EnvVariable) {
    // A name glued to a template (`events_{{ suffix }}`, `{{ db }}.t`, `$SOURCE`) is computed.
    if (recordDynamicRun(ctx)) {
      parseTableSuffix(ctx, scope, depth, inBranch);
      return;
    }
    const first = c.pos++;
    let last = first;
    while (c.kind() === K.Dot && isNameKind(c.kind(1)) && c.endAt(last) === c.startAt(c.pos)) {
      c.pos++;
      last = c.pos++;
    }
    recordName(ctx, scope, first, last, site);
    parseTableSuffix(ctx, scope, depth, inBranch);
  }
}

/** `FINAL`, `SAMPLE x [OFFSET y]`, `[AS] alias` after a table item. */
function parseTableSuffix(ctx: Context, scope: Scope, depth: number, inBranch: boolean): void {
  const c = ctx.cursor;
  const b = inBranch ? 1 : 0;
  for (;;) {
    const w = c.word();
    if (w === W.FINAL) c.pos++;
    else if (w === W.SAMPLE) {
      c.pos++;
      scanExpression(ctx, scope, depth, STOPS.sample[b]);
      if (c.word() === W.OFFSET) {
        c.pos++;
        scanExpression(ctx, scope, depth, STOPS.offset[b]);
      }
    } else if (w === W.AS && isNameKind(c.kind(1))) {
      c.pos += 2;
    } else if (isNameKind(c.kind()) && NOT_ALIAS[w] !== 1 && c.kind(1) !== K.LParen) {
      c.pos++;
    } else return;
  }
}

/**
 * Scans an expression up to a depth-0 word in `stop`, a depth-0 comma when `stop.comma` or
 * `aliases` is given, a closing parenthesis or a semicolon (`stop.branchEnd`: also a depth-0
 * `{% elif/else/end %}`).
 * Reports subqueries, `IN table`, `joinGet`/`dictGet` literals. With `oneCall`, consumes exactly
 * one `name(…)` call. `AS name` aliases at depth 0 go into `aliases` (for `WITH expr AS x`).
 */
function scanExpression(ctx: Context, scope: Scope | undefined, depth: number, stop: Stop, aliases?: Scope, oneCall = false): void {
  const c = ctx.cursor;
  let parens = 0;
  let nested = 0; // template blocks opened inside the expression
  const commaStops = aliases !== undefined || stop.comma;
  if (oneCall) {
    c.pos++; // the function name
  }
  while (!c.done) {
    const kind = c.kind();
    if (parens === 0) {
      if (kind === K.RParen || kind === K.Semicolon) return;
      if (!oneCall && ((stop.words[c.word()] === 1 && !isFunctionOrTransformer(c)) || (commaStops && kind === K.Comma))) return;
    }
    if (stop.branchEnd && kind === K.TemplateStatement) {
      const kw = c.tag();
      if (kw === Tag.If || kw === Tag.For) nested++;
      else if (kw === Tag.Elif || kw === Tag.Else || kw === Tag.End) {
        if (nested === 0) return;
        if (kw === Tag.End) nested--;
      }
    }
    if (kind === K.LParen) {
      c.pos++;
      if (startsQuery(c) && depth < MAX_DEPTH) {
        parseQuery(ctx, scope ?? newScope(undefined), depth + 1);
        if (c.kind() === K.RParen) c.pos++;
        if (oneCall && parens === 0) return;
        continue;
      }
      parens++;
      continue;
    }
    if (kind === K.RParen) {
      c.pos++;
      parens--;
      if (oneCall && parens === 0) return;
      continue;
    }
    const k = c.word();
    if (k === W.IN) {
      c.pos++;
      scanInTarget(ctx, scope);
      continue;
    }
    if (kind === K.Identifier && c.kind(1) === K.LParen && c.kind(2) === K.String) lookupFunction(ctx);
    if (aliases && parens === 0 && k === W.AS && isNameKind(c.kind(1))) {
      addName(aliases, nameText(c, c.pos + 1));
      c.pos += 2;
      continue;
    }
    c.pos++;
  }
}

/** At `fn('…'`: a `joinGet`/`dictGet` literal names a table. */
function lookupFunction(ctx: Context): void {
  const c = ctx.cursor;
  // Both patterns start with d or j (case-insensitively; without the `u` flag no other
  // character folds to them): skip the image for every other call.
  const first = c.charCodeAt(c.pos, 0) | 0x20;
  if (first !== 100 && first !== 106) return;
  const fn = c.imageAt(c.pos);
  const joinGet = JOIN_GET_FUNCTIONS.test(fn);
  if (joinGet || DICT_FUNCTIONS.test(fn)) recordStringName(ctx, c.pos + 2, joinGet ? 'joinGet' : 'dictGet');
}

/**
 * A stop word that is not one here: `* EXCEPT (a, b)` / `* EXCEPT a` is a column transformer, not
 * the set operation (which is followed by a query, `ALL` or `DISTINCT`), and `left(s, 2)` /
 * `right(s, 2)` are functions, not joins.
 */
function isFunctionOrTransformer(c: SqlCursor): boolean {
  const k = c.word();
  if (k === W.EXCEPT) return !(startsQuery(c, 1) || c.word(1) === W.ALL || c.word(1) === W.DISTINCT);
  return JOIN_WORDS[k] === 1 && k !== W.JOIN && c.kind(1) === K.LParen;
}

/** After `IN` / `NOT IN` / `GLOBAL IN`: a table name is a reference; a tuple or subquery is not. */
function scanInTarget(ctx: Context, scope: Scope | undefined): void {
  const c = ctx.cursor;
  if (!isNameKind(c.kind()) || c.kind(1) === K.LParen) return;
  // `IN ids_{{ suffix }}`; a lone `IN {{ Array(…) }}` is a rendered value list, never a name.
  if (recordDynamicRun(ctx)) return;
  const first = c.pos++;
  let last = first;
  while (c.kind() === K.Dot && isNameKind(c.kind(1))) {
    c.pos++;
    last = c.pos++;
  }
  recordName(ctx, scope, first, last, 'in');
}
