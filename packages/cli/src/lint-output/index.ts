import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import type { Reporter } from './lint-report.js';
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
} as const satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;

/** Formats whose whole stdout is one machine-readable document: nothing else may be printed there. */
export const MACHINE_FORMATS: readonly ReporterName[] = ['json', 'sarif'];

export type { LintFileReport, Reporter, ReporterOptions, RuleInfo } from './lint-report.js';
export { githubReporter, jsonReporter, markdownReporter, sarifReporter, stylishReporter };
