import { didYouMean } from '@tb-refs/core';
import type {
  DatafileKind, DatasourceModel, Directive, IncludeDirective, IncludeVariable, IndexDefinition,
  PipeModel, PipeNode, SchemaColumn, Setting, SqlBlock, TokenGrant,
} from './ast.js';
import {
  ALL_DIRECTIVES, ENGINE_DIRECTIVES, EXPORT_DIRECTIVES, IMPORT_DIRECTIVES, KAFKA_DIRECTIVES,
  NODE_DIRECTIVES, SQL_LOOKALIKE_DIRECTIVES, directiveKey,
} from './directives.js';
import { unquote } from './datafile-tree.js';
import type { Reporter } from './reporter.js';
import { parseIndexes, parseSchema } from './schema.js';
import { afterLineBreak, lineEnd, shlexLine } from './shlex.js';
import { EMPTY_LIST, EMPTY_SETTINGS, exactList } from './shared.js';
import { buildSqlBlock, isEmptySql } from './sql-block.js';

/** Models built from a file's directives. */
export interface Models {
  readonly datasource?: DatasourceModel;
  readonly pipe?: PipeModel;
}

const DATASOURCE_ONLY = new Set(['SCHEMA', 'INDEXES', 'INDICES', 'FORWARD_QUERY', 'BACKFILL']);
const SCHEMA_MESSAGES = {
  trailingComma: ['Trailing comma after the last SCHEMA column.', 'Remove the comma: the classic `tb push` rejects it.'],
  emptyColumn: ['Empty column definition between two commas.', 'Remove the extra comma.'],
  missingType: ['Column has neither a type nor a DEFAULT.', 'Add a ClickHouse type after the column name.'],
  unsupportedClause: ['Tinybird does not support this column clause.', 'Remove it; use DEFAULT or MATERIALIZED instead.'],
  inlineHashComment: ['`#` after a column is not a comment: the Tinybird CLI reads it as part of the schema.', 'Use `--` for a comment after a column, or put the `#` comment on a line of its own.'],
} as const;

/**
 * Description text as the CLI keeps it: a block is stripped; a single line is its words joined by
 * one space, quotes kept (`DESCRIPTION "hi"` describes `"hi"`, datafile-format.md §1.2).
 */
function descriptionOf(d: Directive): string {
  return d.block ? d.value.trim() : d.args.map((a) => a.text).join(' ');
}

/** Directives that apply to the whole pipe wherever they are written. */
const PIPE_SCOPE = new Set(['TOKEN', 'VERSION', 'INCLUDE', 'SHARED_WITH', 'MAINTAINER']);

/** The text after a block's `>` without surrounding blanks, unless it is empty or a comment. */
function trailerTextRange(source: string, d: Directive): { start: number; end: number } | undefined {
  const trailer = d.block?.trailer;
  if (!trailer) return undefined;
  const raw = source.slice(trailer.start, trailer.end);
  const text = raw.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const start = trailer.start + raw.indexOf(text);
  return { start, end: start + text.length };
}

function setting(d: Directive): Setting {
  return { key: d.key ?? d.name.toUpperCase(), value: d.block ? d.value.trim() : d.value, directive: d };
}

function tokenGrant(d: Directive, reporter: Reporter): TokenGrant | undefined {
  if (d.args.length < 2) {
    reporter.error('tokenArgs', d, 'TOKEN takes two values: the token name and its permission.', 'Write it as `TOKEN "read_api_token" READ`.');
    return undefined;
  }
  const permission = d.args[d.args.length - 1]!.text;
  const name = unquote(d.args.slice(0, -1).map((a) => a.text).join(' '));
  return { type: 'TokenGrant', name, permission: unquote(permission).toUpperCase(), directive: d, start: d.start, end: d.end };
}

