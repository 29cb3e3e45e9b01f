import type { Formatter } from './formatter.js';

/**
 * ESLint-like JSON: one `{ filePath, messages, errorCount, warningCount }` per checked file,
 * including clean ones. The source text is left out to keep the output small.
 */
export const formatJson: Formatter = (results) => {
  const output = results.map(({ filePath, messages, errorCount, warningCount }) => ({
    filePath,
    messages,
    errorCount,
    warningCount,
  }));
  return `${JSON.stringify(output, null, 2)}\n`;
};
