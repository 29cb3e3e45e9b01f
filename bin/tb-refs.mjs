#!/usr/bin/env node
// The `tb-refs` command of the repository's root package: what `pnpm tb-refs`, `npm install -g
// <this repo>`, a git dependency (`npm i -D github:…/tb-refs`) and pre-commit's `language: node`
// hooks run.
// - `pnpm build` also writes packages/cli/bundle/ (scripts/bundle-cli.mjs): a few chunks that
//   start faster than ~100 separate modules. It runs when it is at least as new as every
//   package's last `tsc -b` (its dist/.tsbuildinfo), so a `tsc -b` alone never leaves a stale
//   bundle in charge.
// - Otherwise packages/cli/dist/bin.js runs. npm installs pack the root package, whose tarball
//   holds packages/*/dist but no node_modules/@tb-refs links, so a resolve hook maps
//   `@tb-refs/<name>` to packages/<name>.
import { readdirSync, statSync } from 'node:fs';
import { register } from 'node:module';

const packages = new URL('../packages/', import.meta.url);
const bundle = new URL('cli/bundle/bin.js', packages);
const dist = new URL('cli/dist/bin.js', packages);
const bundleTime = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs;

/** When the newest `tsc -b` output was written. */
function lastBuild() {
  let newest = 0;
  for (const name of readdirSync(packages)) {
    const time = statSync(new URL(`${name}/dist/.tsbuildinfo`, packages), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (time > newest) newest = time;
  }
  return newest;
}

if (bundleTime !== undefined && bundleTime >= lastBuild()) {
  await import(bundle.href);
} else {
  register('./resolve-workspace.mjs', import.meta.url);
  await import(dist.href);
}
