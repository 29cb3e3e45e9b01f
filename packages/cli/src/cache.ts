import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LintResult } from '@tb-refs/lint';
import type { DependencyIndex } from './changed-since.js';

/** Bumped when the cache file's shape or what goes into the key changes. */
const CACHE_FORMAT = 1;

/** What `tb-refs lint --cache` keeps per project: the lint results of every file, and the dependency index. */
export interface LintCacheEntry {
  readonly results: readonly LintResult[];
  readonly index: DependencyIndex;
}

interface CacheFile extends LintCacheEntry {
  readonly format: number;
  readonly key: string;
}

/** What a project's lint results depend on. */
export interface LintCacheKeyInput {
  /** tb-refs' version: rules change between versions. */
  readonly version: string;
  /** The effective config, as JSON (rules, overrides, ignores, settings, where it was read from). */
  readonly config: unknown;
  /** Options that change the results (`--rule`, `--report-unused-disable-directives`). */
  readonly options: unknown;
  /** Every datafile of the project: project-relative path and text. Any change invalidates. */
  readonly files: readonly { readonly path: string; readonly source: string }[];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The cache key: a hash over the version, the config, the options and the path and content hash
 * of every datafile of the project (a finding in one file can depend on any other file through
 * the graph, so the whole project is one entry).
 */
export function lintCacheKey(input: LintCacheKeyInput): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: CACHE_FORMAT, version: input.version, config: input.config, options: input.options }));
  for (const f of [...input.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`\0${f.path}\0${sha256(f.source)}`);
  }
  return hash.digest('hex');
}

/**
 * The cache folder: `node_modules/.cache/tb-refs` in the nearest folder at or above the project
 * that holds a `node_modules` folder, else under the working directory.
 */
export async function lintCacheDir(projectRoot: string, cwd: string): Promise<string> {
  for (let dir = path.resolve(projectRoot); ; dir = path.dirname(dir)) {
    if ((await stat(path.join(dir, 'node_modules')).catch(() => undefined))?.isDirectory()) {
      return path.join(dir, 'node_modules', '.cache', 'tb-refs');
    }
    if (path.dirname(dir) === dir) return path.join(path.resolve(cwd), 'node_modules', '.cache', 'tb-refs');
  }
}

/** The cache file of one project: one entry per project directory, replaced on each miss. */
export function lintCacheFile(cacheDir: string, projectRoot: string): string {
  return path.join(cacheDir, `lint-${sha256(path.resolve(projectRoot)).slice(0, 16)}.json`);
}

/** The cached entry when the file holds one for `key`; undefined when absent, stale or unreadable. */
export async function readLintCache(file: string, key: string): Promise<LintCacheEntry | undefined> {
  let parsed: Partial<CacheFile>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile>;
  } catch {
    return undefined;
  }
  if (parsed.format !== CACHE_FORMAT || parsed.key !== key || !Array.isArray(parsed.results) || parsed.index === undefined) return undefined;
  return { results: parsed.results, index: parsed.index };
}

/**
 * Stores an entry, atomically (temp file + rename) so a concurrent run never reads half a file.
 * A cache that cannot be written is not an error: the result is returned as an error message
 * for the debug log, undefined on success.
 */
export async function writeLintCache(file: string, key: string, entry: LintCacheEntry): Promise<string | undefined> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const data: CacheFile = { format: CACHE_FORMAT, key, results: entry.results, index: entry.index };
    await writeFile(temp, JSON.stringify(data));
    await rename(temp, file);
    return undefined;
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    return (error as Error).message;
  }
}
