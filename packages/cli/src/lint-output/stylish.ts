import { LineIndex } from '@tb-refs/core';
import { renderCodeFrame } from '../formatters/codeframe.js';
import { createColors } from '../formatters/formatter.js';
import { type Reporter, docsLink, plural, problemSummary, totalsOf } from './lint-report.js';

/**
 * The default human output, `check`'s stylish format plus lint details: every problem as a code
 * frame (header `file:line:column  severity  message  rule-id`) followed by a `docs:` line with
 * the rule's `rules/<id>.md`, then a summary line and, when some problems have safe fixes,
 * ESLint's "potentially fixable with the --fix option" line.
 */
export const stylishReporter: Reporter = (results, options) => {
  const c = createColors(options.color);
  const blocks: string[] = [];
  for (const result of results) {
    if (result.messages.length === 0) continue;
    const lines = new LineIndex(result.source);
    for (const message of result.messages) {
      const docs = docsLink(message.ruleId, options);
      const frame = renderCodeFrame(message, lines, options);
      blocks.push(docs === undefined ? frame : `${frame}\n  ${c.cyan('docs')}: ${c.underline(docs)}`);
    }
  }
  const totals = totalsOf(results);
  if (totals.errorCount + totals.warningCount === 0) {
    return `${c.green('✔')} ${plural(results.length, 'file')} linted, no problems\n`;
  }
  const summary = `✖ ${problemSummary(totals)} in ${plural(totals.filesWithProblems, 'file')}`;
  const out = [`${blocks.join('\n\n')}\n`, totals.errorCount > 0 ? c.bold(c.red(summary)) : c.bold(c.yellow(summary))];
  if (totals.fixableErrorCount + totals.fixableWarningCount > 0) {
    const fixable = `  ${plural(totals.fixableErrorCount, 'error')} and ${plural(totals.fixableWarningCount, 'warning')} potentially fixable with the \`--fix\` option.`;
    out.push(totals.errorCount > 0 ? c.red(fixable) : c.yellow(fixable));
  }
  return `${out.join('\n')}\n`;
};
