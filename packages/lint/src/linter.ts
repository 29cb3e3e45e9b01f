import path from 'node:path';
import { type Diagnostic, InternalError, compareDiagnostics } from '@tb-refs/core';
import { buildGraph, type ProjectFile, type ProjectGraph } from '@tb-refs/graph';
import { MAX_FIX_PASSES, applyFixes } from './apply-fixes.js';
import { type EffectiveRuleSetting, type LintConfig, ruleSettingsFor, settingsOf } from './config.js';
import { applyDisableDirectives, parseDisableDirectives } from './disable-directives.js';
import { isIgnoredPath, matchesGlob } from './glob.js';
import { translateReport } from './report-translator.js';
import type { ParsedDatafile } from '@tb-refs/parser';
import type { AnyRule, LintSettings, ReportDescriptor, RuleContext, VisitedNodes } from './rule.js';
import { builtinRules } from './rules/index.js';
import { type VisitKey, traverse } from './traverse.js';
import { validateConfig } from './validate-config.js';

/** Options of {@link lintProject}. */
export interface LintOptions {
  /** Project-relative paths to lint; the rest of the project is still read. @default every file */
  readonly files?: readonly string[];
  /** The rules that can run. @default builtinRules */
  readonly rules?: Readonly<Record<string, AnyRule>>;
  /** Apply safe fixes in up to {@link MAX_FIX_PASSES} passes and return the new text as `output`. */
  readonly fix?: boolean;
  /** Report disable directives that suppress nothing. @default 'off' */
  readonly reportUnusedDisableDirectives?: 'off' | 'warn' | 'error';
}

/** The lint result of one file (ESLint's `LintResult`). */
export interface LintResult {
  /** Project-relative, '/'-separated. */
  readonly filePath: string;
  /** Sorted by line, column, rule id. */
  readonly messages: readonly Diagnostic[];
  /** Diagnostics an inline directive suppressed. */
  readonly suppressedMessages: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
  readonly fixableCount: number;
  /** The text that was linted (after fixes, when fixing). */
  readonly source: string;
  /** With `fix`: the fixed text, when it differs from the file on disk. */
  readonly output?: string;
}

/**
 * Lints the files of a project with the enabled rules and returns one result per linted file,
 * sorted by path. Parse diagnostics are included. Never writes: with `fix`, the new text is in
 * `output`. Throws `ConfigError` for an invalid config and `InternalError` (naming rule and
 * file) when a rule crashes.
 *
 * @example
 * const results = lintProject(await loadProject('tinybird', { keepParsed: true }), await loadConfig('tinybird'));
 */
export function lintProject(graph: ProjectGraph, config: LintConfig, options: LintOptions = {}): LintResult[] {
  // Configs built in code (CLI flags, tests) get the same checks as config files.
  const { filePath, basePath, ...written } = config;
  void basePath;
  validateConfig(written, filePath ?? 'the lint configuration', options.rules ?? builtinRules);
  let current = graph;
  let results = lintOnce(current, config, options);
  if (!options.fix) return results;
  const original = new Map(graph.files.map((f) => [f.path, f.source]));
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixed = new Map<string, string>();
    for (const r of results) {
      const { output, fixed: changed } = applyFixes(r.source, r.messages);
      if (changed) fixed.set(r.filePath, output);
    }
    if (fixed.size === 0) break;
    current = buildGraph(current.files.map((f) => ({ path: f.path, absolutePath: f.absolutePath, source: fixed.get(f.path) ?? f.source })), current.root, { keepParsed: true });
    results = lintOnce(current, config, options);
  }
  return results.map((r) => (r.source === original.get(r.filePath) ? r : { ...r, output: r.source }));
}

