import path from 'node:path';
import type { Diagnostic } from '@tb-refs/core';
import type { LintResult } from '@tb-refs/lint';
import { countProblems } from '../check-result.js';

/**
 * What `tb-refs lint` found in one datafile, as the reporters see it: the lint package's
 * `LintResult` with every path made relative to the working directory ('/'-separated), so that
 * results of several projects can be shown together. Structurally a `CheckResult`, so the
 * `check` formatters' helpers work on it.
 */
export type LintFileReport = Pick<
  LintResult,
  'filePath' | 'source' | 'messages' | 'suppressedMessages' | 'errorCount' | 'warningCount' | 'fixableErrorCount' | 'fixableWarningCount'
>;

/** What a reporter needs to know about a rule id that can appear in results. */
export interface RuleInfo {
  /** One sentence, no trailing period. */
  readonly description: string;
  readonly defaultSeverity: 'off' | 'warn' | 'error';
  /** Repo-relative doc path, `rules/<id>.md`; absent for pseudo-rules such as `parse-error`. */
  readonly docsUrl?: string;
  readonly fixable?: boolean;
}

/** Options every lint reporter receives. */
export interface ReporterOptions {
  /** Directory that displayed paths are relative to. */
  readonly cwd: string;
  readonly color: boolean;
  /** Metadata of every rule id that can appear, by id. */
  readonly rules: Readonly<Record<string, RuleInfo>>;
  /**
   * Absolute URL that `rules/<id>.md` doc paths are resolved against (e.g.
   * `https://github.com/acme/tb-refs/blob/main/`). Without it, docs are shown as repo-relative
   * paths, and SARIF leaves `helpUri` out (its schema requires an absolute URI there).
   */
  readonly docsBaseUrl?: string;
  /**
   * Absolute URL that cwd-relative file paths are resolved against for source links in Markdown
   * (e.g. `https://github.com/acme/app/blob/<sha>/`). Without it, links are relative.
   */
  readonly sourceBaseUrl?: string;
  /** tb-refs' version, for SARIF's `tool.driver.version`. */
  readonly toolVersion?: string;
}

/** Turns lint results into the complete text of one output format; pure, so it can be snapshot-tested. */
export type Reporter = (results: readonly LintFileReport[], options: ReporterOptions) => string;

/**
 * The report of one project's `LintResult`, with paths rebased from the project directory
 * (`projectDir`, absolute) to `cwd`. `source` is passed separately because with `--fix` the
 * result's `source` is already the fixed text, which is what positions refer to.
 */
export function toFileReport(result: LintResult, projectDir: string, cwd: string): LintFileReport {
  const rebase = (file: string): string => relativePath(cwd, path.resolve(projectDir, file));
  const rebaseAll = (messages: readonly Diagnostic[]): Diagnostic[] =>
    messages.map((m) => ({
      ...m,
      file: rebase(m.file),
      ...(m.related ? { related: m.related.map((r) => ({ ...r, file: rebase(r.file) })) } : {}),
    }));
  return {
    filePath: rebase(result.filePath),
    source: result.source,
    messages: rebaseAll(result.messages),
    suppressedMessages: rebaseAll(result.suppressedMessages),
    errorCount: result.errorCount,
    warningCount: result.warningCount,
    fixableErrorCount: result.fixableErrorCount,
    fixableWarningCount: result.fixableWarningCount,
  };
}

/** The same report with warnings dropped, for `--quiet`. */
export function withoutWarnings(report: LintFileReport): LintFileReport {
  if (report.warningCount === 0) return report;
  return {
    ...report,
    messages: report.messages.filter((m) => m.severity === 'error'),
    warningCount: 0,
    fixableWarningCount: 0,
  };
}

/** Totals over all reports, for summaries and the exit code. */
export interface LintTotals {
  readonly errorCount: number;
  readonly warningCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
  readonly filesWithProblems: number;
}

export function totalsOf(reports: readonly LintFileReport[]): LintTotals {
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const r of reports) {
    fixableErrorCount += r.fixableErrorCount;
    fixableWarningCount += r.fixableWarningCount;
  }
  return { ...countProblems(reports), fixableErrorCount, fixableWarningCount };
}

/**
 * Where a rule's doc is, for people: `docsBaseUrl` + `rules/<id>.md` when a base is given,
 * else the repo-relative path; undefined for ids without a doc.
 */
export function docsLink(ruleId: string, options: Pick<ReporterOptions, 'rules' | 'docsBaseUrl'>): string | undefined {
  const docs = options.rules[ruleId]?.docsUrl;
  if (docs === undefined) return undefined;
  return options.docsBaseUrl === undefined ? docs : new URL(docs, options.docsBaseUrl).href;
}

/** True for a string that is an absolute URI (has a scheme), as SARIF's `format: "uri"` requires. */
export function isAbsoluteUrl(value: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) && URL.canParse(value);
}

/** "1 error", "2 errors". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The problem count sentence shared by stylish and markdown: `2 problems (1 error, 1 warning)`. */
export function problemSummary(totals: LintTotals): string {
  const problems = totals.errorCount + totals.warningCount;
  return `${plural(problems, 'problem')} (${plural(totals.errorCount, 'error')}, ${plural(totals.warningCount, 'warning')})`;
}

function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
