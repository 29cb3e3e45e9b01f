import type { Diagnostic, LineIndex, Severity } from '@tb-refs/core';
import type { Range } from './ast.js';
import type { ParseMessageId } from './messages.js';

/** Collects parser diagnostics for one file, converting offsets to 1-based positions. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  readonly #file: string;
  readonly #lines: LineIndex;

  constructor(file: string, lines: LineIndex) {
    this.#file = file;
    this.#lines = lines;
  }

  report(severity: Severity, messageId: ParseMessageId, range: Range, message: string, help?: string): void {
    const start = this.#lines.positionAt(range.start);
    const end = this.#lines.positionAt(Math.max(range.end, range.start));
    this.diagnostics.push({
      ruleId: 'parse-error',
      severity,
      messageId,
      message,
      file: this.#file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      ...(help ? { help } : {}),
    });
  }

  error(messageId: ParseMessageId, range: Range, message: string, help?: string): void {
    this.report('error', messageId, range, message, help);
  }

  warning(messageId: ParseMessageId, range: Range, message: string, help?: string): void {
    this.report('warning', messageId, range, message, help);
  }
}
