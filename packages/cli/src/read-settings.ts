import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '@tb-refs/core';

/**
 * `settings.postgresDatasources` from the nearest `tb-refs.config.json` (or the `tb-refs` key of a
 * `package.json`), searching upward from `dir`; undefined when no config sets it. The config
 * format is the linter's (packages/lint/src/config.ts); only this one setting is read here.
 */
export async function readPostgresDatasources(dir: string): Promise<string[] | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const own = await readJson(path.join(current, 'tb-refs.config.json'));
    const pkg = own === undefined ? await readJson(path.join(current, 'package.json')) : undefined;
    const config = own ?? (isObject(pkg) ? pkg['tb-refs'] : undefined);
    if (config !== undefined) {
      const list = isObject(config) && isObject(config.settings) ? config.settings.postgresDatasources : undefined;
      return Array.isArray(list) && list.every((x) => typeof x === 'string') ? list : undefined;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`Config file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