function includeOf(d: Directive, reporter: Reporter): IncludeDirective | undefined {
  const [pathArg, ...rest] = d.args;
  if (!pathArg) {
    reporter.error('includeWithoutPath', d, 'INCLUDE needs the path of an .incl file.', 'Write it as `INCLUDE "includes/file.incl"`.');
    return undefined;
  }
  let variables: IncludeVariable[] | undefined;
  for (const a of rest) {
    const quoted = a.text.length >= 2 && (a.text[0] === '"' || a.text[0] === "'");
    const inner = quoted ? a.text.slice(1, -1) : a.text;
    const eq = inner.indexOf('=');
    if (eq < 0) continue;
    const valueStart = a.start + (quoted ? 1 : 0) + eq + 1;
    (variables ??= []).push({
      name: inner.slice(0, eq),
      value: inner.slice(eq + 1),
      valueRange: { start: valueStart, end: valueStart + inner.length - eq - 1 },
      start: a.start,
      end: a.end,
    });
  }
  const pathQuoted = pathArg.text[0] === '"' || pathArg.text[0] === "'";
  return {
    type: 'Include',
    path: unquote(pathArg.text),
    pathRange: pathQuoted ? { start: pathArg.start + 1, end: pathArg.end - 1 } : { start: pathArg.start, end: pathArg.end },
    variables: variables ?? EMPTY_LIST,
    directive: d,
    start: d.start,
    end: d.end,
  };
}

/** The SQL of a directive: its block body, or its single-line value. */
function sqlOf(source: string, d: Directive, reporter: Reporter | undefined): SqlBlock {
  return buildSqlBlock(source, d.valueRange, reporter);
}

interface NodeDraft {
  directive: Directive;
  name: string;
  nameRange: { start: number; end: number };
  description?: string;
  sql?: SqlBlock;
  /** Made on the first setting: most nodes have none, and the empty map is shared. */
  settings: Map<string, Setting> | undefined;
  directives: Directive[];
  end: number;
}

/** Node types as shared strings: `toLowerCase` makes a new string for every node. */
const NODE_TYPES = new Map(['endpoint', 'copy', 'materialized', 'sink', 'stream', 'default'].map((t) => [t, t]));

function nodeTypeOf(value: string): string {
  const lower = value.toLowerCase();
  return NODE_TYPES.get(lower) ?? lower;
}

function finishNode(n: NodeDraft): PipeNode {
  const s = n.settings ?? EMPTY_SETTINGS;
  const type = s.get('TYPE');
  return {
    type: 'PipeNode',
    name: n.name,
    nameRange: n.nameRange,
    directive: n.directive,
    description: n.description,
    sql: n.sql,
    nodeType: type ? nodeTypeOf(type.value) : undefined,
    datasource: s.get('DATASOURCE'),
    targetDatasource: s.get('TARGET_DATASOURCE'),
    copySchedule: s.get('COPY_SCHEDULE'),
    copyMode: s.get('COPY_MODE') ?? s.get('MODE'),
    engine: s.get('ENGINE'),
    settings: s,
    directives: exactList(n.directives),
    start: n.directive.start,
    end: n.end,
  };
}

