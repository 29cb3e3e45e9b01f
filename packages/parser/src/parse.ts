import { type Diagnostic, LineIndex } from '@tb-refs/core';
import type { DatafileKind, DatafileToken, DatasourceModel, Directive, ParsedDatafile, PipeModel, Trivia } from './ast.js';
import { buildTree } from './datafile-tree.js';
import { lexDatafile } from './datafile-lexer.js';
import { buildModels, type Models } from './model.js';
import { Reporter } from './reporter.js';
import { exactList, listOrEmpty } from './shared.js';

/** Options of {@link parseDatafile}. */
export interface ParseOptions {
  /** Path used in diagnostics; its extension decides the kind unless `kind` is given. */
  readonly fileName: string;
  readonly kind?: DatafileKind;
}

/** The datafile kind of a path, by extension (`.pipe_bak` and other backups count as their base). */
export function datafileKindOf(fileName: string): DatafileKind {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
  if (/\.datasource(\.|$)/.test(base)) return 'datasource';
  if (/\.incl(\.|$)/.test(base)) return 'incl';
  if (/\.connection(\.|$)/.test(base)) return 'connection';
  return 'pipe';
}

/**
 * Parses the text of a `.datasource`, `.pipe`, `.incl` or `.connection` file into a lossless
 * token stream, directives and a typed model. Never throws: problems are diagnostics.
 *
 * @example
 * const parsed = parseDatafile(text, { fileName: 'pipes/top.pipe' });
 * printDatafile(parsed) === text; // always
 */
export function parseDatafile(source: string, options: ParseOptions): ParsedDatafile {
  const kind = options.kind ?? datafileKindOf(options.fileName);
  const lineIndex = new LineIndex(source);
  const reporter = new Reporter(options.fileName, lineIndex);
  const tokens = lexDatafile(source);
  const tree = buildTree(source, tokens);
  for (const p of tree.problems) {
    if (p.code === 'unclosedQuote') {
      reporter.error('unbalancedQuote', p, 'Unbalanced quote: the Tinybird CLI reads this whole line as one value, not a directive.', 'Close the quote, or remove it.');
    } else if (p.code === 'unexpectedText') {
      reporter.error('unexpectedText', p, 'Unexpected text.', 'Check the indentation of this line.');
    }
  }
  if (tokens[0]?.type === 'Bom') {
    reporter.warning('byteOrderMark', tokens[0], 'The file starts with a byte order mark; the Tinybird CLI reads it as part of the first directive.', 'Save the file as UTF-8 without BOM.');
  }
  const directives = exactList(tree.items.filter((i): i is Directive => i.type === 'Directive'));
  const models = buildModels(source, kind, directives, reporter);
  const diagnostics = listOrEmpty(reporter.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column));
  return new Parsed(options.fileName, kind, source, lineIndex, tree.items, directives, models, diagnostics);
}

/**
 * A parse result that does not keep its line-layer tokens: they are a third of the objects a
 * parsed file holds, a lint run keeps every parsed file alive, and only printing reads them.
 * They are lexed again, deterministically, on first use.
 */
class Parsed implements ParsedDatafile {
  readonly fileName: string;
  readonly kind: DatafileKind;
  readonly source: string;
  readonly lineIndex: LineIndex;
  readonly items: readonly (Directive | Trivia)[];
  readonly directives: readonly Directive[];
  readonly datasource?: DatasourceModel;
  readonly pipe?: PipeModel;
  readonly diagnostics: readonly Diagnostic[];
  #tokens: DatafileToken[] | undefined;

  constructor(fileName: string, kind: DatafileKind, source: string, lineIndex: LineIndex, items: readonly (Directive | Trivia)[], directives: readonly Directive[], models: Models, diagnostics: readonly Diagnostic[]) {
    this.fileName = fileName;
    this.kind = kind;
    this.source = source;
    this.lineIndex = lineIndex;
    this.items = items;
    this.directives = directives;
    if (models.datasource) this.datasource = models.datasource;
    if (models.pipe) this.pipe = models.pipe;
    this.diagnostics = diagnostics;
  }

  get tokens(): readonly DatafileToken[] {
    return (this.#tokens ??= lexDatafile(this.source));
  }
}

/** Prints a parsed file back from its tokens: byte-identical to the parsed source. */
export function printDatafile(parsed: Pick<ParsedDatafile, 'tokens'>): string {
  let out = '';
  for (const t of parsed.tokens) out += t.image;
  return out;
}
