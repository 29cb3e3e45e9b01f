import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '@tb-refs/core';

/** File extensions of Tinybird datafiles, without the dot. */
export const DATAFILE_EXTENSIONS = ['datasource', 'pipe', 'incl'] as const;

const DATAFILE_GLOB = `**/*.{${DATAFILE_EXTENSIONS.join(',')}}`;

/**
 * The datafiles under `paths` (directories or single files, relative to `cwd`), as cwd-relative
 * '/'-separated paths in a stable order. Directories are searched recursively, honouring
 * .gitignore and skipping node_modules; a file named explicitly is always included, as ESLint does.
 * Throws a `UsageError` for a missing path, a non-datafile, or when nothing is found.
 */
export async function findDatafiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stats = await stat(absolute).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`path "${given}" does not exist`);
      throw new UsageError(`path "${given}" cannot be read`, { cause: error });
    });
    if (stats.isDirectory()) {
      // Globbing from the directory itself keeps .gitignore lookup (and glob escaping) local to it.
      // globGitignored gives globby's `gitignore: true` results with one walk and no per-file stat.
      const { globGitignored } = await import('@tb-refs/graph');
      const files = globGitignored(DATAFILE_GLOB, absolute, { ignore: ['**/node_modules/**'], followSymbolicLinks: true });
      // Root-relative '/'-paths: one prefix for the folder instead of path work per file.
      const folder = toRelative(cwd, absolute);
      for (const file of files) found.add(folder === '' ? file : `${folder}/${file}`);
    } else if (isDatafile(absolute)) {
      found.add(toRelative(cwd, absolute));
    } else {
      throw new UsageError(
        `"${given}" is not a Tinybird datafile (expected ${DATAFILE_EXTENSIONS.map((e) => `.${e}`).join(', ')})`,
      );
    }
  }
  if (found.size === 0) {
    throw new UsageError(
      `no Tinybird datafiles (${DATAFILE_EXTENSIONS.map((e) => `*.${e}`).join(', ')}) found in ${paths.map((p) => `"${p}"`).join(', ')}`,
    );
  }
  // Code-unit order, not localeCompare, so output is identical on every machine.
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isDatafile(file: string): boolean {
  const extension = path.extname(file).slice(1);
  return (DATAFILE_EXTENSIONS as readonly string[]).includes(extension);
}

function toRelative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
