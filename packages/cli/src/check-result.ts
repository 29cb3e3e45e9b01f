import type { Diagnostic } from '@tb-refs/core';

/** What `check` found in one datafile; the shape follows ESLint's `LintResult`. */
export interface CheckResult {
  /** Relative to the cwd, '/'-separated, the same string as each message's `file`. */
  readonly filePath: string;
  /** The file's text, kept for code frames; the JSON formatter leaves it out. */
  readonly source: string;
  /** Sorted by position (`compareDiagnostics`). */
  readonly messages: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
}

/** Builds a result with its counts computed from `messages`. */
export function createCheckResult(
  filePath: string,
  source: string,
  messages: readonly Diagnostic[],
): CheckResult {
  let errorCount = 0;
  for (const message of messages) if (message.severity === 'error') errorCount++;
  return { filePath, source, messages, errorCount, warningCount: messages.length - errorCount };
}

/** The same result with warnings dropped, for `--quiet`. */
export function onlyErrors(result: CheckResult): CheckResult {
  if (result.warningCount === 0) return result;
  const errors = result.messages.filter((message) => message.severity === 'error');
  return createCheckResult(result.filePath, result.source, errors);
}

/** Totals over all results, for summaries and the exit code. */
export function countProblems(results: readonly CheckResult[]): {
  errorCount: number;
  warningCount: number;
  filesWithProblems: number;
} {
  let errorCount = 0;
  let warningCount = 0;
  let filesWithProblems = 0;
  for (const result of results) {
    errorCount += result.errorCount;
    warningCount += result.warningCount;
    if (result.messages.length > 0) filesWithProblems++;
  }
  return { errorCount, warningCount, filesWithProblems };
}
