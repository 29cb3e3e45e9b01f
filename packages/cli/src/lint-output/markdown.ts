import type { Diagnostic } from '@tb-refs/core';
import { type LintFileReport, type Reporter, type ReporterOptions, docsLink, isAbsoluteUrl, plural, problemSummary, totalsOf } from './lint-report.js';
import { fileUri } from './sarif.js';

/** Findings listed before "…and N more". */
export const MARKDOWN_MAX_ROWS = 50;

/**
 * A summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a heading with the problem
 * count, a table of counts per rule (linked to the rule's doc when `docsBaseUrl` is absolute),
 * then a table of findings (severity, `file:line` linked to the source, rule, message), capped
 * at {@link MARKDOWN_MAX_ROWS} rows with an "…and N more" line.
 */
export const markdownReporter: Reporter = (results, options) => {
  const totals = totalsOf(results);
  if (totals.errorCount + totals.warningCount === 0) {
    return `### tb-refs lint\n\n✅ ${plural(results.length, 'file')} linted, no problems.\n`;
  }
  const out = [`### tb-refs lint`, '', `${totals.errorCount > 0 ? '❌' : '⚠️'} ${problemSummary(totals)} in ${plural(totals.filesWithProblems, 'file')}.`, ''];

  const perRule = new Map<string, { errors: number; warnings: number }>();
  for (const r of results) {
    for (const m of r.messages) {
      const counts = perRule.get(m.ruleId) ?? { errors: 0, warnings: 0 };
      if (m.severity === 'error') counts.errors++;
      else counts.warnings++;
      perRule.set(m.ruleId, counts);
    }
  }
  out.push('| rule | errors | warnings |', '| --- | ---: | ---: |');
  for (const [id, counts] of [...perRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`| ${ruleCell(id, options)} | ${counts.errors} | ${counts.warnings} |`);
  }
  out.push('', '| severity | location | rule | message |', '| --- | --- | --- | --- |');

  const all = results.flatMap((r: LintFileReport) => r.messages);
  for (const m of all.slice(0, MARKDOWN_MAX_ROWS)) {
    out.push(`| ${m.severity === 'error' ? '❌ error' : '⚠️ warning'} | ${locationCell(m, options)} | \`${m.ruleId}\` | ${cell(m.message)} |`);
  }
  if (all.length > MARKDOWN_MAX_ROWS) out.push('', `…and ${all.length - MARKDOWN_MAX_ROWS} more.`);
  return `${out.join('\n')}\n`;
};

function ruleCell(id: string, options: ReporterOptions): string {
  const docs = docsLink(id, options);
  return docs !== undefined && isAbsoluteUrl(docs) ? `[\`${id}\`](${docs})` : `\`${id}\``;
}

function locationCell(m: Diagnostic, options: ReporterOptions): string {
  const label = `${m.file}:${m.line}`;
  const relative = `${fileUri(m.file)}#L${m.line}`;
  const href = options.sourceBaseUrl === undefined ? relative : new URL(relative, options.sourceBaseUrl).href;
  return `[\`${label.replaceAll('`', "'")}\`](${href})`;
}

/** Text safe inside a table cell: no pipes or line breaks, no HTML. */
function cell(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/\r?\n/g, '<br>');
}
