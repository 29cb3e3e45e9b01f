import { readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError, UsageError, didYouMean } from '@tb-refs/core';
import { buildGraph, loadProjectAtRef, readProjectSources, type ProjectGraph, type SourceFile } from '@tb-refs/graph';
import {
  type ConfigOverride, type LintConfig, type LintResult, type RuleEntry, UNUSED_DIRECTIVE_RULE_ID, builtinRules, lintProject,
  loadConfig, severityName, validateConfig,
} from '@tb-refs/lint';
import type { ChangedFiles, DependencyIndex } from './changed-since.js';
import { DATAFILE_EXTENSIONS } from './find-datafiles.js';
import { projectRootOf } from './project-root.js';
import { shouldUseColor } from './color.js';
import type { Io } from './io.js';
import { MACHINE_FORMATS, type ReporterName, loadReporter } from './lint-output/load-reporter.js';
import { type LintFileReport, type RuleInfo, isAbsoluteUrl, plural, toFileReport, totalsOf, withoutWarnings } from './lint-output/lint-report.js';
import type { FixedFile } from './write-fixes.js';

// The modules of --cache, --changed-since, --fix and --fix-dry-run, and the reporters not asked
// for, are loaded when used: each module is a few milliseconds of every cold run.
const loadChangedSince = () => import('./changed-since.js');

// Read at run time: package.json sits one level above both src/ and dist/.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** What `tb-refs lint` was asked to do, after argument parsing. */
export interface LintRunOptions {
  /**
   * Project directories and datafiles, relative to the cwd. A datafile is linted with its whole
   * project (found upward from it), and only its own findings are reported.
   */
  readonly paths: readonly string[];
  readonly format: ReporterName;
  readonly fix: boolean;
  readonly fixDryRun: boolean;
  readonly maxWarnings: number | undefined;
  readonly quiet: boolean;
  /** Run only these rule ids (empty: every enabled rule). */
  readonly rules: readonly string[];
  readonly reportUnusedDisableDirectives: boolean;
  readonly color: boolean | undefined;
  readonly outputFile: string | undefined;
  readonly docsBaseUrl: string | undefined;
  /** A config file to use for every project instead of the one found upward (cwd-relative). */
  readonly config?: string | undefined;
  /** Reuse the results of an earlier run when nothing they depend on changed. */
  readonly cache?: boolean;
  /** Report only the files changed since this git revision and the files depending on them. */
  readonly changedSince?: string | undefined;
}

/** Ids that are not rules but appear in results: parse errors and unused directives. */
const PSEUDO_RULES: Readonly<Record<string, RuleInfo>> = {
  'parse-error': { description: 'Report datafiles that do not parse', defaultSeverity: 'error' },
  [UNUSED_DIRECTIVE_RULE_ID]: {
    description: 'Report tb-refs-disable directives that suppress nothing (--report-unused-disable-directives)',
    defaultSeverity: 'off',
    fixable: true,
  },
};

/**
 * Lints each project (a directory given, or the project found upward from a datafile given) with
 * the config found upward from it (or `--config`), keeps the results of the files to report (the
 * datafiles given, narrowed by `--changed-since`), applies or previews fixes, prints the report
 * and returns the exit code: 0 clean (warnings within `--max-warnings`), 1 errors or too many
 * warnings. Setup problems throw `UsageError`/`ConfigError` (exit 2).
 */