/** Builds the typed models and reports semantic problems of the directive list. */
export function buildModels(source: string, kind: DatafileKind, directives: readonly Directive[], reporter: Reporter): Models {
  let description: string | undefined;
  const tokens: TokenGrant[] = [];
  const tags: string[] = [];
  let version: number | undefined;
  const includes: IncludeDirective[] = [];
  let schema: SchemaColumn[] = [];
  let schemaDirective: Directive | undefined;
  let indexes: IndexDefinition[] = [];
  let engine: Setting | undefined;
  // Made on the first setting: most datasources have no connector settings.
  let engineSettings: Map<string, Setting> | undefined;
  let connectorSettings: Map<string, Setting> | undefined;
  let forwardQuery: SqlBlock | undefined;
  let importQuery: SqlBlock | undefined;
  const nodes: PipeNode[] = [];
  let node: NodeDraft | undefined;
  const suggestions = new Map<string, string | undefined>();
  const hasNodes = kind === 'pipe' || (kind === 'incl' && directives.some((d) => d.key === 'NODE'));

  for (const d of directives) {
    const trailerText = trailerTextRange(source, d);
    if (trailerText) {
      reporter.warning('textAfterBlockOpen', trailerText, 'Text after `>` is ignored by the Tinybird CLI.', 'Move it to the next line, indented.');
    }
    checkSwallowedDirectives(source, d, reporter);
    const key = d.key;
    if (key === undefined) {
      reportUnknown(d, reporter, suggestions);
      continue;
    }
    // Pipe-wide directives written after a node's SQL do not belong to that node.
    if (node && key !== 'NODE' && !PIPE_SCOPE.has(key)) {
      node.directives.push(d);
      node.end = d.end;
    }
    switch (key) {
      case 'NODE': {
        if (kind === 'datasource' || kind === 'connection') {
          reporter.error('nodeInDatasource', d.nameRange, 'A .datasource file cannot define nodes.', 'Move the NODE and its SQL into a .pipe file.');
          continue;
        }
        if (node) nodes.push(finishNode(node));
        // One arg (the usual `NODE name`): the name is the value, and its range the value's;
        // reading them that way does not make the directive's args.
        const single = !d.block && d.argCount === 1;
        const nameArg = single ? undefined : d.args[0];
        if (!single && !nameArg) reporter.error('nodeWithoutName', d, 'NODE needs a name.', 'Write it as `NODE my_node`.');
        node = {
          directive: d,
          name: single ? d.value : nameArg ? unquote(nameArg.text) : '',
          nameRange: single ? d.valueRange : !nameArg ? d.nameRange : { start: nameArg.start, end: nameArg.end },
          settings: undefined,
          directives: [d],
          end: d.end,
        };
        continue;
      }
      case 'DESCRIPTION':
        if (node) node.description = descriptionOf(d);
        else description = descriptionOf(d);
        continue;
      case 'SQL':
        if (kind === 'datasource' || kind === 'connection') {
          reporter.warning('pipeDirectiveInDatasource', d.nameRange, `SQL has no effect in a .${kind} file.`, 'Move the query into a node of a .pipe file; use FORWARD_QUERY > to migrate data.');
          continue;
        }
        if (!node) {
          if (kind !== 'incl') reporter.error('sqlWithoutNode', d.nameRange, 'SQL must come after a NODE.', 'Add `NODE <name>` before it.');
          continue;
        }
        if (node.sql) reporter.error('duplicateSql', d.nameRange, `Node "${node.name}" already has SQL.`, 'Start a new NODE for this query.');
        node.sql = sqlOf(source, d, reporter);
        if (isEmptySql(node.sql)) {
          reporter.error('emptySql', d.nameRange, `The SQL of node "${node.name}" is empty.`, 'Write the query below `SQL >`, indented.');
        }
        continue;
      case 'TOKEN': {
        const t = tokenGrant(d, reporter);
        if (t) tokens.push(t);
        continue;
      }
      case 'TAGS':
        for (const tag of d.value.split(',')) if (tag.trim()) tags.push(unquote(tag.trim()));
        continue;
      case 'VERSION':
        if (/^\d+$/.test(d.value)) version = Number(d.value);
        else reporter.error('badVersion', d.valueRange, 'VERSION must be a non-negative integer.', 'Write it as `VERSION 2`.');
        continue;
      case 'INCLUDE': {
        const inc = includeOf(d, reporter);
        if (inc) includes.push(inc);
        continue;
      }
      case 'SHARED_WITH':
      case 'MAINTAINER':
        continue;
      case 'SETTINGS':
        reportUnknown(d, reporter, suggestions);
        continue;
    }
    if (hasNodes && node && NODE_DIRECTIVES.has(key)) {
      (node.settings ??= new Map()).set(key, setting(d));
      continue;
    }
    if (hasNodes && !node && NODE_DIRECTIVES.has(key) && kind !== 'incl') {
      reporter.error('settingWithoutNode', d.nameRange, `${key} must come after a NODE.`, 'Move it below the NODE (and its SQL) it applies to.');
      continue;
    }
    if (kind === 'pipe' && DATASOURCE_ONLY.has(key)) {
      reporter.warning('datasourceDirectiveInPipe', d.nameRange, `${key} has no effect in a .pipe file.`, 'Move it to the .datasource file.');
      continue;
    }
    switch (key) {
      case 'SCHEMA': {
        schemaDirective = d;
        const parsed = parseSchema(source, d.valueRange.start, d.valueRange.end);
        schema = parsed.columns;
        for (const p of parsed.problems) {
          const [message, help] = SCHEMA_MESSAGES[p.code];
          reporter.error(p.code, p, message, help);
        }
        continue;
      }
      case 'INDEXES':
      case 'INDICES': {
        const parsed = parseIndexes(source, d.block?.lines ?? [d.valueRange]);
        indexes = parsed.indexes;
        for (const p of parsed.problems) {
          reporter.error(p.code, p, 'Index definition without `TYPE`.', 'Write it as `name expr TYPE bloom_filter GRANULARITY 4`.');
        }
        continue;
      }
      case 'ENGINE':
        engine = setting(d);
        continue;
      case 'FORWARD_QUERY':
        forwardQuery = sqlOf(source, d, reporter);
        continue;
      case 'IMPORT_QUERY':
        // BigQuery/Snowflake SQL, not ClickHouse: tokenised for references, never diagnosed.
        importQuery = buildSqlBlock(source, d.valueRange, undefined);
        (connectorSettings ??= new Map()).set(key, setting(d));
        continue;
    }
    if (ENGINE_DIRECTIVES.has(key)) (engineSettings ??= new Map()).set(key, setting(d));
    else if (KAFKA_DIRECTIVES.has(key) || IMPORT_DIRECTIVES.has(key) || EXPORT_DIRECTIVES.has(key) || key.includes('_')) {
      (connectorSettings ??= new Map()).set(key, setting(d));
    } else if (kind === 'datasource' && NODE_DIRECTIVES.has(key)) {
      reporter.warning('pipeDirectiveInDatasource', d.nameRange, `${key} has no effect in a .datasource file.`, 'Move it to the .pipe file it belongs to.');
    } else (connectorSettings ??= new Map()).set(key, setting(d));
  }
  if (node) nodes.push(finishNode(node));

  for (const n of nodes) {
    if (!n.sql && kind !== 'incl') {
      reporter.error('nodeWithoutSql', n.nameRange, `Node "${n.name}" has no SQL.`, 'Add an `SQL >` block with the query, indented, below the NODE.');
    }
  }
  if (kind === 'pipe' && nodes.length === 0 && directives.length > 0) {
    reporter.error('pipeWithoutNodes', { start: 0, end: 0 }, 'A pipe needs at least one NODE.', 'Add `NODE <name>` and an `SQL >` block.');
  }

  const base = { description, tokens: exactList(tokens), tags: exactList(tags), version, includes: exactList(includes) };
  if (hasNodes) return { pipe: { type: 'Pipe', ...base, nodes: exactList(nodes) } };
  return {
    datasource: {
      type: 'Datasource', ...base, schema: exactList(schema), schemaDirective, indexes: exactList(indexes), engine,
      engineSettings: engineSettings ?? EMPTY_SETTINGS, connectorSettings: connectorSettings ?? EMPTY_SETTINGS,
      forwardQuery, importQuery,
    },
  };
}

