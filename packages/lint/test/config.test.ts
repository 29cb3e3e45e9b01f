import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@tb-refs/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LintConfig, defaultConfig, loadConfig, ruleSettingsFor, validateConfig } from '../src/index.js';
import { lintProject } from '../src/linter.js';
import { builtinRules } from '../src/rules/index.js';
import { projectOf } from './helpers/project.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tb-refs-config-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(rel: string, content: unknown): Promise<string> {
  const file = path.join(root, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** The message of the ConfigError `run` throws. */
async function configError(run: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns the default config when there is none', async () => {
    await mkdir(path.join(root, 'tinybird'));
    expect(await loadConfig(path.join(root, 'tinybird'), { stopAt: root })).toBe(defaultConfig);
  });

  it('reads tb-refs.config.json in the project folder', async () => {
    const file = await write('tinybird/tb-refs.config.json', { rules: { 'endpoint-token': 'error' } });
    const config = await loadConfig(path.join(root, 'tinybird'), { stopAt: root });
    expect(config).toEqual({ rules: { 'endpoint-token': 'error' }, filePath: file, basePath: path.dirname(file) });
  });

  it('searches upward, skipping package.json files without a "tb-refs" key', async () => {
    await write('repo/tinybird/package.json', { name: 'x' });
    const file = await write('repo/tb-refs.config.json', { ignores: ['vendor/**'] });
    const config = await loadConfig(path.join(root, 'repo/tinybird'), { stopAt: root });
    expect(config.filePath).toBe(file);
    expect(config.basePath).toBe(path.join(root, 'repo'));
  });

  it('reads the "tb-refs" key of package.json', async () => {
    const file = await write('repo/package.json', { name: 'x', 'tb-refs': { settings: { versionColumn: 'version' } } });
    await mkdir(path.join(root, 'repo/tinybird'));
    const config = await loadConfig(path.join(root, 'repo/tinybird'), { stopAt: root });
    expect(config).toEqual({ settings: { versionColumn: 'version' }, filePath: file, basePath: path.join(root, 'repo') });
  });

  it('prefers tb-refs.config.json over package.json in the same folder', async () => {
    await write('package.json', { 'tb-refs': { rules: { 'no-cycle': 'off' } } });
    const file = await write('tb-refs.config.json', { rules: { 'no-cycle': 'warn' } });
    expect((await loadConfig(root, { stopAt: root })).filePath).toBe(file);
  });

  it('reports invalid JSON with the file name', async () => {
    const file = await write('tb-refs.config.json', '{ "rules": ');
    expect(await configError(() => loadConfig(root, { stopAt: root }))).toContain(`Config file ${file} is not valid JSON`);
  });

  it('reports a config path that cannot be read as a file, and skips a parent that is a file', async () => {
    await mkdir(path.join(root, 'tb-refs.config.json'));
    expect(await configError(() => loadConfig(root, { stopAt: root }))).toBe(`Cannot read config file ${path.join(root, 'tb-refs.config.json')}.`);
    await write('not-a-folder', 'x');
    // `not-a-folder/tb-refs.config.json` fails with ENOTDIR: no config there, and the search goes on.
    await rm(path.join(root, 'tb-refs.config.json'), { recursive: true });
    const file = await write('tb-refs.config.json', { rules: { 'no-cycle': 'off' } });
    expect((await loadConfig(path.join(root, 'not-a-folder'), { stopAt: root })).filePath).toBe(file);
  });

  it('names the package.json key in errors', async () => {
    const file = await write('package.json', { 'tb-refs': { rules: { 'no-cyle': 'error' } } });
    expect(await configError(() => loadConfig(root, { stopAt: root }))).toBe(
      `Invalid config in ${file} ("tb-refs" key):\n  - rules: unknown rule "no-cyle" (did you mean "no-cycle"?)`,
    );
  });
});

