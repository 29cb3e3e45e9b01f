import type { Diagnostic } from '@tb-refs/core';
import type { Reporter } from './lint-report.js';

/** ESLint's numeric severities: 1 = warning, 2 = error. */
export type JsonSeverity = 1 | 2;

/** One message of the JSON output: ESLint's `LintMessage` field names, numeric severity. */
export interface JsonMessage {
  readonly ruleId: string;
  readonly severity: JsonSeverity;
  readonly message: string;
  readonly messageId?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** Exclusive, as in ESLint. */
  readonly endColumn: number;
  /** A safe edit of the file's text: replace UTF-16 offsets [start, end) with `text`. */
  readonly fix?: { readonly range: readonly [number, number]; readonly text: string };
  readonly suggestions?: Diagnostic['suggestions'];
  readonly help?: string;
  readonly related?: Diagnostic['related'];
}

/** One file of the JSON output (ESLint's `LintResult` without `source`). */
export interface JsonFileResult {
  /** Relative to the working directory, '/'-separated. */
  readonly filePath: string;
  readonly messages: readonly JsonMessage[];
  readonly suppressedMessages: readonly JsonMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
}

/**
 * ESLint-compatible JSON: an array with one entry per linted file (clean files included), in path
 * order. Severities are ESLint's numbers (1 warning, 2 error) so tools written for ESLint's JSON
 * (annotators, SonarQube importers) read it unchanged; `filePath` is cwd-relative rather than
 * absolute. The source text is left out.
 */
export const jsonReporter: Reporter = (results) => {
  const output: JsonFileResult[] = results.map((r) => ({
    filePath: r.filePath,
    messages: r.messages.map(toJsonMessage),
    suppressedMessages: r.suppressedMessages.map(toJsonMessage),
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    fixableErrorCount: r.fixableErrorCount,
    fixableWarningCount: r.fixableWarningCount,
  }));
  return `${JSON.stringify(output, null, 2)}\n`;
};

function toJsonMessage(d: Diagnostic): JsonMessage {
  return {
    ruleId: d.ruleId,
    severity: d.severity === 'error' ? 2 : 1,
    message: d.message,
    ...(d.messageId === undefined ? {} : { messageId: d.messageId }),
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    ...(d.fix === undefined ? {} : { fix: { range: [d.fix.range[0], d.fix.range[1]] as const, text: d.fix.text } }),
    ...(d.suggestions === undefined ? {} : { suggestions: d.suggestions }),
    ...(d.help === undefined ? {} : { help: d.help }),
    ...(d.related === undefined ? {} : { related: d.related }),
  };
}