// "Did you mean" costs an edit distance against every directive name; a file of garbage can have
// millions of unknown words, so suggestions are memoised per name and computed for at most this
// many distinct names per file.
const MAX_SUGGESTION_LOOKUPS = 200;

function suggestionFor(name: string, memo: Map<string, string | undefined>): string | undefined {
  const key = name.toLowerCase();
  if (memo.has(key)) return memo.get(key);
  if (memo.size >= MAX_SUGGESTION_LOOKUPS) return undefined;
  const suggestion = didYouMean(name, ALL_DIRECTIVES);
  memo.set(key, suggestion);
  return suggestion;
}

function reportUnknown(d: Directive, reporter: Reporter, suggestions: Map<string, string | undefined>): void {
  // Lines with an unbalanced quote were already reported by the line layer.
  if (d.unbalancedQuote) return;
  if (d.name.toUpperCase() === 'SETTINGS') {
    reporter.error('settingsDirective', d.nameRange, 'SETTINGS is not allowed as a directive.', 'Use ENGINE_SETTINGS in a .datasource, or indent it so it stays part of the SQL query.');
    return;
  }
  const suggestion = suggestionFor(d.name, suggestions);
  const looksLikeSql = SQL_LOOKALIKE_DIRECTIVES.has(d.name.toUpperCase()) || /^(select|where|group|order|limit|join|left|with|union|and|or|having)$/i.test(d.name);
  reporter.error(
    'unknownDirective',
    d.nameRange,
    `${d.name} is not a valid option${suggestion ? `; did you mean ${suggestion}?` : '.'}`,
    looksLikeSql
      ? 'If this line belongs to the SQL above, indent it: only indented lines continue a block.'
      : suggestion ? `Replace it with ${suggestion}.` : 'Check the directive name against the Tinybird datafile reference.',
  );
}