describe('validateConfig', () => {
  const validate = (raw: unknown): unknown => validateConfig(raw, 'tb-refs.config.json', builtinRules);

  it.for([
    [{ rule: {} }, 'unknown key "rule" (did you mean "rules"?); expected rules, overrides, ignores, settings'],
    [{ rules: { 'no-cycle': 'warning' } }, 'rules["no-cycle"]: expected a severity ("off", "warn", "error" or 0, 1, 2), found "warning"'],
    [{ rules: { 'no-cycle': 3 } }, 'rules["no-cycle"]: expected a severity ("off", "warn", "error" or 0, 1, 2), found 3'],
    [{ rules: { 'no-cycle': ['error', {}, {}] } }, 'rules["no-cycle"]: expected [severity, options], found 3 items'],
    [{ rules: { 'endpoint-reads-raw-datasource': ['warn', { onlyDeduplicated: 'yes' }] } }, 'rules["endpoint-reads-raw-datasource"][1].onlyDeduplicated: expected true or false, found "yes"'],
    [{ rules: { 'endpoint-reads-raw-datasource': ['warn', { onlyDeduplicate: true }] } }, 'rules["endpoint-reads-raw-datasource"][1]: unknown option "onlyDeduplicate" (did you mean "onlyDeduplicated"?); known options: onlyDeduplicated'],
    [{ rules: { 'endpoint-token': ['error', { requiredTokens: ['a', 1] }] } }, 'rules["endpoint-token"][1].requiredTokens[1]: expected a string, found 1'],
    [{ rules: { 'unique-names': ['error', { strict: true }] } }, 'rules["unique-names"][1]: rule "unique-names" takes no options, found an object'],
    [{ overrides: [{ rules: {} }] }, 'overrides[0].files: expected a non-empty array of glob strings, found nothing'],
    [{ overrides: [{ files: ['x'], rules: { nope: 'off' } }] }, 'overrides[0].rules: unknown rule "nope"'],
    [{ ignores: 'vendor' }, 'ignores: expected an array of glob strings, found "vendor"'],
    [{ settings: { versionColum: 'v' } }, 'settings: unknown key "versionColum" (did you mean "versionColumn"?); expected versionColumn, postgresDatasources'],
    [{ settings: { postgresDatasources: 'members' } }, 'settings.postgresDatasources: expected an array of datasource names, found "members"'],
  ] as const)('%j → %s', async ([raw, problem]) => {
    expect(await configError(() => validate(raw))).toBe(`Invalid config in tb-refs.config.json:\n  - ${problem}`);
  });

  it('lists every problem at once', async () => {
    const message = await configError(() => validate({ rules: { a: 'error', 'no-cycle': 'x' } }));
    expect(message.split('\n')).toHaveLength(3);
  });

  it('accepts severities as names and numbers, with options', () => {
    const raw = { rules: { 'no-cycle': 0, 'unique-names': 1, 'endpoint-token': [2, { requiredTokens: ['t'] }], 'no-unused-datasource': ['warn'] } };
    expect(validate(raw)).toBe(raw);
  });

  it('is applied by lintProject to configs built in code', async () => {
    const message = await configError(() => lintProject(projectOf({}), { rules: { 'no-such-rule': 'error' } }));
    expect(message).toContain('Invalid config in the lint configuration');
  });
});

describe('ruleSettingsFor', () => {
  const config: LintConfig = {
    rules: { 'endpoint-token': ['warn', { requiredTokens: ['a'] }], 'no-cycle': 'off' },
    overrides: [
      { files: ['endpoints/**'], rules: { 'endpoint-token': 'error' } },
      { files: ['endpoints/legacy/*.pipe'], rules: { 'endpoint-token': 'off', 'no-cycle': 2 } },
    ],
  };

  it('uses the defaults for unlisted rules', () => {
    const s = ruleSettingsFor(config, 'pipes/x.pipe', builtinRules);
    expect(s.get('unique-names')).toEqual({ severity: 'error', options: {} });
    expect(s.get('endpoint-reads-raw-datasource')).toEqual({ severity: 'warn', options: { onlyDeduplicated: true } });
  });

  it('merges options over the defaults and keeps them when an override sets only a severity', () => {
    expect(ruleSettingsFor(config, 'pipes/x.pipe', builtinRules).get('endpoint-token')).toEqual({ severity: 'warn', options: { requiredTokens: ['a'], includeDefaultPipes: true } });
    expect(ruleSettingsFor(config, 'endpoints/x.pipe', builtinRules).get('endpoint-token')).toEqual({ severity: 'error', options: { requiredTokens: ['a'], includeDefaultPipes: true } });
  });

  it('applies every matching override in order', () => {
    const s = ruleSettingsFor(config, 'endpoints/legacy/x.pipe', builtinRules);
    expect(s.get('endpoint-token')?.severity).toBe('off');
    expect(s.get('no-cycle')?.severity).toBe('error');
  });
});

describe('globs relative to the config file', () => {
  // The graph is in-memory, but its root says where the project sits under the config's folder.
  const files = { 'endpoints/a.pipe': 'NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\n', 'endpoints/legacy/b.pipe': 'NODE n\nSQL >\n    SELECT 1\n\nTYPE endpoint\n' };
  const graph = { ...projectOf(files), root: '/repo/tinybird' };

  it('matches overrides and ignores against paths from basePath', () => {
    const results = lintProject(graph, {
      basePath: '/repo',
      rules: { 'endpoint-token': 'error' },
      overrides: [{ files: ['tinybird/endpoints/legacy/**'], rules: { 'endpoint-token': 'warn' } }],
    });
    expect(results.map((r) => [r.filePath, r.messages.map((m) => m.severity)])).toEqual([
      ['endpoints/a.pipe', ['error']],
      ['endpoints/legacy/b.pipe', ['warning']],
    ]);
    expect(lintProject(graph, { basePath: '/repo', ignores: ['tinybird/endpoints/legacy'] }).map((r) => r.filePath)).toEqual(['endpoints/a.pipe']);
  });

  it('matches project-relative paths without basePath', () => {
    expect(lintProject(graph, { ignores: ['endpoints/a.pipe'] }).map((r) => r.filePath)).toEqual(['endpoints/legacy/b.pipe']);
  });
});
