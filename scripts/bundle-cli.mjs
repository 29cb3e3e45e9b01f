// Bundles the built CLI (packages/cli/dist, from `tsc -b`) into one CommonJS file,
// packages/cli/bundle/tb-refs.cjs, and writes the V8 code cache that bin/tb-refs.mjs compiles it
// with (packages/cli/bundle/tb-refs.cjs.cache). `pnpm tb-refs` and bin/tb-refs.mjs run it when it
// is there and current.
//
// Why one CommonJS file and a code cache: a cold `tb-refs lint` spent ~0.2 s resolving, reading
// and compiling ~100 ES modules; the earlier ESM bundle (a few dozen chunks) cut that, but still
// paid ~40 ms compiling its source text and ~20 ms linking the chunks, then compiled each function
// lazily as the run reached it. A classic script can be compiled from a code cache (`vm.Script`
// with `cachedData`, Node 20's equivalent of Node 22's `module.enableCompileCache`); Node 20's ES
// module loader takes none. The cache is made after training runs on the sample project, so it
// holds the bytecode of every function they compiled, not only the top-level code. Without a
// cache, compiling the whole file costs ~38 ms; deserialising the cache (~1 MB) ~10 ms.
// Measured interleaved against the ESM bundle (min/median ms, 15 runs each, a loaded 2-core VM):
// `lint` of an empty directory 170/192 -> 98/128, of the sample project 248/278 -> 147/182, of
// crowd.dev (427 files) 641/752 -> 555/669; `--version` 112/173 -> 114/154 (41 runs: 108/144 ->
// 99/144), as yargs' start-up dominates it.
//
// Usage: node scripts/bundle-cli.mjs   (run by `pnpm build`, after `tsc -b`)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliDist = path.join(root, 'packages/cli/dist');
// One level below packages/cli, like dist/: `createRequire(import.meta.url)('../package.json')`
// still finds the CLI's package.json for --version.
const outdir = path.join(root, 'packages/cli/bundle');
// bin/tb-refs.mjs knows these names.
const bundleFile = path.join(outdir, 'tb-refs.cjs');
const cacheFile = `${bundleFile}.cache`;

// chevrotain's single-file build, as packages/parser/src/chevrotain-runtime.ts loads it: its
// package entry pulls ~250 lodash-es modules. The exports map hides the file, so it is found
// beside the entry.
const chevrotainEntry = createRequire(path.join(root, 'packages/parser/package.json')).resolve('chevrotain');
const chevrotainMin = path.join(path.dirname(chevrotainEntry), '../chevrotain.min.mjs');
const chevrotainRuntime = path.join(root, 'packages/parser/dist/chevrotain-runtime.js');
if (!existsSync(chevrotainRuntime)) throw new Error(`${chevrotainRuntime} is missing: the bundle replaces it (run tsc -b first)`);

/**
 * chevrotain-runtime.js picks chevrotain's single-file build with a top-level `await import()`,
 * which CommonJS cannot express. In the bundle it becomes a static re-export of `chevrotain`
 * (aliased below to the same single-file build). If that module ever exports a name chevrotain
 * lacks, its importers fail the build with esbuild's "No matching export" error.
 */
const chevrotainStatic = {
  name: 'tb-refs-chevrotain-static',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]chevrotain-runtime\.js$/ }, (args) =>
      path.resolve(args.path) === chevrotainRuntime ? { contents: "export * from 'chevrotain';\n", loader: 'js', resolveDir: path.dirname(chevrotainRuntime) } : undefined,
    );
  },
};

/**
 * yargs, cliui and wrap-ansi import string-width, whose module top level builds an
 * `Intl.Segmenter` (ICU's break iterators) and `v`-flag regular expressions with
 * `\p{RGI_Emoji}`, which V8 expands when it creates them: ~30–45 ms of every start, though only
 * help and usage texts ever measure a width. Each import of `string-width` gets a stand-in that
 * loads the real module (the version its importer would have got) on the first call. Both
 * versions in use export one default function; a version that exports anything else fails the
 * build here.
 */