// Directive keys that, written upper case at the start of an indented block line, almost surely
// were meant as directives (e.g. `    TYPE endpoint` under a SQL block).
/** Directive words that, indented at the start of a block line, were surely meant as directives. */
const SWALLOW_CANDIDATES: ReadonlySet<string> = new Set(
  [...NODE_DIRECTIVES, 'NODE', 'TOKEN', 'TAGS', 'DESCRIPTION'].filter((k) => !SQL_LOOKALIKE_DIRECTIVES.has(k)),
);

/** `length * 128 + first character` of each candidate: most lines fail this test without a slice. */
const SWALLOW_KEYS: ReadonlySet<number> = new Set([...SWALLOW_CANDIDATES].map((w) => w.length * 128 + w.charCodeAt(0)));

function isUpperWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function checkSwallowedDirectives(source: string, d: Directive, reporter: Reporter): void {
  if (!d.block || (d.key !== 'SQL' && d.key !== 'SCHEMA' && d.key !== 'INDEXES')) return;
  // Walks the body's lines by offset instead of `block.lines`, which would make one object per
  // line of every SQL block.
  const { start: bodyStart, end: bodyEnd } = d.block.body;
  for (let lineStart = bodyStart, next = bodyStart; lineStart < bodyEnd; lineStart = next) {
    const lineEndAt = Math.min(lineEnd(source, lineStart), bodyEnd);
    next = afterLineBreak(source, lineEndAt);
    const c = source.charCodeAt(lineStart);
    if (c !== 32 && c !== 9) continue;
    // Cheap filter before splitting the line: the first word must start with an upper-case
    // letter (every line of every block passes here).
    let at = lineStart + 1;
    while (at < lineEndAt && (source.charCodeAt(at) === 32 || source.charCodeAt(at) === 9)) at++;
    const f = source.charCodeAt(at);
    if (f < 65 || f > 90) continue;
    // Read the upper-case word and test it before the costlier shlex split: most lines start
    // with SELECT, FROM, WHERE… which are not candidates.
    let wordEnd = at + 1;
    while (wordEnd < lineEndAt && isUpperWordChar(source.charCodeAt(wordEnd))) wordEnd++;
    if (!SWALLOW_KEYS.has((wordEnd - at) * 128 + f) || !SWALLOW_CANDIDATES.has(source.slice(at, wordEnd))) continue;
    const toks = shlexLine(source, lineStart, lineEndAt);
    const first = toks?.[0];
    if (!first || !toks || toks.length < 2) continue;
    const word = source.slice(first.start, first.end);
    if (!SWALLOW_CANDIDATES.has(word)) continue;
    // `TYPE x` style only: the second token must not be an SQL operator or punctuation.
    const second = source.slice(toks[1]!.start, toks[1]!.end);
    if (!/^[>A-Za-z_"'@0-9*]/.test(second)) continue;
    reporter.warning(
      'indentedDirective',
      first,
      `Indented ${word} is read as part of the ${d.key} block above, not as a directive.`,
      `Remove the indentation so ${word} starts at column 0.`,
    );
  }
}
