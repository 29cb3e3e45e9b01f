// `postinstall` script of the root package, for npm only: `npm install` in a clone of this
// repository (pre-commit's `language: node`, a git dependency, `npm install -g <path>`) builds
// packages/*/dist so that bin/tb-refs.mjs can run. Under pnpm it does nothing (`pnpm build`).
// Not `prepare`: npm runs that on `npm pack` too and prints its banner on stdout, where
// pre-commit reads the tarball's name. Installing the packed tarball (no sources) builds nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// pnpm's node_modules (not the user agent: npm reads npm_config_* variables a pnpm parent left).
if (existsSync(path.join(root, 'node_modules', '.modules.yaml'))) process.exit(0);
if (!existsSync(path.join(root, 'packages/cli/tsconfig.json'))) process.exit(0);

let tsc;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  // Installed without dev dependencies: use the build that is there, if any.
  if (existsSync(path.join(root, 'packages/cli/dist/bin.js'))) process.exit(0);
  console.error('tb-refs: cannot build: typescript is not installed (run npm install with dev dependencies)');
  process.exit(1);
}

// tsc resolves `@tb-refs/<name>` through node_modules, as in the pnpm workspace.
const scope = path.join(root, 'node_modules', '@tb-refs');
mkdirSync(scope, { recursive: true });
for (const name of readdirSync(path.join(root, 'packages'))) {
  if (!existsSync(path.join(root, 'packages', name, 'package.json'))) continue;
  const link = path.join(scope, name);
  if (lstatSync(link, { throwIfNoEntry: false }) === undefined) symlinkSync(path.relative(scope, path.join(root, 'packages', name)), link, 'dir');
}

const result = spawnSync(process.execPath, [tsc, '-b', path.join(root, 'tsconfig.json')], { cwd: root, stdio: ['ignore', 2, 2] });
process.exit(result.status ?? 1);
