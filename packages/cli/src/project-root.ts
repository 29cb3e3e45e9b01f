import { stat } from 'node:fs/promises';
import path from 'node:path';

/** Folder names of the classic and Forward layouts (as in @tb-refs/graph's findProjectRoots). */
const LAYOUT_FOLDERS = ['datasources', 'pipes', 'endpoints', 'materializations', 'copies', 'sinks', 'connections'];

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() === true;
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() === true;
}

/**
 * The Tinybird project a datafile belongs to: the nearest folder above it (its own folder
 * included) that holds a layout folder such as `datasources/` or `pipes/`, or a
 * `tb-refs.config.json`; a `vendor/<workspace>/` folder is part of the project above it. The
 * search stops at the repository's top (a folder holding `.git`); without a match, the file's
 * own folder. `file` is absolute.
 */
export async function projectRootOf(file: string): Promise<string> {
  const start = path.dirname(file);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const vendored = path.basename(path.dirname(dir)) === 'vendor';
    if (!vendored) {
      if (await isFile(path.join(dir, 'tb-refs.config.json'))) return dir;
      for (const folder of LAYOUT_FOLDERS) if (await isDirectory(path.join(dir, folder))) return dir;
    }
    if (path.dirname(dir) === dir || (await stat(path.join(dir, '.git')).catch(() => undefined)) !== undefined) return start;
  }
}
