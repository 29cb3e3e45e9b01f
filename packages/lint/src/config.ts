import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@tb-refs/core';
import { matchesGlob } from './glob.js';
import type { AnyRule, LintSettings, SeverityLevel, SeverityName } from './rule.js';
import { builtinRules } from './rules/index.js';
import { validateConfig } from './validate-config.js';

/** A rule's setting in config: a severity, or `[severity, options]`. */
export type RuleEntry = SeverityLevel | readonly [SeverityLevel] | readonly [SeverityLevel, object];

/** Rule settings by rule id. */
export type RulesConfig = Readonly<Record<string, RuleEntry>>;

/** Rule settings for the files matching `files` (globs). Later overrides win. */
export interface ConfigOverride {
  readonly files: readonly string[];
  readonly rules: RulesConfig;
}

/**
 * The linter configuration, as written in `tb-refs.config.json` (or the `tb-refs` key of
 * `package.json`). Rules not listed run at their default severity.
 */
export interface LintConfig {
  readonly rules?: RulesConfig;
  readonly overrides?: readonly ConfigOverride[];
  /** Globs of files not to lint. */
  readonly ignores?: readonly string[];
  readonly settings?: Partial<LintSettings>;
  /** The file this config was read from, for messages. */
  readonly filePath?: string;
  /**
   * Absolute folder that `overrides[].files` and `ignores` are relative to: the config file's
   * folder. When unset, globs are matched against project-relative paths.
   */
  readonly basePath?: string;
}

/** Settings used when the config has none. */
export const defaultSettings: LintSettings = {
  versionColumn: 'updatedAt',
  postgresDatasources: ['members', 'organizations', 'segments', 'collections', 'insightsProjects', 'collectionsInsightsProjects'],
};

/** Every built-in rule at its default severity, with the default settings. */
export const defaultConfig: LintConfig = {
  rules: Object.fromEntries(Object.values(builtinRules).map((r) => [r.id, r.meta.defaultSeverity])),
  settings: defaultSettings,
};

/** Names of the files `loadConfig` looks for, in order, in each folder. */
export const CONFIG_FILE_NAMES = ['tb-refs.config.json', 'package.json'] as const;

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Rules that config may name. @default builtinRules */
  readonly rules?: Readonly<Record<string, AnyRule>>;
  /** Stop searching above this folder. @default the filesystem root */
  readonly stopAt?: string;
}

/**
 * Finds the configuration for a project: the nearest `tb-refs.config.json`, or `package.json`
 * with a `tb-refs` key, from `startDir` upward. Returns `defaultConfig` when there is none.
 * Throws `ConfigError` for unreadable JSON, unknown rule ids, bad severities or bad options.
 *
 * @example
 * const config = await loadConfig('tinybird');
 */
export async function loadConfig(startDir: string, options: LoadConfigOptions = {}): Promise<LintConfig> {
  const rules = options.rules ?? builtinRules;
  const stopAt = options.stopAt === undefined ? undefined : path.resolve(options.stopAt);
  let dir = path.resolve(startDir);
  for (;;) {
    const own = readJson(path.join(dir, 'tb-refs.config.json'));
    if (own !== undefined) return withLocation(validateConfig(own.value, own.file, rules), own.file);
    const pkg = readJson(path.join(dir, 'package.json'));
    if (pkg !== undefined && isObject(pkg.value) && 'tb-refs' in pkg.value) {
      return withLocation(validateConfig(pkg.value['tb-refs'], `${pkg.file} ("tb-refs" key)`, rules), pkg.file);
    }
    const parent = path.dirname(dir);
    if (parent === dir || dir === stopAt) return defaultConfig;
    dir = parent;
  }
}

function withLocation(config: LintConfig, file: string): LintConfig {
  return { ...config, filePath: file, basePath: path.dirname(file) };
}

/**
 * Synchronous: the search probes two names in every folder up to the root, usually finding
 * neither, and an asynchronous read of a missing file costs a thread-pool round trip and an
 * error object, where a stat that returns undefined costs neither.
 */
function readJson(file: string): { file: string; value: unknown } | undefined {
  let text: string;
  try {
    if (statSync(file, { throwIfNoEntry: false }) === undefined) return undefined;
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(`Cannot read config file ${file}.`, { cause: error });
  }
  try {
    return { file, value: JSON.parse(text) as unknown };
  } catch (error) {
    throw new ConfigError(`Config file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The severity and options one rule runs with on one file. */
export interface EffectiveRuleSetting {
  readonly severity: SeverityName;
  readonly options: object;
}

/** Normalises `0|1|2` to names. */
export function severityName(level: SeverityLevel): SeverityName {
  if (level === 0) return 'off';
  if (level === 1) return 'warn';
  if (level === 2) return 'error';
  return level;
}

/**
 * The setting of every rule for the file at `filePath` (matched against the config's globs):
 * defaults, then `rules`, then each matching override in order. Options merge over the rule's
 * `defaultOptions`; an entry with a severity only keeps earlier options (ESLint).
 */
export function ruleSettingsFor(
  config: LintConfig, filePath: string, rules: Readonly<Record<string, AnyRule>>,
): Map<string, EffectiveRuleSetting> {
  const result = new Map<string, { rule: AnyRule; severity: SeverityName; options: object | undefined }>();
  for (const rule of Object.values(rules)) result.set(rule.id, { rule, severity: rule.meta.defaultSeverity, options: undefined });
  const apply = (entries: RulesConfig | undefined): void => {
    for (const [id, entry] of Object.entries(entries ?? {})) {
      const current = result.get(id);
      if (!current) continue;
      const [level, options] = Array.isArray(entry) ? (entry as readonly [SeverityLevel, object?]) : [entry as SeverityLevel];
      result.set(id, { rule: current.rule, severity: severityName(level), options: options ?? current.options });
    }
  };
  apply(config.rules);
  for (const o of config.overrides ?? []) {
    if (o.files.some((g) => matchesGlob(filePath, g))) apply(o.rules);
  }
  const effective = new Map<string, EffectiveRuleSetting>();
  for (const [id, s] of result) {
    effective.set(id, { severity: s.severity, options: { ...s.rule.meta.defaultOptions, ...s.options } });
  }
  return effective;
}

/** The config's settings over the defaults. */
export function settingsOf(config: LintConfig): LintSettings {
  return { ...defaultSettings, ...config.settings };
}
