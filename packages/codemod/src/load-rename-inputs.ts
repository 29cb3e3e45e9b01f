import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@tb-refs/core';
import { globGitignored } from '@tb-refs/graph';
import { globby } from 'globby';
import type { CompanionText } from './companions/companion-files.js';
import type { TypeScriptSource } from './typescript/rename-in-typescript.js';

/** Options of {@link loadRenameInputs}. */
export interface LoadRenameInputsOptions {
  /** Names whose mention makes a text file worth reading in full. */
  readonly names: readonly string[];
  /**
   * Where the TypeScript lives: globs and/or `tsconfig*.json` paths, relative to `cwd`. Undefined
   * means automatic (every TS/JS file of the repository when a `tsconfig.json` or `package.json`
   * sits at its root); `false` turns TypeScript off.
   */
  readonly typescript?: readonly string[] | false;
  /** @default process.cwd() */
  readonly cwd?: string;
}

/** The non-datafile inputs of a rename, read from disk. */
export interface RenameInputs {
  readonly companionTexts: CompanionText[];
  readonly companionPaths: string[];
  readonly typescript: TypeScriptSource[];
  /** How many TypeScript/JavaScript files were considered (before the name filter). */
  readonly typescriptScanned: number;
}

const SCRIPT_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const SCRIPT_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIP = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.min.js'];
const MAX_SCRIPT_CHARS = 2_000_000;

/**
 * Reads what `renameResource` needs beyond the graph: the project's fixture and test paths, the
 * test files that mention a name, and the TypeScript files that mention one. Files are read with
 * `fs` and filtered on their text, so only files that can change are handed to ts-morph.
 */
export async function loadRenameInputs(root: string, options: LoadRenameInputsOptions): Promise<RenameInputs> {
  const cwd = options.cwd ?? process.cwd();
  const absRoot = path.resolve(cwd, root);
  const mentions = (text: string): boolean => options.names.some((n) => text.includes(n));
  const companionPaths = companionFiles(absRoot);
  const companionTexts: CompanionText[] = [];
  for (const p of companionPaths) {
    if (!/\.(ya?ml|test)$/i.test(p)) continue;
    const absolutePath = path.join(absRoot, p);
    const source = readFileSync(absolutePath, 'utf8');
    if (mentions(source)) companionTexts.push({ path: p, absolutePath, source });
  }
  const scripts = options.typescript === false ? [] : await scriptFiles(absRoot, options.typescript, cwd);
  const typescript: TypeScriptSource[] = [];
  const inProject = new Set(companionPaths.map((p) => path.join(absRoot, p)));
  // Reading synchronously is several times faster than fs/promises for thousands of small files.
  for (const absolutePath of scripts) {
    if (inProject.has(absolutePath)) continue;
    const source = readFileSync(absolutePath, 'utf8');
    if (source.length > MAX_SCRIPT_CHARS || !mentions(source)) continue;
    typescript.push({ path: path.relative(absRoot, absolutePath).split(path.sep).join('/'), absolutePath, source });
  }
  return { companionTexts, companionPaths, typescript, typescriptScanned: scripts.length };
}

/**
 * Project-relative paths of the files in `tests/` and `fixtures/` folders under `root` (any
 * depth; hidden folders and node_modules skipped), sorted.
 */
function companionFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, inside: boolean): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child, inside || e.name === 'tests' || e.name === 'fixtures');
      else if (inside && e.isFile()) out.push(child);
    }
  };
  walk('', false);
  return out.sort();
}

/** Absolute paths of the TypeScript/JavaScript files to consider, sorted. */
async function scriptFiles(absRoot: string, given: readonly string[] | undefined, cwd: string): Promise<string[]> {
  const found = new Set<string>();
  if (given === undefined || given.length === 0) {
    const repo = repositoryRoot(absRoot);
    if (repo === undefined) return [];
    // globby's `gitignore: true` results from one walk, without its per-file path work and stat.
    for (const f of globGitignored(SCRIPT_GLOB, repo, { ignore: SKIP, followSymbolicLinks: true })) found.add(path.join(repo, f));
    return [...found].sort();
  }
  for (const entry of given) {
    const abs = path.resolve(cwd, entry);
    if (/\.json$/i.test(entry) && existsSync(abs)) {
      for (const f of await tsconfigFiles(abs)) found.add(path.normalize(f));
      continue;
    }
    // An explicit glob is taken as given (no .gitignore filtering), apart from node_modules.
    const matched = await globby(entry.split(path.sep).join('/'), { cwd, absolute: true, ignore: ['**/node_modules/**'], dot: false });
    const scripts = matched.filter((f) => SCRIPT_FILE.test(f));
    if (scripts.length === 0) throw new UsageError(`--ts "${entry}" matches no TypeScript or JavaScript files (globs are relative to ${cwd}).`);
    for (const f of scripts) found.add(path.normalize(f));
  }
  return [...found].sort();
}

/**
 * The repository a project lives in, when it looks like a JS/TS one: the nearest folder upward
 * with `.git`, else with a `package.json` or `tsconfig.json`; undefined when that folder has
 * neither a `package.json` nor a `tsconfig.json`.
 */
export function repositoryRoot(start: string): string | undefined {
  const isJs = (dir: string): boolean => existsSync(path.join(dir, 'package.json')) || existsSync(path.join(dir, 'tsconfig.json'));
  let firstJs: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return isJs(dir) ? dir : undefined;
    if (firstJs === undefined && isJs(dir)) firstJs = dir;
    if (path.dirname(dir) === dir) return firstJs;
  }
}

/** The files a tsconfig includes (following `references`), read with the TypeScript API. */
async function tsconfigFiles(configPath: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(configPath)) return [];
  seen.add(configPath);
  const { ts } = await import('ts-morph');
  const host: import('ts-morph').ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new UsageError(`Cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { allowJs: true }, host);
  if (!parsed) return [];
  const files = parsed.fileNames.filter((f) => SCRIPT_FILE.test(f) && !/\.d\.[cm]?ts$/.test(f));
  for (const ref of parsed.projectReferences ?? []) {
    const refPath = ts.resolveProjectReferencePath(ref);
    files.push(...(await tsconfigFiles(path.resolve(refPath), seen)));
  }
  return files;
}
