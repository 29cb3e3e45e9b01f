import type { IndexDefinition, Range, SchemaColumn, SqlToken } from './ast.js';
import { lexSql } from './sql-lexer.js';

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

const TRIVIA = new Set(['Whitespace', 'LineComment', 'BlockComment']);

function isMarker(t: SqlToken): 'DEFAULT' | 'MATERIALIZED' | 'ALIAS' | 'CODEC' | 'TTL' | 'JSON' | undefined {
  if (t.type === 'QuotedIdentifier') return t.image.startsWith('`json:') ? 'JSON' : undefined;
  if (t.type !== 'Identifier') return undefined;
  const u = t.image.toUpperCase();
  return u === 'DEFAULT' || u === 'MATERIALIZED' || u === 'ALIAS' || u === 'CODEC' || u === 'TTL' ? u : undefined;
}

/** Splits tokens at depth-0 commas; each part keeps its comma (if any) for diagnostics. */
function splitTopLevel(tokens: readonly SqlToken[]): { parts: SqlToken[][]; commas: SqlToken[] } {
  const parts: SqlToken[][] = [[]];
  const commas: SqlToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.type === 'LParen' || t.type === 'LBracket' || t.type === 'LBrace') depth++;
    else if (t.type === 'RParen' || t.type === 'RBracket' || t.type === 'RBrace') depth = Math.max(0, depth - 1);
    if (t.type === 'Comma' && depth === 0) {
      commas.push(t);
      parts.push([]);
    } else parts[parts.length - 1]!.push(t);
  }
  return { parts, commas };
}

function text(source: string, tokens: readonly SqlToken[]): string {
  if (tokens.length === 0) return '';
  return source.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

function trimTrivia(tokens: readonly SqlToken[]): SqlToken[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && TRIVIA.has(tokens[a]!.type)) a++;
  while (b > a && TRIVIA.has(tokens[b - 1]!.type)) b--;
  return tokens.slice(a, b);
}

function unbacktick(image: string): string {
  const inner = image.slice(1, -1);
  // Escapes are rare: skip both replacements for the common plain name.
  if (!inner.includes('`') && !inner.includes('\\')) return inner;
  return inner.replace(/``/g, '`').replace(/\\(.)/g, '$1');
}

/** Parses the text of a SCHEMA block located at `base` in `source`. */
export function parseSchema(source: string, base: number, end: number): SchemaParse {
  const tokens = lexSql(source.slice(base, end), base);
  const { parts, commas } = splitTopLevel(tokens);
  const columns: SchemaColumn[] = [];
  const problems: SchemaProblem[] = [];
  // `#` is a comment only on a line of its own (the CLI drops such lines); after a column it is
  // text the schema parser rejects.
  let lineBlank = true;
  for (const t of tokens) {
    if (t.type === 'Whitespace') {
      if (/[\r\n]/.test(t.image)) lineBlank = true;
      continue;
    }
    if (t.type === 'LineComment' && t.image.startsWith('#') && !lineBlank) problems.push({ code: 'inlineHashComment', start: t.start, end: t.end });
    lineBlank = false;
  }
  parts.forEach((raw, index) => {
    const toks = trimTrivia(raw);
    if (toks.length === 0) {
      // Only a comma before an empty part is a problem: an empty schema is another rule's job.
      const comma = commas[index - 1];
      if (comma) {
        problems.push({ code: index === parts.length - 1 ? 'trailingComma' : 'emptyColumn', start: comma.start, end: comma.end });
      }
      return;
    }
    const column = parseColumn(source, toks, problems);
    if (column) columns.push(column);
  });
  return { columns, problems };
}

