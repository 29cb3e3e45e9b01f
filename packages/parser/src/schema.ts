import type { IndexDefinition, Range, SchemaColumn } from './ast.js';
import { ColumnNode } from './column-node.js';
import { scanSqlIn } from './sql-scanner.js';
import { SqlKind as K, type SqlTokenList } from './sql-tokens.js';

// SCHEMA grammar (classic tinybird/sql.py parse_table_structure; datafile-format.md §2.2):
//   name [Type] [DEFAULT expr | MATERIALIZED expr] [CODEC(...)] [`json:<path>`]

/** A schema problem found while splitting columns. */
export interface SchemaProblem extends Range {
  readonly code: 'trailingComma' | 'emptyColumn' | 'missingType' | 'unsupportedClause' | 'inlineHashComment';
  readonly detail?: string;
}

/** Columns of a SCHEMA block and the problems found on the way. */
export interface SchemaParse {
  readonly columns: SchemaColumn[];
  readonly problems: SchemaProblem[];
}

function unbacktick(image: string): string {
  const inner = image.slice(1, -1);
  // Escapes are rare: skip both replacements for the common plain name.
  if (!inner.includes('`') && !inner.includes('\\')) return inner;
  return inner.replace(/``/g, '`').replace(/\\(.)/g, '$1');
}

/** Whitespace and comments, which never start or end a column part or clause. */
function isTrivia(kind: number): boolean {
  return kind === K.Whitespace || kind === K.LineComment || kind === K.BlockComment;
}

/**
 * A run of tokens `from`…`to - 1` of a schema's token list. Columns are read from token indices
 * of the compact list: one object per schema token was over a tenth of the parse of the corpus,
 * whose datasources have thousands of columns.
 */
interface Span {
  from: number;
  to: number;
}

/** `span` without its leading and trailing trivia. */
function trimmed(list: SqlTokenList, from: number, to: number): Span {
  while (from < to && isTrivia(list.kind(from))) from++;
  while (to > from && isTrivia(list.kind(to - 1))) to--;
  return { from, to };
}

/** The clause a depth-0 token opens, if it is a clause marker. */
function markerAt(list: SqlTokenList, i: number): 'DEFAULT' | 'MATERIALIZED' | 'ALIAS' | 'CODEC' | 'TTL' | 'JSON' | undefined {
  const kind = list.kind(i);
  if (kind === K.QuotedIdentifier) return list.image(i).startsWith('`json:') ? 'JSON' : undefined;
  if (kind !== K.Identifier) return undefined;
  const length = list.end(i) - list.start(i);
  // Only words as long as a marker are upper-cased.
  if (length !== 3 && length !== 5 && length !== 7 && length !== 12) return undefined;
  // Returns the literals: a column keeps its marker, and the upper-cased image is a new string.
  switch (list.image(i).toUpperCase()) {
    case 'DEFAULT': return 'DEFAULT';
    case 'MATERIALIZED': return 'MATERIALIZED';
    case 'ALIAS': return 'ALIAS';
    case 'CODEC': return 'CODEC';
    case 'TTL': return 'TTL';
    default: return undefined;
  }
}

