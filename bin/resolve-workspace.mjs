// Module resolve hook registered by bin/tb-refs.mjs: `@tb-refs/<name>[/<subpath>]` resolves to
// the `default` export of packages/<name>/package.json when Node finds no installed copy.
import { readFileSync } from 'node:fs';

const packagesDir = new URL('../packages/', import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  const match = /^@tb-refs\/([^/]+)(\/.*)?$/.exec(specifier);
  if (match === null) return nextResolve(specifier, context);
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const name = match[1];
    const subpath = `.${match[2] ?? ''}`;
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(new URL(`${name}/package.json`, packagesDir), 'utf8'));
    } catch {
      throw error;
    }
    const entry = manifest.exports?.[subpath];
    const target = typeof entry === 'string' ? entry : entry?.default;
    if (typeof target !== 'string') throw error;
    return { url: new URL(target, new URL(`${name}/`, packagesDir)).href, format: 'module', shortCircuit: true };
  }
}
