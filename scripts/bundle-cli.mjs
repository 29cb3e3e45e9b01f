// Bundles the built CLI (packages/cli/dist, from `tsc -b`) into packages/cli/bundle/, which
// `pnpm tb-refs` and bin/tb-refs.mjs run when it is there. A cold `tb-refs lint` spent ~0.2 s
// resolving, reading and compiling ~100 ES modules and ~40 CommonJS files; the bundle is a few
// chunks. Measured interleaved on crowd.dev (427 files): 960/1,060 ms -> 840/930 ms (min/median);
// on the sample project 450/540 ms -> 310/370 ms.
//
// Usage: node scripts/bundle-cli.mjs   (run by `pnpm build`, after `tsc -b`)
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// chevrotain's single-file build, as packages/parser/src/chevrotain-runtime.ts loads it: its
// package entry pulls ~250 lodash-es modules. The exports map hides the file, so it is found
// beside the entry.
const chevrotainEntry = createRequire(path.join(root, 'packages/parser/package.json')).resolve('chevrotain');
const chevrotainMin = path.join(path.dirname(chevrotainEntry), '../chevrotain.min.mjs');

await build({
  entryPoints: [path.join(root, 'packages/cli/dist/bin.js')],
  // One level below packages/cli, like dist/: `createRequire(import.meta.url)('../package.json')`
  // still finds the CLI's package.json for --version.
  outdir: path.join(root, 'packages/cli/bundle'),
  bundle: true,
  // Lazy `import()`s stay lazy chunks: yargs, the codemods and the reporters load only when used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ts-morph (TypeScript, ~10 MB) is only for the rename codemod; it stays a runtime import.
  external: ['ts-morph'],
  alias: { chevrotain: chevrotainMin },
  // The CommonJS dependencies bundled in (fast-glob, micromatch, …) call require().
  banner: { js: "import { createRequire as __tbRefsCreateRequire } from 'node:module'; const require = __tbRefsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
