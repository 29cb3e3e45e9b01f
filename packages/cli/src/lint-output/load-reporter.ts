import type { Reporter } from './lint-report.js';

/** The `--format` choices of `tb-refs lint`. */
export type ReporterName = 'stylish' | 'json' | 'sarif' | 'github' | 'markdown';

/** Formats whose whole stdout is one machine-readable document: nothing else may be printed there. */
export const MACHINE_FORMATS: readonly ReporterName[] = ['json', 'sarif'];

/**
 * The reporter of one format, loading only its module: a run prints one format, and the others
 * are a few milliseconds of every cold start. index.ts's REPORTERS has them all (a test checks
 * both agree).
 */
export async function loadReporter(name: ReporterName): Promise<Reporter> {
  switch (name) {
    case 'stylish':
      return (await import('./stylish.js')).stylishReporter;
    case 'json':
      return (await import('./json.js')).jsonReporter;
    case 'sarif':
      return (await import('./sarif.js')).sarifReporter;
    case 'github':
      return (await import('./github.js')).githubReporter;
    case 'markdown':
      return (await import('./markdown.js')).markdownReporter;
  }
}