/** Parses the text of a SCHEMA block located at `base` in `source`. */
export function parseSchema(source: string, base: number, end: number): SchemaParse {
  const list = scanSqlIn(source, base, end, base);
  const n = list.length;
  const columns: SchemaColumn[] = [];
  const problems: SchemaProblem[] = [];
  // `#` is a comment only on a line of its own (the CLI drops such lines); after a column it is
  // text the schema parser rejects.
  let lineBlank = true;
  for (let i = 0; i < n; i++) {
    const kind = list.kind(i);
    if (kind === K.Whitespace) {
      if (list.hasLineBreak(i)) lineBlank = true;
      continue;
    }
    if (kind === K.LineComment && list.charCode(i, 0) === 35 && !lineBlank) problems.push({ code: 'inlineHashComment', start: list.start(i), end: list.end(i) });
    lineBlank = false;
  }
  // Columns are the parts between depth-0 commas.
  let depth = 0;
  let partStart = 0;
  let commaBefore = -1;
  for (let i = 0; i <= n; i++) {
    const kind = i < n ? list.kind(i) : -1;
    if (kind === K.LParen || kind === K.LBracket || kind === K.LBrace) depth++;
    else if (kind === K.RParen || kind === K.RBracket || kind === K.RBrace) depth = Math.max(0, depth - 1);
    if (i < n && (kind !== K.Comma || depth !== 0)) continue;
    const part = trimmed(list, partStart, i);
    if (part.from < part.to) {
      const column = parseColumn(source, list, part, problems);
      if (column) columns.push(column);
    } else if (commaBefore >= 0) {
      // Only a comma before an empty part is a problem: an empty schema is another rule's job.
      problems.push({ code: i === n ? 'trailingComma' : 'emptyColumn', start: list.start(commaBefore), end: list.end(commaBefore) });
    }
    commaBefore = i;
    partStart = i + 1;
  }
  return { columns, problems };
}

/** The text of `span`, or undefined when it is empty. */
function spanText(source: string, list: SqlTokenList, span: Span): string | undefined {
  return span.from < span.to ? source.slice(list.start(span.from), list.end(span.to - 1)) : undefined;
}

/** Where `span` starts in the file, or -1 when it is empty. */
function spanStart(list: SqlTokenList, span: Span): number {
  return span.from < span.to ? list.start(span.from) : -1;
}

/** Where `span` ends in the file, or -1 when it is empty. */
function spanEnd(list: SqlTokenList, span: Span): number {
  return span.from < span.to ? list.end(span.to - 1) : -1;
}