export async function runLint(options: LintRunOptions, io: Io): Promise<number> {
  const projects = await projectsOf(options.paths.length > 0 ? options.paths : ['.'], io.cwd);
  const selected = checkRuleIds(options.rules);
  const docsBaseUrl = options.docsBaseUrl === undefined ? undefined : checkDocsBaseUrl(options.docsBaseUrl);
  const changed = options.changedSince === undefined ? undefined : await (await loadChangedSince()).changedDatafiles(io.cwd, options.changedSince);
  const configFile = options.config === undefined ? undefined : await readConfigFile(path.resolve(io.cwd, options.config), options.config);

  const reports = new Map<string, LintFileReport>();
  const fixed: FixedFile[] = [];
  for (const [root, given] of projects) {
    const sources = await readProjectSources(root);
    const originals = new Map(sources.map((f) => [f.path, f]));
    const config = restrictRules(configFile ?? (await loadConfig(root)), selected);
    // The graph at the base too: a change can unlink files whose findings then change.
    const baseIndex = changed === undefined ? undefined : (await loadChangedSince()).dependencyIndex(await loadProjectAtRef(root, changed.base));
    const { results } = await lintOneProject(root, sources, { options, config, given, changed, baseIndex }, io);
    for (const result of results) {
      const report = toFileReport(result, root, io.cwd);
      // The same file through two overlapping paths is reported once.
      if (reports.has(report.filePath)) continue;
      reports.set(report.filePath, report);
      const original = originals.get(result.filePath);
      if (result.output !== undefined && original) {
        fixed.push({ absolutePath: original.absolutePath ?? path.resolve(root, original.path), displayPath: report.filePath, before: original.source, after: result.output });
      }
    }
  }

  if (options.fixDryRun && fixed.length > 0) {
    // The diff never goes into the stream that carries a JSON or SARIF document.
    const documentOnStdout = options.outputFile === undefined && MACHINE_FORMATS.includes(options.format);
    const { unifiedDiff } = await import('./codemod-output/unified-diff.js');
    const diff = fixed.map((f) => `--- a/${f.displayPath}\n+++ b/${f.displayPath}\n${unifiedDiff(f.before, f.after)}`).join('');
    (documentOnStdout ? io.stderr : io.stdout)(`${diff}\n`);
  }
  if (options.fix && fixed.length > 0) {
    await (await import('./write-fixes.js')).writeFixes(fixed);
    io.stderr(`tb-refs: fixed ${plural(fixed.length, 'file')}: ${fixed.map((f) => f.displayPath).join(', ')}\n`);
  }

  const sorted = [...reports.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  const shown = options.quiet ? sorted.map(withoutWarnings) : sorted;
  const text = (await loadReporter(options.format))(shown, {
    cwd: io.cwd,
    color: options.format === 'stylish' && options.outputFile === undefined && shouldUseColor(options.color, io),
    rules: ruleInfos(),
    ...(docsBaseUrl === undefined ? {} : { docsBaseUrl }),
    ...sourceBaseUrl(io),
    toolVersion: version,
  });
  if (options.outputFile === undefined) io.stdout(text);
  else {
    await writeFile(path.resolve(io.cwd, options.outputFile), text).catch((error: unknown) => {
      throw new UsageError(`cannot write the report to "${options.outputFile}"`, { cause: error });
    });
  }

  const totals = totalsOf(shown);
  if (totals.errorCount > 0) return 1;
  if (options.maxWarnings !== undefined && totals.warningCount > options.maxWarnings) {
    io.stderr(`tb-refs: too many warnings (${totals.warningCount}, --max-warnings ${options.maxWarnings})\n`);
    return 1;
  }
  return 0;
}

/** The rule ids of `--rule`, checked against the built-in rules. */
function checkRuleIds(ids: readonly string[]): ReadonlySet<string> {
  const known = Object.keys(builtinRules);
  for (const id of ids) {
    if (known.includes(id)) continue;
    const hint = didYouMean(id, known);
    throw new UsageError(`--rule: unknown rule "${id}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}; rules: ${known.join(', ')}`);
  }
  return new Set(ids);
}

function checkDocsBaseUrl(url: string): string {
  if (!isAbsoluteUrl(url)) throw new UsageError(`--docs-base-url: expected an absolute URL such as https://github.com/acme/tb-refs/blob/main/, found "${url}"`);
  // Without the final slash, the last path segment would be replaced when resolving rules/<id>.md.
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * The config with only the `selected` rules running (all rules when none are selected): every
 * other rule is turned off by a last override matching every file, so no config override can
 * turn it back on; a selected rule that is off at the top level (e.g. off by default) runs as an error.
 */
export function restrictRules(config: LintConfig, selected: ReadonlySet<string>): LintConfig {
  if (selected.size === 0) return config;
  const rules: Record<string, RuleEntry> = { ...config.rules };
  const off: Record<string, RuleEntry> = {};
  for (const rule of Object.values(builtinRules)) {
    if (!selected.has(rule.id)) {
      off[rule.id] = 'off';
      continue;
    }
    const entry = rules[rule.id];
    const level = entry === undefined ? rule.meta.defaultSeverity : Array.isArray(entry) ? entry[0] : entry;
    if (severityName(level as Parameters<typeof severityName>[0]) === 'off') {
      rules[rule.id] = Array.isArray(entry) && entry.length > 1 ? ['error', entry[1] as object] : 'error';
    }
  }
  const overrides: ConfigOverride[] = [...(config.overrides ?? []), { files: ['**'], rules: off }];
  return { ...config, rules, overrides };
}

/**
 * The projects to lint, by absolute root, each with the project-relative files named on the
 * command line (undefined: the whole project was named). A datafile's project is found upward
 * from it.
 */
async function projectsOf(paths: readonly string[], cwd: string): Promise<Map<string, Set<string> | undefined>> {
  const projects = new Map<string, Set<string> | undefined>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = await stat(absolute).catch(() => undefined);
    if (info === undefined) throw new UsageError(`path "${given}" does not exist`);
    if (info.isDirectory()) {
      projects.set(absolute, undefined);
      continue;
    }
    if (!(DATAFILE_EXTENSIONS as readonly string[]).includes(path.extname(absolute).slice(1))) {
      throw new UsageError(`"${given}" is not a Tinybird datafile (expected ${DATAFILE_EXTENSIONS.map((e) => `.${e}`).join(', ')}) or a project directory`);
    }
    const root = await projectRootOf(absolute);
    const relative = path.relative(root, absolute).split(path.sep).join('/');
    if (projects.has(root) && projects.get(root) === undefined) continue;
    projects.set(root, (projects.get(root) ?? new Set<string>()).add(relative));
  }
  return projects;
}

interface ProjectRequest {
  readonly options: LintRunOptions;
  /** The effective config (after `--rule`). */
  readonly config: LintConfig;
  /** Files named on the command line; undefined for the whole project. */
  readonly given: ReadonlySet<string> | undefined;
  readonly changed: ChangedFiles | undefined;
  /** With `--changed-since`: the dependency index of the project at the base commit. */
  readonly baseIndex?: DependencyIndex | undefined;
}

/**
 * Lints one project and returns the results of the files to report: the given files (or all),
 * narrowed to the files a change affects with `--changed-since`. The whole graph is always
 * built, since findings depend on other files. With `--cache` (ignored when fixing), results of
 * every file are reused from, or stored in, the cache.
 */
async function lintOneProject(root: string, sources: readonly SourceFile[], request: ProjectRequest, io: Io): Promise<{ results: LintResult[] }> {
  const { options, config } = request;
  const reportUnusedDisableDirectives = options.reportUnusedDisableDirectives ? 'error' : 'off';
  const fixing = options.fix || options.fixDryRun;
  const wanted = async (index: () => DependencyIndex | Promise<DependencyIndex>): Promise<Set<string> | undefined> => {
    let files = request.given === undefined ? undefined : new Set(request.given);
    if (request.changed !== undefined) {
      const { filesAffectedBy } = await loadChangedSince();
      const affected = filesAffectedBy(await index(), root, request.changed);
      if (request.baseIndex !== undefined) for (const f of filesAffectedBy(request.baseIndex, root, request.changed)) affected.add(f);
      files = new Set(files === undefined ? affected : [...files].filter((f) => affected.has(f)));
    }
    return files;
  };
  const display = path.relative(io.cwd, root) || '.';

  if (options.cache && !fixing) {
    const { lintCacheDir, lintCacheFile, lintCacheKey, readLintCache, writeLintCache } = await import('./cache.js');
    const key = lintCacheKey({
      version,
      config,
      options: { reportUnusedDisableDirectives },
      files: sources.map((f) => ({ path: f.path, source: f.source })),
    });
    const file = lintCacheFile(await lintCacheDir(root, io.cwd), root);
    let entry = await readLintCache(file, key);
    debug(io, `cache ${entry === undefined ? 'miss' : 'hit'} for ${display} (${file})`);
    if (entry === undefined) {
      const graph = buildGraph(sources, root, { keepParsed: true });
      const results = lintProject(graph, config, { reportUnusedDisableDirectives });
      entry = { results, index: (await loadChangedSince()).dependencyIndex(graph) };
      const failure = await writeLintCache(file, key, entry);
      if (failure !== undefined) debug(io, `cannot write the cache: ${failure}`);
    }
    const { results, index } = entry;
    const files = await wanted(() => index);
    return { results: files === undefined ? [...results] : results.filter((r) => files.has(r.filePath)) };
  }

  const graph: ProjectGraph = buildGraph(sources, root, { keepParsed: true });
  const files = await wanted(async () => (await loadChangedSince()).dependencyIndex(graph));
  const results = lintProject(graph, config, {
    fix: fixing,
    reportUnusedDisableDirectives,
    ...(files === undefined ? {} : { files: [...files] }),
  });
  return { results };
}

/**
 * The config in `file` (`--config`): a `tb-refs.config.json`, or a `package.json` with a
 * `tb-refs` key. Its globs are relative to its folder, as when it is found by searching upward.
 */
async function readConfigFile(file: string, given: string): Promise<LintConfig> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new UsageError(`--config: cannot read "${given}"`, { cause: error });
  });
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`Config file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const isPackage = path.basename(file) === 'package.json';
  if (isPackage) {
    if (typeof value !== 'object' || value === null || !('tb-refs' in value)) throw new ConfigError(`${file} has no "tb-refs" key`);
    value = (value as Record<string, unknown>)['tb-refs'];
  }
  const config = validateConfig(value, isPackage ? `${file} ("tb-refs" key)` : file, builtinRules);
  return { ...config, filePath: file, basePath: path.dirname(file) };
}

/** A line on stderr when TB_REFS_DEBUG is set. */
function debug(io: Io, message: string): void {
  if (io.env.TB_REFS_DEBUG) io.stderr(`tb-refs: debug: ${message}\n`);
}

function ruleInfos(): Record<string, RuleInfo> {
  const infos: Record<string, RuleInfo> = { ...PSEUDO_RULES };
  for (const rule of Object.values(builtinRules)) {
    infos[rule.id] = {
      description: rule.meta.description,
      defaultSeverity: rule.meta.defaultSeverity,
      ...(rule.meta.docsUrl === undefined ? {} : { docsUrl: rule.meta.docsUrl }),
      fixable: rule.meta.fixable,
    };
  }
  return infos;
}

/**
 * In GitHub Actions, a base URL for source links in the Markdown report: the commit's blob URL
 * plus the cwd's place in the checkout, so `file:line` links open the right lines.
 */
function sourceBaseUrl(io: Io): { sourceBaseUrl?: string } {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha, GITHUB_WORKSPACE: workspace } = io.env;
  if (!server || !repo || !sha || !workspace) return {};
  const offset = path.relative(workspace, io.cwd).split(path.sep).join('/');
  if (offset.startsWith('..') || path.isAbsolute(offset)) return {};
  return { sourceBaseUrl: `${server}/${repo}/blob/${sha}/${offset === '' ? '' : `${offset}/`}` };
}
