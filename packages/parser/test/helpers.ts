import type { Diagnostic } from '@tb-refs/core';
import { parseDatafile } from '../src/index.js';
import type { Directive, ParsedDatafile, Range } from '../src/index.js';

/** Parses `source` as `x.<kind>`: `.pipe` unless told otherwise. */
export function parse(source: string, fileName = 'x.pipe'): ParsedDatafile {
  return parseDatafile(source, { fileName });
}

/** A diagnostic reduced to what unit tests assert: id, severity and exact span. */
export interface DiagnosticSpan {
  readonly messageId: string | undefined;
  readonly severity: Diagnostic['severity'];
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function span(d: Diagnostic): DiagnosticSpan {
  return { messageId: d.messageId, severity: d.severity, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn };
}

/** The diagnostics of a parse, as spans. */
export function spans(parsed: ParsedDatafile): DiagnosticSpan[] {
  return parsed.diagnostics.map(span);
}

/** Shorthand for an expected diagnostic: `[messageId, line, column, endLine, endColumn, severity?]`. */
export type Expected = readonly [string, number, number, number, number, Diagnostic['severity']?];

export function expected(list: readonly Expected[]): DiagnosticSpan[] {
  return list.map(([messageId, line, column, endLine, endColumn, severity]) => ({
    messageId,
    severity: severity ?? 'error',
    line,
    column,
    endLine,
    endColumn,
  }));
}

/** The text a range covers. */
export function textOf(source: string, range: Range): string {
  return source.slice(range.start, range.end);
}

/** A directive reduced to its name, value and the text its ranges cover. */
export function directiveSummary(source: string, d: Directive): { name: string; key: string | undefined; value: string; text: string; valueText: string } {
  return { name: d.name, key: d.key, value: d.value, text: textOf(source, d), valueText: textOf(source, d.valueRange) };
}

/** Joins lines with `\n` (every line, including the last, ends with a line break). */
export function lines(...ls: string[]): string {
  return ls.map((l) => `${l}\n`).join('');
}