const lazyStringWidth = {
  name: 'tb-refs-lazy-string-width',
  setup(builder) {
    builder.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await builder.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { real: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'tb-refs-lazy-string-width' };
    });
    builder.onLoad({ filter: /.*/, namespace: 'tb-refs-lazy-string-width' }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const exports = source.match(/^export .*$/gm) ?? [];
      if (exports.length !== 1 || !/^export default function stringWidth\(/.test(exports[0])) {
        throw new Error(`${args.path}: expected one export, \`export default function stringWidth(\`; found ${exports.join(' | ') || 'none'}. Update the tb-refs-lazy-string-width plugin.`);
      }
      return {
        contents: `let real;\nexport default function stringWidth(string, options) {\n  real ??= require(${JSON.stringify(args.path)}).default;\n  return real(string, options);\n}\n`,
        loader: 'js',
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

// Stale output must not survive: the old ESM bundle left hashed chunks here, and a cache made
// for an earlier bundle is worthless.
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await build({
  // What packages/cli/src/bin.ts does, without its top-level await (not allowed in CommonJS).
  // main() never rejects (it renders errors and resolves to 2); a failure while loading the
  // modules throws out of the bundle as it would out of bin.js.
  stdin: {
    contents: "import { nodeIo } from './io.js';\nimport { main } from './main.js';\nmain(process.argv.slice(2), nodeIo).then((code) => {\n  process.exitCode = code;\n});\n",
    resolveDir: cliDist,
    sourcefile: 'tb-refs-entry.js',
    loader: 'js',
  },
  outfile: bundleFile,
  write: false,
  bundle: true,
  // Whitespace and comments only (names stay, for stack traces): the output is then pure ASCII,
  // which bin/tb-refs.mjs decodes as Latin-1, ~4 ms faster than UTF-8 and a one-byte string for
  // V8, and a quarter smaller.
  minifyWhitespace: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Lazy `import()`s of bundled modules become lazily initialised modules. The remaining ones
  // (node:fs/promises, ts-morph) become require(): both are CommonJS-loadable, and a script
  // compiled by vm.Script has no module loader to hand `import()` to.
  supported: { 'dynamic-import': false },
  // ts-morph (TypeScript, ~10 MB) is only for the rename codemod; it stays a runtime require.
  external: ['ts-morph'],
  alias: { chevrotain: chevrotainMin },
  plugins: [chevrotainStatic, lazyStringWidth],
  // The bundled ES modules read `import.meta.url` (package.json lookups, yargs' shims); CommonJS
  // has no import.meta, so it is the bundle's own URL.
  define: { 'import.meta.url': '__tbRefsImportMetaUrl' },
  banner: { js: "var __tbRefsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// esbuild only warns when code reads an `import.meta` property other than `url`; in CommonJS it
// would be undefined at run time.
const emptyImportMeta = result.warnings.filter((warning) => warning.id === 'empty-import-meta');
if (emptyImportMeta.length > 0) throw new Error(`the bundle would read import.meta, which CommonJS lacks, at ${emptyImportMeta.map((w) => `${w.location?.file}:${w.location?.line}`).join(', ')}`);

const [output] = result.outputFiles;
if (result.outputFiles.length !== 1 || output.path !== bundleFile) throw new Error(`esbuild wrote ${result.outputFiles.map((f) => f.path).join(', ')}, expected ${bundleFile} alone`);
// The bundle's identity, which bin/tb-refs.mjs writes into the cache's header and compares: V8
// itself checks only the source's length, and a process still running an older bundle writes
// its cache after a rebuild.
const id = createHash('sha256').update(output.contents).digest('hex');
writeFileSync(bundleFile, `${output.text}// tb-refs bundle id: ${id}\n`);

// The training runs: without a cache, or with TB_REFS_WRITE_CODE_CACHE set, bin/tb-refs.mjs
// writes one when the process exits, holding what the run compiled and what the cache it started
// from held. Deserialising it costs every run ~1 ms per 100 kB, so it holds the common paths
// only: the lint path (file discovery, parser, graph, rules) with the JSON and the default
// (stylish) reporters, then yargs, which every other command goes through (`--version` sets up
// all of its commands). The other commands compile their own code lazily, as before.
for (const args of [['lint', 'tinybird', '--format', 'json'], ['lint', 'tinybird'], ['--version']]) {
  const training = spawnSync(process.execPath, [path.join(root, 'bin/tb-refs.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, TB_REFS_CODE_CACHE: cacheFile, TB_REFS_WRITE_CODE_CACHE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (training.error) throw training.error;
  if (training.status !== 0 && training.status !== 1) throw new Error(`the code cache's training run (tb-refs ${args.join(' ')}) exited ${training.status ?? training.signal}:\n${training.stderr}`);
}
if (!existsSync(cacheFile)) throw new Error(`the code cache's training runs wrote no ${cacheFile} (did bin/tb-refs.mjs run the bundle, or was dist/ rebuilt meanwhile?)`);
