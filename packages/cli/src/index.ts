export { main } from './main.js';
export type { Io } from './io.js';
export { nodeIo } from './io.js';
export type { CheckResult } from './check-result.js';
export type { Formatter, FormatterOptions } from './formatters/formatter.js';
export { formatJson } from './formatters/json.js';
export { formatStylish } from './formatters/stylish.js';
export { renderCodeFrame } from './formatters/codeframe.js';
export { findDatafiles } from './find-datafiles.js';
