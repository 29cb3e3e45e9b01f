import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { findProjectFiles } from './find-project-files.js';

/** Folder names of the classic and Forward layouts (datafile-format.md §5.2). */
const LAYOUT_FOLDERS = ['datasources', 'pipes', 'endpoints', 'materializations', 'copies', 'sinks', 'connections'];

function hasLayoutFolder(dir: string): boolean {
  return LAYOUT_FOLDERS.some((f) => {
    const p = path.join(dir, f);
    return existsSync(p) && statSync(p).isDirectory();
  });
}

/**
 * The Tinybird projects under `dir` (relative paths, '.' for `dir` itself): for each datafile,
 * the outermost ancestor folder that holds a layout folder such as `datasources/` or `pipes/`,
 * else the file's own folder. A repository with several example projects yields several roots.
 */
export async function findProjectRoots(dir: string): Promise<string[]> {
  const roots = new Set<string>();
  const cache = new Map<string, boolean>();
  const isRoot = (rel: string): boolean => {
    let v = cache.get(rel);
    if (v === undefined) cache.set(rel, (v = hasLayoutFolder(path.join(dir, rel))));
    return v;
  };
  for (const file of await findProjectFiles(dir)) {
    const parts = path.posix.dirname(file).split('/').filter((p) => p !== '.');
    let root: string | undefined;
    for (let i = 0; i <= parts.length && root === undefined; i++) {
      const rel = parts.slice(0, i).join('/') || '.';
      if (isRoot(rel)) root = rel;
    }
    roots.add(root ?? (parts.join('/') || '.'));
  }
  return [...roots].sort();
}
