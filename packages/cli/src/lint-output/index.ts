import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import type { Reporter } from './lint-report.js';
import type { ReporterName } from './load-reporter.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { stylishReporter } from './stylish.js';

/** The `--format` choices of `tb-refs lint`, by name. */
export const REPORTERS = {
  stylish: stylishReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  markdown: markdownReporter,
} as const satisfies Record<ReporterName, Reporter>;

export { MACHINE_FORMATS, type ReporterName, loadReporter } from './load-reporter.js';

export type { LintFileReport, Reporter, ReporterOptions, RuleInfo } from './lint-report.js';
export { githubReporter, jsonReporter, markdownReporter, sarifReporter, stylishReporter };
