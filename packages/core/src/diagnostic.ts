/** 1-based line and column; columns count UTF-16 code units, like editors and ESLint. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A replacement of the original text in [start, end) (0-based offsets). */
export interface TextEdit {
  readonly range: readonly [start: number, end: number];
  readonly text: string;
}

export type Severity = 'error' | 'warning';

/** A secondary location shown beside a diagnostic. */
export interface RelatedLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A suggestion is a fix that is never applied automatically. */
export interface Suggestion {
  readonly messageId: string;
  readonly message: string;
  readonly fix: TextEdit;
}

/**
 * The one problem shape used by every stage: parser, graph, lint and codemod preflight.
 * `endColumn` is exclusive (ESLint convention); every position is 1-based.
 */
export interface Diagnostic {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly messageId?: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly fix?: TextEdit;
  readonly suggestions?: readonly Suggestion[];
  readonly help?: string;
  readonly related?: readonly RelatedLocation[];
}

/** Orders diagnostics by file, line, column, then rule id, for stable output. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return 0;
}