function parseColumn(source: string, toks: SqlToken[], problems: SchemaProblem[]): SchemaColumn | undefined {
  const first = toks[0]!;
  let i = 1;
  let name: string;
  let backticked = false;
  if (first.type === 'QuotedIdentifier') {
    name = unbacktick(first.image);
    backticked = true;
  } else {
    // Bare names may contain `.`, `-` and the like: take everything up to the first whitespace.
    while (i < toks.length && toks[i]!.start === toks[i - 1]!.end && !TRIVIA.has(toks[i]!.type)) i++;
    name = text(source, toks.slice(0, i));
  }
  const nameRange = { start: first.start, end: toks[i - 1]!.end };

  // Group the rest into clauses at depth 0.
  const clauses: { marker: string; tokens: SqlToken[] }[] = [{ marker: 'TYPE', tokens: [] }];
  let depth = 0;
  for (; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.type === 'LParen' || t.type === 'LBracket') depth++;
    else if (t.type === 'RParen' || t.type === 'RBracket') depth = Math.max(0, depth - 1);
    const marker = depth === 0 ? isMarker(t) : undefined;
    if (marker) clauses.push({ marker, tokens: [t] });
    else clauses[clauses.length - 1]!.tokens.push(t);
  }
  const clause = (m: string) => clauses.find((c) => c.marker === m);
  const typeTokens = trimTrivia(clauses[0]!.tokens);
  const dataType = typeTokens.length ? text(source, typeTokens) : undefined;
  const def = clauses.find((c) => c.marker === 'DEFAULT' || c.marker === 'MATERIALIZED' || c.marker === 'ALIAS');
  const codec = clause('CODEC');
  const json = clause('JSON');
  for (const c of clauses) {
    if (c.marker === 'ALIAS' || c.marker === 'TTL') {
      problems.push({ code: 'unsupportedClause', start: c.tokens[0]!.start, end: c.tokens[0]!.end, detail: c.marker });
    }
  }
  if (!dataType && !def) {
    problems.push({ code: 'missingType', start: nameRange.start, end: nameRange.end, detail: name });
  }
  const jsonToken = json?.tokens[0];
  const defTokens = def ? trimTrivia(def.tokens.slice(1)) : [];
  const codecTokens = codec ? trimTrivia(codec.tokens) : [];
  const last = toks[toks.length - 1]!;
  return {
    type: 'SchemaColumn',
    name,
    nameRange,
    backticked,
    dataType,
    typeRange: typeTokens.length ? { start: typeTokens[0]!.start, end: typeTokens[typeTokens.length - 1]!.end } : undefined,
    nullable: dataType ? /^(LowCardinality\s*\(\s*)?Nullable\s*\(/i.test(dataType) : false,
    jsonPath: jsonToken ? jsonToken.image.slice(6, -1) : undefined,
    jsonPathRange: jsonToken ? { start: jsonToken.start + 6, end: jsonToken.end - 1 } : undefined,
    defaultKind: def ? (def.marker as 'DEFAULT' | 'MATERIALIZED' | 'ALIAS') : undefined,
    defaultExpression: defTokens.length ? text(source, defTokens) : undefined,
    defaultRange: defTokens.length ? { start: defTokens[0]!.start, end: defTokens[defTokens.length - 1]!.end } : undefined,
    codec: codecTokens.length ? text(source, codecTokens) : undefined,
    codecRange: codecTokens.length ? { start: codecTokens[0]!.start, end: codecTokens[codecTokens.length - 1]!.end } : undefined,
    start: first.start,
    end: last.end,
  };
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
    let toks = trimTrivia(lexSql(source.slice(line.start, line.end), line.start));
    if (toks.length === 0 || toks[0]!.type === 'LineComment') continue;
    const written = { start: toks[0]!.start, end: toks[toks.length - 1]!.end };
    if (toks[toks.length - 1]!.type === 'Comma') toks = trimTrivia(toks.slice(0, -1));
    if (toks[0]!.type === 'Identifier' && toks[0]!.image.toUpperCase() === 'INDEX') toks = trimTrivia(toks.slice(1));
    const typeAt = toks.findIndex((t) => t.type === 'Identifier' && t.image === 'TYPE');
    if (typeAt < 0 || toks.length === 0) {
      problems.push({ code: 'missingIndexType', ...written });
      continue;
    }
    const granAt = toks.findIndex((t, k) => k > typeAt && t.type === 'Identifier' && t.image.toUpperCase() === 'GRANULARITY');
    const typeEnd = granAt < 0 ? toks.length : granAt;
    const gran = granAt < 0 ? undefined : toks.slice(granAt + 1).find((t) => t.type === 'Number');
    indexes.push({
      type: 'IndexDefinition',
      name: toks[0]!.type === 'QuotedIdentifier' ? unbacktick(toks[0]!.image) : toks[0]!.image,
      expression: text(source, trimTrivia(toks.slice(1, typeAt))),
      indexType: text(source, trimTrivia(toks.slice(typeAt + 1, typeEnd))),
      granularity: gran ? Number(gran.image) : undefined,
      start: toks[0]!.start,
      end: toks[toks.length - 1]!.end,
    });
  }
  return { indexes, problems };
}
