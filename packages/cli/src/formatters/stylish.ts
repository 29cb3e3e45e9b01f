import { LineIndex } from '@tb-refs/core';
import { countProblems } from '../check-result.js';
import { renderCodeFrame } from './codeframe.js';
import { type Formatter, createColors, plural } from './formatter.js';

/**
 * The default human output: every problem as a code frame, grouped by file (results arrive
 * sorted), then a one-line summary such as `✖ 3 problems (2 errors, 1 warning) in 2 files`.
 */
export const formatStylish: Formatter = (results, options) => {
  const c = createColors(options.color);
  const blocks: string[] = [];
  for (const result of results) {
    if (result.messages.length === 0) continue;
    const lines = new LineIndex(result.source);
    for (const message of result.messages) blocks.push(renderCodeFrame(message, lines, options));
  }
  const { errorCount, warningCount, filesWithProblems } = countProblems(results);
  const problems = errorCount + warningCount;
  if (problems === 0) {
    return `${c.green('✔')} ${plural(results.length, 'file')} checked, no problems\n`;
  }
  const summary =
    `✖ ${plural(problems, 'problem')} (${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')})` +
    ` in ${plural(filesWithProblems, 'file')}`;
  const painted = errorCount > 0 ? c.bold(c.red(summary)) : c.bold(c.yellow(summary));
  return `${blocks.join('\n\n')}\n\n${painted}\n`;
};
