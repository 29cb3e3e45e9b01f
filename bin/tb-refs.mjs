#!/usr/bin/env node
// The `tb-refs` command of the repository's root package: what `pnpm tb-refs`, `npm install -g
// <this repo>`, a git dependency (`npm i -D github:…/tb-refs`) and pre-commit's `language: node`
// hooks run.
// - `pnpm build` also writes packages/cli/bundle/tb-refs.cjs (scripts/bundle-cli.mjs), the CLI as
//   one CommonJS file, and tb-refs.cjs.cache, a V8 code cache for it. It runs when it is at least
//   as new as every package's last `tsc -b` (its dist/.tsbuildinfo), so a `tsc -b` alone never
//   leaves a stale bundle in charge. It is compiled here with `vm.Script` and the cache, which
//   skips most compiling (Node 22's `module.enableCompileCache` does the same for modules; Node
//   20 has no such thing).
// - Otherwise packages/cli/dist/bin.js runs. npm installs pack the root package, whose tarball
//   holds packages/*/dist but no bundle and no node_modules/@tb-refs links, so a resolve hook maps
//   `@tb-refs/<name>` to packages/<name>.
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

// A run of tb-refs is short, and most of it is code V8 has not optimised yet. On a 2-core machine
// one background thread runs TurboFan, and a cold lint of a 427-file project queued about twice
// as much compiling as the whole run lasts (`--trace-opt`: ~1.1 s for a ~0.45 s run), most of it
// in functions made large by inlining, so hot functions waited for their turn. Without inlining,
// each compile is smaller and the hot ones are ready sooner: cold lint of crowd.dev, 31 runs
// interleaved, median 441 -> 386 ms; graph/check/rename runs of 0.7-1.7 s were no slower. Set
// before the bundle is compiled, so its code cache is made and checked under the same flags.
v8.setFlagsFromString('--no-turbo-inlining');

const packages = new URL('../packages/', import.meta.url);
const bundle = fileURLToPath(new URL('cli/bundle/tb-refs.cjs', packages));
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

/**
 * Runs the bundle as Node's CommonJS loader would, but compiled with the code cache, and writes a
 * new cache when the process exits if there was none or V8 rejected it (another Node version or
 * V8 flags). TB_REFS_CODE_CACHE names another cache file (tests use it); TB_REFS_WRITE_CODE_CACHE
 * writes the cache even when it was used, adding what this run compiled (the build's training).
 */
function runBundle() {
  const bytes = readFileSync(bundle);
  // The bundle is pure ASCII (scripts/bundle-cli.mjs strips comments), and decoding it as Latin-1
  // is a few milliseconds faster than as UTF-8; UTF-8 stays correct should a regular expression
  // or a raw template literal ever bring in other characters (esbuild cannot escape those).
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  // scripts/bundle-cli.mjs ends the bundle with a hash of its content; the cache's header repeats
  // it. V8 checks only the source's length, and a process still running an older bundle may
  // write its cache after a rebuild.
  const id = /\n\/\/ tb-refs bundle id: ([0-9a-f]{64})\n$/.exec(source.slice(-100))?.[1];
  const cacheFile = process.env.TB_REFS_CODE_CACHE || `${bundle}.cache`;
  const prefix = id === undefined ? undefined : Buffer.from(`tb-refs code cache 1 ${id} `, 'latin1');
  const cachedData = prefix === undefined ? undefined : readCache(cacheFile, prefix);
  // Node's CommonJS wrapper, on the first line so that stack traces keep the file's line numbers.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: bundle,
    cachedData,
    // The bundle has no `import()` left (scripts/bundle-cli.mjs turns them into require()); were
    // one to appear, Node's own loader handles it instead of a "callback missing" error.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const rewrite = cachedData === undefined || script.cachedDataRejected === true || Boolean(process.env.TB_REFS_WRITE_CODE_CACHE);
  if (prefix !== undefined && rewrite) {
    // At exit, not now: made after the run, the cache also holds every function the run compiled.
    process.once('exit', () => writeCache(script, cacheFile, prefix));
  }
  const module = { exports: {}, id: '.', filename: bundle, loaded: false, children: [], paths: [] };
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

// A cache file is `<prefix><CRC-32 of the V8 data, 8 hex digits>\n<V8 data>`. The checksum is
// ours: V8 (release builds) checks the data's length and its versions but not its content, and a
// damaged payload with an intact V8 header crashes the process (SIGSEGV) instead of being rejected.
const CHECKSUM_LENGTH = 9;

/** The V8 data of the cache file, or undefined when it is missing, unreadable, damaged or for another bundle. */
function readCache(file, prefix) {
  let data;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const start = prefix.length + CHECKSUM_LENGTH;
  if (data.length <= start || !data.subarray(0, prefix.length).equals(prefix)) return undefined;
  const payload = data.subarray(start);
  return data.toString('latin1', prefix.length, start) === checksumField(payload) ? payload : undefined;
}

function checksumField(payload) {
  // Loaded here: the dist path has no use for zlib.
  const { crc32 } = process.getBuiltinModule('node:zlib');
  return `${crc32(payload).toString(16).padStart(8, '0')}\n`;
}

/**
 * Best effort: a cache that cannot be written (read-only checkout, full disk) only means the next
 * start is slower, so errors are ignored and never printed. The rename is atomic, so concurrent
 * processes and readers never see half a file.
 */
function writeCache(script, file, prefix) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const payload = script.createCachedData();
    writeFileSync(temp, Buffer.concat([prefix, Buffer.from(checksumField(payload), 'latin1'), payload]));
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing left to do.
    }
  }
}

if (bundleTime !== undefined && bundleTime >= lastBuild()) {
  runBundle();
} else {
  register('./resolve-workspace.mjs', import.meta.url);
  await import(dist.href);
}
