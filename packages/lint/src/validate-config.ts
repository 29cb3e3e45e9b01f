import { ConfigError, didYouMean } from '@tb-refs/core';
import type { LintConfig } from './config.js';
import { show, validateOptions } from './options-schema.js';
import type { AnyRule } from './rule.js';

const TOP_LEVEL_KEYS = ['$schema', 'rules', 'overrides', 'ignores', 'settings'];
const SETTING_KEYS = ['versionColumn', 'postgresDatasources'];
const SEVERITIES: readonly unknown[] = ['off', 'warn', 'error', 0, 1, 2];

/**
 * Checks a parsed config object and returns it typed. Collects every problem and throws one
 * `ConfigError` listing them, each with its JSON path, what was expected and what was found.
 */
export function validateConfig(raw: unknown, source: string, rules: Readonly<Record<string, AnyRule>>): LintConfig {
  const problems: string[] = [];
  if (!isObject(raw)) throw new ConfigError(`Invalid config in ${source}: expected an object, found ${show(raw)}.`);
  for (const key of Object.keys(raw)) {
    if (TOP_LEVEL_KEYS.includes(key)) continue;
    const hint = didYouMean(key, TOP_LEVEL_KEYS);
    problems.push(`unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; expected ${TOP_LEVEL_KEYS.slice(1).join(', ')}`);
  }
  const byId = new Map(Object.values(rules).map((r) => [r.id, r]));
  if (raw.rules !== undefined) checkRules(raw.rules, 'rules', byId, problems);
  if (raw.overrides !== undefined) {
    if (!Array.isArray(raw.overrides)) problems.push(`overrides: expected an array, found ${show(raw.overrides)}`);
    else {
      raw.overrides.forEach((o: unknown, i) => {
        const at = `overrides[${i}]`;
        if (!isObject(o)) return void problems.push(`${at}: expected an object with "files" and "rules", found ${show(o)}`);
        for (const key of Object.keys(o)) if (key !== 'files' && key !== 'rules') problems.push(`${at}: unknown key "${key}"; expected files, rules`);
        checkGlobs(o.files, `${at}.files`, problems, true);
        checkRules(o.rules ?? {}, `${at}.rules`, byId, problems);
      });
    }
  }
  if (raw.ignores !== undefined) checkGlobs(raw.ignores, 'ignores', problems, false);
  if (raw.settings !== undefined) checkSettings(raw.settings, problems);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid config in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return raw as LintConfig;
}

function checkRules(value: unknown, at: string, rules: ReadonlyMap<string, AnyRule>, problems: string[]): void {
  if (!isObject(value)) return void problems.push(`${at}: expected an object of rule ids, found ${show(value)}`);
  for (const [id, entry] of Object.entries(value)) {
    const rule = rules.get(id);
    if (!rule) {
      const hint = didYouMean(id, rules.keys());
      problems.push(`${at}: unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
      continue;
    }
    const [level, options, ...rest] = Array.isArray(entry) ? (entry as unknown[]) : [entry];
    if (!SEVERITIES.includes(level)) {
      problems.push(`${at}["${id}"]: expected a severity ("off", "warn", "error" or 0, 1, 2), found ${show(level)}`);
    }
    if (rest.length > 0) problems.push(`${at}["${id}"]: expected [severity, options], found ${(entry as unknown[]).length} items`);
    if (options === undefined) continue;
    if (!rule.meta.schema) {
      problems.push(`${at}["${id}"][1]: rule "${id}" takes no options, found ${show(options)}`);
      continue;
    }
    problems.push(...validateOptions(rule.meta.schema, options, `${at}["${id}"][1]`));
  }
}

function checkGlobs(value: unknown, at: string, problems: string[], required: boolean): void {
  if (!Array.isArray(value) || value.some((g) => typeof g !== 'string' || g === '') || (required && value.length === 0)) {
    problems.push(`${at}: expected ${required ? 'a non-empty' : 'an'} array of glob strings, found ${show(value)}`);
  }
}

function checkSettings(value: unknown, problems: string[]): void {
  if (!isObject(value)) return void problems.push(`settings: expected an object, found ${show(value)}`);
  for (const key of Object.keys(value)) {
    if (SETTING_KEYS.includes(key)) continue;
    const hint = didYouMean(key, SETTING_KEYS);
    problems.push(`settings: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; expected ${SETTING_KEYS.join(', ')}`);
  }
  if (value.versionColumn !== undefined && (typeof value.versionColumn !== 'string' || value.versionColumn === '')) {
    problems.push(`settings.versionColumn: expected a column name, found ${show(value.versionColumn)}`);
  }
  const pg = value.postgresDatasources;
  if (pg !== undefined && (!Array.isArray(pg) || pg.some((n) => typeof n !== 'string'))) {
    problems.push(`settings.postgresDatasources: expected an array of datasource names, found ${show(pg)}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