function lintOnce(graph: ProjectGraph, config: LintConfig, options: LintOptions): LintResult[] {
  const rules = options.rules ?? builtinRules;
  const settings = settingsOf(config);
  const wanted = options.files ? new Set(options.files) : undefined;
  const byPath = new Map(graph.files.map((f) => [f.path, f]));
  const root = path.resolve(graph.root);
  const results: LintResult[] = [];
  const settingsCache = new Map<string, Map<string, EffectiveRuleSetting>>();
  const knownRules = Object.values(rules).map((r) => r.id);
  for (const file of [...graph.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (wanted && !wanted.has(file.path)) continue;
    // Config globs are relative to the config file's folder, which may be above the project.
    const configPath = config.basePath ? path.relative(config.basePath, path.resolve(root, file.path)).split(path.sep).join('/') : file.path;
    if (config.ignores && isIgnoredPath(configPath, config.ignores)) continue;
    // Files matching the same overrides share their rule settings.
    const key = (config.overrides ?? []).map((o, i) => (o.files.some((g) => matchesGlob(configPath, g)) ? i : '')).join(',');
    const ruleSettings = settingsCache.get(key) ?? settingsCache.set(key, ruleSettingsFor(config, configPath, rules)).get(key)!;
    const found = runRules(file, graph, rules, ruleSettings, settings, byPath);
    const directives = parseDisableDirectives(file.source, file.parsed.lineIndex);
    const { messages, suppressed } = applyDisableDirectives([...file.parsed.diagnostics, ...found], directives, {
      reportUnused: options.reportUnusedDisableDirectives ?? 'off',
      knownRules,
      file: file.path,
      lines: file.parsed.lineIndex,
    });
    results.push(summarize(file, messages.sort(compareFully), suppressed.sort(compareFully)));
  }
  return results;
}

/**
 * Runs every enabled rule on one file in a single traversal and returns their diagnostics.
 * Exported for tests (the graph-access meta-test); `lintProject` is the public entry.
 */
export function runRules(
  file: ProjectFile, graph: ProjectGraph, rules: Readonly<Record<string, AnyRule>>,
  ruleSettings: ReadonlyMap<string, EffectiveRuleSetting>, settings: LintSettings,
  byPath: ReadonlyMap<string, ProjectFile> = new Map(graph.files.map((f) => [f.path, f])),
): Diagnostic[] {
  const found: Diagnostic[] = [];
  const listeners = new Map<VisitKey, { rule: AnyRule; fn: (node: never) => void }[]>();
  for (const rule of Object.values(rules)) {
    const setting = ruleSettings.get(rule.id);
    if (!setting || setting.severity === 'off') continue;
    const severity = setting.severity === 'warn' ? 'warning' : 'error';
    const report = (descriptor: ReportDescriptor<string>): void => {
      found.push(translateReport(descriptor, {
        rule, severity, file: file.path, source: file.source, lines: file.parsed.lineIndex,
        linesOf: (p) => byPath.get(p)?.parsed.lineIndex,
      }));
    };
    const context = new FileRuleContext(rule, file, graph, setting.options, settings, report);
    const listener = guard(rule, file, () => rule.create(context));
    for (const key in listener) {
      const fn = listener[key as VisitKey];
      if (typeof fn !== 'function') continue;
      (listeners.get(key as VisitKey) ?? listeners.set(key as VisitKey, []).get(key as VisitKey)!).push({ rule, fn: fn as (node: never) => void });
    }
  }
  if (listeners.size === 0) return found;
  traverse(file.parsed, (key, node) => {
    const called = listeners.get(key);
    if (called === undefined) return;
    // A loop rather than guard(): a closure per node and rule is a measurable share of linting.
    for (const { rule, fn } of called) {
      try {
        fn(node as VisitedNodes[keyof VisitedNodes] as never);
      } catch (cause) {
        throw crashed(rule, file, cause);
      }
    }
  });
  return found;
}

/**
 * What a rule sees of one file. A class rather than an object literal with a getter: those are
 * built slowly, and there is one per rule and file.
 */
class FileRuleContext implements RuleContext<string, object> {
  readonly id: string;
  readonly file: ProjectFile;
  readonly parsed: ParsedDatafile;
  readonly options: object;
  readonly settings: LintSettings;
  readonly report: (descriptor: ReportDescriptor<string>) => void;
  readonly #rule: AnyRule;
  readonly #graph: ProjectGraph;

  constructor(
    rule: AnyRule, file: ProjectFile, graph: ProjectGraph, options: object, settings: LintSettings,
    report: (descriptor: ReportDescriptor<string>) => void,
  ) {
    this.id = rule.id;
    this.file = file;
    this.parsed = file.parsed;
    this.options = options;
    this.settings = settings;
    this.report = report;
    this.#rule = rule;
    this.#graph = graph;
  }

  get graph(): ProjectGraph {
    // The meta-test's contract, enforced at run time: file rules must not see the project.
    if (this.#rule.meta.scope !== 'project') throw new InternalError(`rule "${this.#rule.id}" has scope "file" but read context.graph; declare scope "project"`);
    return this.#graph;
  }
}

function guard<T>(rule: AnyRule, file: ProjectFile, run: () => T): T {
  try {
    return run();
  } catch (cause) {
    throw crashed(rule, file, cause);
  }
}

function crashed(rule: AnyRule, file: ProjectFile, cause: unknown): InternalError {
  return new InternalError(`rule "${rule.id}" crashed on ${file.path}: ${(cause as Error).message ?? String(cause)}`, { cause });
}

/** `compareDiagnostics`, then end position and message, so equal starts still sort stably. */
function compareFully(a: Diagnostic, b: Diagnostic): number {
  return compareDiagnostics(a, b) || a.endLine - b.endLine || a.endColumn - b.endColumn || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

function summarize(file: ProjectFile, messages: Diagnostic[], suppressed: Diagnostic[]): LintResult {
  let errorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const m of messages) {
    if (m.severity === 'error') {
      errorCount++;
      if (m.fix) fixableErrorCount++;
    } else {
      warningCount++;
      if (m.fix) fixableWarningCount++;
    }
  }
  return {
    filePath: file.path, messages, suppressedMessages: suppressed, errorCount, warningCount,
    fixableErrorCount, fixableWarningCount, fixableCount: fixableErrorCount + fixableWarningCount,
    source: file.source,
  };
}
