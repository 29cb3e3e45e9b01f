#!/usr/bin/env node
// The `tb-refs` command of the repository's root package: what `npm install -g <this repo>`,
// a git dependency (`npm i -D github:…/tb-refs`) and pre-commit's `language: node` hooks install.
// Those installs pack the root package, whose tarball holds packages/*/dist but no
// node_modules/@tb-refs links, so a resolve hook maps `@tb-refs/<name>` to packages/<name>.
// In the pnpm workspace, `pnpm tb-refs` runs packages/cli/dist/bin.js directly.
import { register } from 'node:module';

register('./resolve-workspace.mjs', import.meta.url);
await import('../packages/cli/dist/bin.js');
