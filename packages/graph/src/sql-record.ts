import { SqlKind as K, type Range, type SqlBlock } from '@tb-refs/parser';
import type { SqlCursor } from './sql-cursor.js';
import type { DynamicReference, SqlReference, SqlReferenceSite } from './sql-references.js';

/** The state of one reference scan. */
export interface Context {
  readonly cursor: SqlCursor;
  readonly references: SqlReference[];
  readonly dynamic: DynamicReference[];
  /** Conditional regions of the block: a reference inside one is conditional. */
  readonly branches: SqlBlock['branches'];
  /** Starts of the template tags that hold a `TABLE(…)` call (already reported). */
  readonly tableCallStarts: ReadonlySet<number> | undefined;
  readonly sql: SqlBlock;
}

/** A lexical scope of CTE and alias names; the set is made on the first name. */
export interface Scope {
  names: Set<string> | undefined;
  readonly parent: Scope | undefined;
}

export function newScope(parent: Scope | undefined): Scope {
  return { names: undefined, parent };
}

function inScope(scope: Scope | undefined, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.names?.has(name)) return true;
  return false;
}

/** True when `offset` is inside one of the conditional regions. */
export function isConditional(branches: SqlBlock['branches'], offset: number): boolean {
  for (const b of branches) if (offset >= b.start && offset < b.end) return true;
  return false;
}

export function sourceText(sql: SqlBlock, r: Range): string {
  return sql.text.slice(r.start - sql.start, r.end - sql.start);
}

export function splitDotted(name: string): { name: string; database?: string } {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? { name: name.slice(dot + 1), database: name.slice(0, dot) } : { name };
}

/** An identifier token, bare or quoted. */
export function isNameKind(kind: number): boolean {
  return kind === K.Identifier || kind === K.QuotedIdentifier || kind === K.DoubleQuotedIdentifier;
}

/** The name written by the name token at position `p`, without quotes. */
export function nameText(c: SqlCursor, p: number): string {
  const image = c.imageAt(p);
  return c.kindAt(p) === K.Identifier ? image : image.slice(1, -1);
}

/** Token kinds that glue into one name at a table position. */
function isRunKind(kind: number): boolean {
  return isNameKind(kind) || kind === K.Dot || kind === K.TemplateExpression || kind === K.EnvVariable;
}

/**
 * At a table position, the tokens written without spaces between them form one name. When one of
 * them is a template expression or an environment variable, the name is computed: the whole run
 * is consumed and reported as dynamic (a lone `{{ TABLE('x') }}` was already reported by the
 * template scan). Returns false, consuming nothing, for a literal name.
 */
export function recordDynamicRun(ctx: Context): boolean {
  const c = ctx.cursor;
  let end = c.pos;
  let computed = false;
  let previousEnd = -1;
  while (end < c.length) {
    const kind = c.kindAt(end);
    if (!isRunKind(kind)) break;
    if (end > c.pos && previousEnd !== c.startAt(end)) break;
    // A function call (`db.fn(…)`) ends the name.
    if (kind === K.Identifier && c.kindAt(end + 1) === K.LParen) break;
    if (kind === K.TemplateExpression || kind === K.EnvVariable) computed = true;
    previousEnd = c.endAt(end);
    end++;
  }
  if (!computed) return false;
  const first = c.pos;
  const last = end - 1;
  c.pos = end;
  const start = c.startAt(first);
  if (first === last && ctx.tableCallStarts?.has(start)) return true;
  const range = { start, end: c.endAt(last) };
  ctx.dynamic.push({ range, text: sourceText(ctx.sql, range), conditional: isConditional(ctx.branches, range.start) });
  return true;
}

/** Reports the name `first . … . last` (name tokens at every other position) unless a scope defines it. */
export function recordName(ctx: Context, scope: Scope | undefined, first: number, last: number, site: SqlReferenceSite): void {
  const c = ctx.cursor;
  const lastKind = c.kindAt(last);
  const lastStart = c.startAt(last);
  const lastEnd = c.endAt(last);
  const quote = lastKind === K.QuotedIdentifier ? '`' : lastKind === K.DoubleQuotedIdentifier ? '"' : undefined;
  let name = nameText(c, last);
  let range = quote === undefined ? { start: lastStart, end: lastEnd } : { start: lastStart + 1, end: lastEnd - 1 };
  let database: string | undefined;
  if (first !== last) {
    database = nameText(c, first);
    for (let p = first + 2; p < last; p += 2) database += `.${nameText(c, p)}`;
  }
  // `"db.table"` in double quotes is one name containing dots (ClickHouse); keep the last part
  // as the table so `db.table` and `"db.table"` resolve alike.
  if (first === last && quote === '"' && name.includes('.')) {
    const split = splitDotted(name);
    database = split.database;
    name = split.name;
    range = { start: range.end - name.length, end: range.end };
  }
  if (database === undefined && inScope(scope, name)) return;
  ctx.references.push({
    name,
    database,
    range,
    fullRange: { start: c.startAt(first), end: lastEnd },
    site,
    quote,
    conditional: isConditional(ctx.branches, c.startAt(first)),
  });
}

/** A `joinGet`/`dictGet` string literal at position `p`: a table name, or dynamic when templated. */
export function recordStringName(ctx: Context, p: number, site: 'joinGet' | 'dictGet'): void {
  const c = ctx.cursor;
  const image = c.imageAt(p);
  const start = c.startAt(p);
  const end = c.endAt(p);
  const inner = image.slice(1, -1);
  if (inner.includes('{{') || inner.includes('{%')) {
    ctx.dynamic.push({ range: { start, end }, text: image, conditional: isConditional(ctx.branches, start) });
    return;
  }
  const { name, database } = splitDotted(inner);
  ctx.references.push({
    name,
    database,
    range: { start: end - 1 - name.length, end: end - 1 },
    fullRange: { start, end },
    site,
    quote: "'",
    conditional: isConditional(ctx.branches, start),
  });
}
