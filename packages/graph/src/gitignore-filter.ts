import { lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@tb-refs/core';
import { globbySync } from 'globby';
import ignore from 'ignore';
import { applyBaseToPattern, readIgnoreFileLines } from './gitignore-rules.js';

// Not `**/.gitignore`: globby rewrites a `**/name` glob without a wildcard or extension into
// `**/name/**`, which also returns the files inside a folder named .gitignore.
const GITIGNORE_GLOB = '**/.gitignor[e]';

// globby never looks for .gitignore files inside these folders (its `defaultIgnoredDirectories`),
// though it still returns the other files in them; skipping them keeps the same results.
const UNSEARCHED_DIRS = new Set(['node_modules', 'flow-typed', 'coverage', '.git']);

/** Options of {@link globGitignored}. */
export interface GitignoredGlobOptions {
  /** Globs of paths to leave out, relative to the root (globby's `ignore`). */
  readonly ignore?: readonly string[];
  /** @default false */
  readonly followSymbolicLinks?: boolean;
}

/**
 * The files under `root` matching `patterns` (globs without a `.gitignore` file among their
 * matches) that the .gitignore files do not exclude, root-relative with '/' separators, in walk
 * order. Hidden folders are not searched. Gives the same files as globby's
 * `globbySync(patterns, { cwd: root, gitignore: true, dot: false, ... })`: .gitignore files from
 * the git root (the nearest folder upward holding `.git`) down to `root` apply, and those inside.
 *
 * One directory walk finds the files and the .gitignore files together, and each file is tested
 * by its path string alone: globby walks a second time for the .gitignore files and resolves,
 * relativizes and stats every result, which made up most of a cold `lint`'s file search.
 */
export function globGitignored(
  patterns: string | readonly string[],
  root: string,
  options: GitignoredGlobOptions = {},
): string[] {
  const followSymbolicLinks = options.followSymbolicLinks ?? false;
  const userIgnore = [...(options.ignore ?? [])];
  const walk = (globs: string[], ignored: string[]): string[] => {
    try {
      return globbySync(globs, { cwd: root, gitignore: false, ignore: ignored, dot: false, followSymbolicLinks });
    } catch (error) {
      throw unreadable(error);
    }
  };
  const found = walk([...(typeof patterns === 'string' ? [patterns] : patterns), GITIGNORE_GLOB], userIgnore);
  const files: string[] = [];
  let gitignores: string[] = [];
  for (const file of found) (isGitignore(file) ? gitignores : files).push(file);
  // globby lets no `ignore` glob hide a .gitignore file; such globs (`*`, `a/*`) are rare enough
  // to pay for a second walk without them.
  const hiding = userIgnore.filter(couldHideGitignore);
  if (hiding.length > 0) {
    gitignores = walk([GITIGNORE_GLOB], userIgnore.filter((glob) => !hiding.includes(glob)));
  }
  const isIgnored = createGitignoreFilter(root, gitignores, followSymbolicLinks);
  return isIgnored === undefined ? files : files.filter((file) => !isIgnored(file));
}

/**
 * A predicate telling whether a root-relative '/'-path is excluded by the .gitignore files from
 * the git root down to `root` and by `inTree` (root-relative paths of .gitignore files, parents
 * before children); undefined when there are no rules at all.
 */
export function createGitignoreFilter(
  root: string,
  inTree: readonly string[],
  followSymbolicLinks = false,
): ((file: string) => boolean) | undefined {
  const absRoot = path.resolve(root);
  const gitRoot = findGitRoot(absRoot);
  // Rules are rebased to the git root (or `root` without one), as globby does.
  const rootFromBase = gitRoot === undefined ? '' : toPosix(path.relative(gitRoot, absRoot));
  const prefix = rootFromBase === '' ? '' : `${rootFromBase}/`;
  const rules: string[] = [];
  const addRules = (content: string, base: string): void => {
    for (const line of readIgnoreFileLines(content)) rules.push(applyBaseToPattern(line, base));
  };
  if (gitRoot !== undefined) {
    for (const dir of directoriesBetween(gitRoot, absRoot)) {
      const content = readParentIgnoreFile(path.join(dir, '.gitignore'), followSymbolicLinks);
      if (content !== undefined) addRules(content, toPosix(path.relative(gitRoot, dir)));
    }
  }
  // The root's own file first, as globby reads it before searching below it.
  const ordered = inTree.includes('.gitignore') ? ['.gitignore', ...inTree.filter((f) => f !== '.gitignore')] : inTree;
  for (const file of ordered) {
    const dir = file.slice(0, -'.gitignore'.length - 1);
    if (dir !== '' && dir.split('/').some((segment) => UNSEARCHED_DIRS.has(segment))) continue;
    const content = readIgnoreFile(path.join(absRoot, file));
    if (content !== undefined) addRules(content, dir === '' ? rootFromBase : prefix + dir);
  }
  if (rules.length === 0) return undefined;
  const matcher = ignore().add(rules);
  // globby slashes every path before matching, so a backslash in a name counts as a separator.
  return (file) => matcher.ignores(prefix + (file.includes('\\') ? file.replace(/\\/g, '/') : file));
}

/** The nearest folder at or above `dir` holding a `.git` folder or file (a worktree), as globby finds it. */
export function findGitRoot(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      const stats = statSync(path.join(current, '.git'), { throwIfNoEntry: false });
      if (stats?.isDirectory() || stats?.isFile()) return current;
    } catch {
      // An unreadable folder on the way up is not a git root; keep looking, as globby does.
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** `from`, then each folder below it down to the parent of `to` (`to` lies inside `from`). */
function directoriesBetween(from: string, to: string): string[] {
  const dirs: string[] = [];
  for (let dir = to; dir !== from; ) {
    dir = path.dirname(dir);
    dirs.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  return dirs.reverse();
}

function isGitignore(file: string): boolean {
  return file === '.gitignore' || file.endsWith('/.gitignore');
}

/** Whether an `ignore` glob could name a .gitignore file (globby's check, kept conservative). */
function couldHideGitignore(glob: string): boolean {
  const name = glob.replace(/\/\*\*$/u, '').replace(/\/+$/u, '').split('/').pop();
  if (!name || /[(){}|\\]/u.test(name)) return true;
  return ignore().add(name.replace(/^([#!])/u, '\\$1')).ignores('.gitignore');
}

/**
 * A .gitignore above the root. globby only reads the ones its glob finds, so a folder or (when
 * not following links) a symbolic link named .gitignore is skipped.
 */
function readParentIgnoreFile(file: string, followSymbolicLinks: boolean): string | undefined {
  let isFile: boolean;
  try {
    isFile = (followSymbolicLinks ? statSync(file) : lstatSync(file)).isFile();
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw readError(file, error);
  }
  return isFile ? readIgnoreFile(file) : undefined;
}

function readIgnoreFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw readError(file, error);
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

// globby's wording, plus what to do: the file is there but cannot be read, which is the
// machine's problem, not a bug (a UsageError prints one line, not a stack trace).
function readError(file: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new UsageError(`Failed to read ignore file at ${file}: ${reason}. Make it readable, or remove it.`, { cause: error });
}

/** A folder the walk cannot open (EACCES, EPERM, ELOOP…) as a UsageError; anything else unchanged. */
function unreadable(error: unknown): unknown {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || typeof e.path !== 'string') return error;
  return new UsageError(`Cannot read ${e.path} (${e.code}) while looking for datafiles. Make it readable, or leave it out with an ignore pattern.`, { cause: error });
}

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}
