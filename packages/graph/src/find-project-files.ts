import { globGitignored } from './gitignore-filter.js';

/** Extensions of files the Tinybird CLI reads as datafiles. */
export const DATAFILE_GLOB = '**/*.{datasource,pipe,incl}';

/**
 * Datafiles under `root`, project-relative and sorted: nested folders, classic and Forward
 * layouts, `.gitignore` respected, `node_modules` and hidden folders skipped (the CLI's own
 * `.diff`/`.tmp` scratch folders are hidden).
 */
export async function findProjectFiles(root: string, ignore: readonly string[] = []): Promise<string[]> {
  // Synchronous: an async walk costs one promise and thread-pool round trip per directory entry,
  // ~45 ms more on a 427-file project in a cold process.
  const files = globGitignored(DATAFILE_GLOB, root, {
    ignore: ['**/node_modules/**', ...ignore],
    followSymbolicLinks: false,
  });
  return files.sort();
}