function parseColumn(source: string, list: SqlTokenList, part: Span, problems: SchemaProblem[]): SchemaColumn | undefined {
  const first = part.from;
  let i = first + 1;
  let name: string;
  let backticked = false;
  if (list.kind(first) === K.QuotedIdentifier) {
    name = unbacktick(list.image(first));
    backticked = true;
  } else {
    // Bare names may contain `.`, `-` and the like: take everything up to the first whitespace.
    while (i < part.to && !isTrivia(list.kind(i))) i++;
    name = source.slice(list.start(first), list.end(i - 1));
  }
  const nameEnd = list.end(i - 1);

  // Clauses at depth 0, each from its marker to the next one. Only the first DEFAULT-like, CODEC
  // and JSON clauses count. Plain variables rather than an array of clause objects searched with
  // closures: this function is hot in every datasource, and that version took TurboFan ~140 ms to
  // compile, on a cold lint's critical path.
  const typeFrom = i;
  let typeTo = part.to;
  let defAt = -1;
  let defTo = part.to;
  let defKind: 'DEFAULT' | 'MATERIALIZED' | 'ALIAS' | undefined;
  let codecAt = -1;
  let codecTo = part.to;
  let jsonAt = -1;
  /** The clause the tokens now belong to: 0 the type, 1 the first DEFAULT-like one, 2 the first CODEC, 3 another. */
  let open = 0;
  let depth = 0;
  for (; i < part.to; i++) {
    const kind = list.kind(i);
    if (kind === K.LParen || kind === K.LBracket) depth++;
    else if (kind === K.RParen || kind === K.RBracket) depth = Math.max(0, depth - 1);
    const marker = depth === 0 ? markerAt(list, i) : undefined;
    if (marker === undefined) continue;
    if (open === 0) typeTo = i;
    else if (open === 1) defTo = i;
    else if (open === 2) codecTo = i;
    open = 3;
    if ((marker === 'DEFAULT' || marker === 'MATERIALIZED' || marker === 'ALIAS') && defAt < 0) {
      defAt = i;
      defKind = marker;
      open = 1;
    } else if (marker === 'CODEC' && codecAt < 0) {
      codecAt = i;
      open = 2;
    } else if (marker === 'JSON' && jsonAt < 0) jsonAt = i;
    if (marker === 'ALIAS' || marker === 'TTL') problems.push({ code: 'unsupportedClause', start: list.start(i), end: list.end(i), detail: marker });
  }
  const typeSpan = trimmed(list, typeFrom, typeTo);
  const dataType = spanText(source, list, typeSpan);
  if (!dataType && defAt < 0) {
    problems.push({ code: 'missingType', start: list.start(first), end: nameEnd, detail: name });
  }
  const defSpan = defAt >= 0 ? trimmed(list, defAt + 1, defTo) : undefined;
  const codecSpan = codecAt >= 0 ? trimmed(list, codecAt, codecTo) : undefined;
  return new ColumnNode(
    name,
    backticked,
    dataType,
    dataType ? /^(LowCardinality\s*\(\s*)?Nullable\s*\(/i.test(dataType) : false,
    jsonAt < 0 ? undefined : list.image(jsonAt).slice(6, -1),
    defKind,
    defSpan && spanText(source, list, defSpan),
    codecSpan && spanText(source, list, codecSpan),
    list.start(first),
    list.end(part.to - 1),
    nameEnd,
    spanStart(list, typeSpan),
    spanEnd(list, typeSpan),
    jsonAt < 0 ? -1 : list.start(jsonAt) + 6,
    jsonAt < 0 ? -1 : list.end(jsonAt) - 1,
    defSpan ? spanStart(list, defSpan) : -1,
    defSpan ? spanEnd(list, defSpan) : -1,
    codecSpan ? spanStart(list, codecSpan) : -1,
    codecSpan ? spanEnd(list, codecSpan) : -1,
  );
}

/** An INDEXES problem. */
export interface IndexProblem extends Range {
  readonly code: 'missingIndexType';
}

/** Parses an INDEXES block: one `[INDEX] name expr TYPE kind [GRANULARITY n][,]` per line. */
export function parseIndexes(source: string, lines: readonly Range[]): { indexes: IndexDefinition[]; problems: IndexProblem[] } {
  const indexes: IndexDefinition[] = [];
  const problems: IndexProblem[] = [];
  for (const line of lines) {
    const list = scanSqlIn(source, line.start, line.end, line.start);
    let s = trimmed(list, 0, list.length);
    if (s.from === s.to || list.kind(s.from) === K.LineComment) continue;
    const written = { start: list.start(s.from), end: list.end(s.to - 1) };
    if (list.kind(s.to - 1) === K.Comma) s = trimmed(list, s.from, s.to - 1);
    if (s.from < s.to && list.kind(s.from) === K.Identifier && list.image(s.from).toUpperCase() === 'INDEX') s = trimmed(list, s.from + 1, s.to);
    const typeAt = findToken(list, s.from, s.to, (i) => list.kind(i) === K.Identifier && list.image(i) === 'TYPE');
    if (typeAt < 0) {
      problems.push({ code: 'missingIndexType', ...written });
      continue;
    }
    const granAt = findToken(list, typeAt + 1, s.to, (i) => list.kind(i) === K.Identifier && list.image(i).toUpperCase() === 'GRANULARITY');
    const typeEnd = granAt < 0 ? s.to : granAt;
    const gran = granAt < 0 ? -1 : findToken(list, granAt + 1, s.to, (i) => list.kind(i) === K.Number);
    indexes.push({
      type: 'IndexDefinition',
      name: list.kind(s.from) === K.QuotedIdentifier ? unbacktick(list.image(s.from)) : list.image(s.from),
      expression: spanText(source, list, trimmed(list, s.from + 1, typeAt)) ?? '',
      indexType: spanText(source, list, trimmed(list, typeAt + 1, typeEnd)) ?? '',
      granularity: gran < 0 ? undefined : Number(list.image(gran)),
      start: list.start(s.from),
      end: list.end(s.to - 1),
    });
  }
  return { indexes, problems };
}

/** The first token index in `from`…`to - 1` that `test` accepts, or -1. */
function findToken(list: SqlTokenList, from: number, to: number, test: (i: number) => boolean): number {
  for (let i = from; i < to; i++) if (test(i)) return i;
  return -1;
}
