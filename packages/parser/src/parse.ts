import { LineIndex } from '@tb-refs/core';
import type { DatafileKind, Directive, ParsedDatafile } from './ast.js';
import { buildTree } from './datafile-tree.js';
import { lexDatafile } from './datafile-lexer.js';
import { buildModels } from './model.js';
import { Reporter } from './reporter.js';

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
  const directives = tree.items.filter((i): i is Directive => i.type === 'Directive');
  const models = buildModels(source, kind, directives, reporter);
  return {
    fileName: options.fileName,
    kind,
    source,
    lineIndex,
    tokens,
    items: tree.items,
    directives,
    ...models,
    diagnostics: reporter.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column),
  };
}

/** Prints a parsed file back from its tokens: byte-identical to the parsed source. */
export function printDatafile(parsed: Pick<ParsedDatafile, 'tokens'>): string {
  let out = '';
  for (const t of parsed.tokens) out += t.image;
  return out;
}
