#!/usr/bin/env node
// tb-refs benchmarks.  Run with `pnpm bench` (which runs `tsc -b` first); this script builds
// nothing itself.
//
//   node bench/run.mjs [--quick] [--iterations N] [--warmup N] [--budget SECONDS]
//                      [--count N] [--seed N] [--corpus DIR] [--case NAME[,NAME]]
//                      [--json FILE] [--parser FILE] [--gc-each-pass] [--keep-env]
//
// Input sets (all files are read into memory before anything is timed):
//   corpus         every .datasource and .pipe under ../shared/corpus (relative to the repo root)
//   corpus-sdk-ok  the corpus files the SDK parser accepts (the SDK stops early on the files it
//                  rejects, which flatters its throughput on the full corpus)
//   synthetic      a generated 10,000-file project (bench/gen-project.mjs) under .bench-tmp/,
//                  regenerated when missing or generated with other parameters
//   rename         (case `rename` only) the largest corpus project, crowd.dev's services/libs/tinybird,
//                  copied under .bench-tmp/ next to a generated 2,000-file TypeScript app
//                  (bench/gen-ts-app.mjs) of which 300 files call its endpoints
// .incl files are skipped on both sides: the SDK parser has no resource kind for them.
//
// Each bench case names a tb-refs function and, optionally, a peer function that does the
// same job with another tool; both run over the same prepared input, in the same process,
// interleaved, after a warmup.  Adding a section (graph building, lint, rename) means
// adding an entry to `cases` below.  (`rename` runs each side in a child process, to
// measure each side's peak memory.)
//
// Throughput is bytes of datafile source per second of the median timed pass,
// in MB/s with 1 MB = 1,000,000 bytes.
//
// Child processes (cases lint and rename, both sides) run without NODE_EXTRA_CA_CERTS unless
// --keep-env is given: Node reads and parses that certificate file at every start, before any
// script runs (~70 ms per process on this VM, whose shell sets it), and neither side opens a
// TLS connection. The lint case prints what the variable costs a bare `node -e 0` here.

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeProject, GENERATOR_VERSION } from './gen-project.mjs';
import { writeTsApp, APP_GENERATOR_VERSION } from './gen-ts-app.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = {
    quick: false,
    iterations: null,
    warmup: null,
    budget: null,
    count: 10000,
    seed: 42,
    corpus: path.resolve(ROOT, '../shared/corpus'),
    cases: null,
    json: null,
    parser: path.join(ROOT, 'packages/parser/dist/index.js'),
    gcEachPass: false,
    keepEnv: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(val());
      if (!Number.isInteger(v) || v < 0) fail(`${a} needs a non-negative integer`);
      return v;
    };
    switch (a) {
      case '--quick': opts.quick = true; break;
      case '--iterations': opts.iterations = int(); break;
      case '--warmup': opts.warmup = int(); break;
      case '--budget': opts.budget = int(); break;
      case '--count': opts.count = int(); break;
      case '--seed': opts.seed = int(); break;
      case '--corpus': opts.corpus = path.resolve(val()); break;
      case '--case': opts.cases = val().split(','); break;
      case '--json': opts.json = path.resolve(val()); break;
      case '--gc-each-pass': opts.gcEachPass = true; break;
      case '--keep-env': opts.keepEnv = true; break;
      case '--parser': opts.parser = path.resolve(val()); break;
      case '-h':
      case '--help':
        console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 32).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
        process.exit(0);
      default:
        fail(`unknown option ${a} (try --help)`);
    }
  }
  opts.iterations ??= opts.quick ? 3 : 15;
  opts.warmup ??= opts.quick ? 1 : 2;
  // Seconds one (case, set) may spend on timed passes of both sides together before the
  // harness stops early (it always completes at least 3 timed passes per side).
  opts.budget ??= opts.quick ? 8 : 25;
  if (opts.count < 1) fail('--count must be at least 1');
  return opts;
}

function fail(msg) {
  console.error(`bench: ${msg}`);
  process.exit(1);
}

/** The environment of timed child processes: see --keep-env in the header. */
let childEnv = process.env;
function setChildEnv(opts) {
  if (opts.keepEnv || process.env.NODE_EXTRA_CA_CERTS === undefined) return;
  childEnv = { ...process.env };
  delete childEnv.NODE_EXTRA_CA_CERTS;
}

/** Median wall time of `node -e 0` with the given environment, in ms. */
function bareNodeStart(env, runs = 7) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[runs >> 1];
}

// ---------------------------------------------------------------------------
// Tools under test

async function loadTbRefs(entry) {
  if (!fs.existsSync(entry)) {
    console.error(`bench: ${path.relative(ROOT, entry)} not found — build the parser first: pnpm build`);
    process.exit(1);
  }
  const mod = await import(pathToFileURL(entry).href);
  if (typeof mod.parseDatafile !== 'function') {
    console.error(`bench: ${path.relative(ROOT, entry)} does not export parseDatafile — build the parser first: pnpm build`);
    process.exit(1);
  }
  return mod;
}

async function loadSdk() {
  const pkgDir = path.join(ROOT, 'node_modules/@tinybirdco/sdk');
  // parse.js is not in the package's exports map, so import it by file path.
  const entry = path.join(pkgDir, 'dist/migrate/parse.js');
  if (!fs.existsSync(entry)) {
    console.error(`bench: ${path.relative(ROOT, entry)} not found — install dependencies first: pnpm install`);
    process.exit(1);
  }
  const mod = await import(pathToFileURL(entry).href);
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  return { parseResourceFile: mod.parseResourceFile, version };
}

// ---------------------------------------------------------------------------
// Input sets

const KINDS = new Map([
  ['.datasource', 'datasource'],
  ['.pipe', 'pipe'],
]);

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.git') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Reads every .datasource/.pipe under `dir` into memory. */
function loadDir(name, dir) {
  const files = [];
  const skipped = {};
  for (const abs of walk(dir).sort()) {
    const ext = path.extname(abs);
    const kind = KINDS.get(ext);
    if (!kind) {
      if (ext === '.incl' || ext === '.connection' || /\.(pipe|datasource)/.test(path.basename(abs))) {
        skipped[ext] = (skipped[ext] ?? 0) + 1;
      }
      continue;
    }
    const content = fs.readFileSync(abs, 'utf8');
    const relPath = path.relative(dir, abs).split(path.sep).join('/');
    files.push({
      relPath,
      absPath: abs,
      kind,
      content,
      bytes: Buffer.byteLength(content, 'utf8'),
      // The SDK's ResourceFile, built once so object creation is not timed.
      sdkResource: { kind, filePath: relPath, absolutePath: abs, name: path.basename(abs, ext), content },
    });
  }
  return makeSet(name, dir, files, skipped);
}

function makeSet(name, dir, files, skipped = {}) {
  return { name, dir, files, skipped, bytes: files.reduce((s, f) => s + f.bytes, 0) };
}

function syntheticDir(count, seed) {
  return path.join(ROOT, '.bench-tmp', `synthetic-${count}-s${seed}`);
}

function ensureSynthetic(count, seed) {
  const dir = syntheticDir(count, seed);
  let manifest = null;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    // missing or unreadable: regenerate
  }
  if (!manifest || manifest.version !== GENERATOR_VERSION || manifest.count !== count || manifest.seed !== seed) {
    const t0 = performance.now();
    process.stdout.write(`generating synthetic project (${count} files, seed ${seed}) in ${path.relative(ROOT, dir)}/ … `);
    writeProject(dir, { count, seed });
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // A `.git` folder marks the repository root, so tb-refs (which honours .gitignore files up to
  // the repository root) does not apply this repo's `.bench-tmp/` rule to the project.
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  return dir;
}

// ---------------------------------------------------------------------------
// Harness

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
// A forced full GC before each pass (--gc-each-pass) is off by default: it frees every object
// the previous pass made, V8 then drops the hidden classes (maps) nobody uses any more, and all
// optimised code that embedded them is thrown away ("weak objects" in --trace-deopt). Each pass
// then ran half-interpreted while recompiling: 5x slower for tb-refs, 2x for the SDK. Real runs
// never force a GC between files, so passes run back to back and include the GC they cause.

let rssSampleMax = 0;
function sampleRss() {
  const rss = process.memoryUsage().rss;
  if (rss > rssSampleMax) rssSampleMax = rss;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One timed call of `fn(input)`, in milliseconds, after a forced GC when `gcFirst` (--gc-each-pass). */
function timeOnce(fn, input, gcFirst) {
  if (gcFirst) gc();
  const t0 = process.hrtime.bigint();
  const sink = fn(input);
  const t1 = process.hrtime.bigint();
  sampleRss();
  if (sink === Symbol.for('never')) console.log(sink); // keep the result observable
  return Number(t1 - t0) / 1e6;
}

/**
 * Warms up, then times `sides` (functions of `input`) interleaved, alternating the order on
 * every round so neither side always runs right after the other's garbage.
 */
function timeSides(sides, input, opts) {
  for (let w = 0; w < opts.warmup; w++) for (const s of sides) timeOnce(s.run, input, opts.gcEachPass);
  const samples = sides.map(() => []);
  const started = performance.now();
  for (let i = 0; i < opts.iterations; i++) {
    const order = i % 2 === 0 ? sides.map((_, k) => k) : sides.map((_, k) => sides.length - 1 - k);
    for (const k of order) samples[k].push(timeOnce(sides[k].run, input, opts.gcEachPass));
    if (i + 1 >= 3 && performance.now() - started > opts.budget * 1000) break;
  }
  return samples.map((ms) => ({ ms, medianMs: median(ms), minMs: Math.min(...ms) }));
}

// ---------------------------------------------------------------------------
// Bench cases
//
// A case:
//   name         short id, selectable with --case
//   title        heading printed above its table
//   sets(defaultSets, opts)  optional; the input sets of this case instead of the default ones
//   prepare(set) untimed; returns the input both sides receive (default: the set itself)
//   tbRefs       { label, run(input) }        the tb-refs side
//   peer         { label, run(input) } | null another tool doing the same job
//   check(set, input) untimed; returns extra columns { header: value } for the table
//                (acceptance counts and the like), and optionally `notes` (lines printed
//                under the table)

function makeCases(tb, sdk, graph) {
  return [
    {
      name: 'parse',
      title: 'Parse every .datasource/.pipe file',
      prepare: (set) => set.files,
      tbRefs: {
        label: 'tb-refs parseDatafile',
        run(files) {
          let n = 0;
          for (const f of files) {
            try {
              n += tb.parseDatafile(f.content, { fileName: f.relPath }).diagnostics.length;
            } catch {
              n += 1;
            }
          }
          return n;
        },
      },
      peer: {
        label: '@tinybirdco/sdk parseResourceFile',
        run(files) {
          let n = 0;
          for (const f of files) {
            try {
              parseResourceFile(sdk, f);
            } catch {
              n += 1;
            }
          }
          return n;
        },
      },
      check(set, files) {
        let tbErrorFiles = 0;
        let tbThrew = 0;
        let roundTripMismatch = 0;
        let sdkRejects = 0;
        const sdkReasons = new Map();
        const tbRules = new Map();
        for (const f of files) {
          try {
            const parsed = tb.parseDatafile(f.content, { fileName: f.relPath });
            const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
            if (errors.length) {
              tbErrorFiles++;
              const rule = errors[0].ruleId ?? errors[0].messageId ?? 'error';
              tbRules.set(rule, (tbRules.get(rule) ?? 0) + 1);
            }
            if (typeof tb.printDatafile === 'function' && tb.printDatafile(parsed) !== f.content) roundTripMismatch++;
          } catch {
            tbThrew++;
          }
          try {
            parseResourceFile(sdk, f);
          } catch (e) {
            sdkRejects++;
            const reason = String(e?.message ?? e)
              .replace(/directive in strict mode: "([A-Z_]+)[\s\S]*"$/, 'directive in strict mode: $1')
              .replace(/"[\s\S]*"/, '"…"');
            sdkReasons.set(reason, (sdkReasons.get(reason) ?? 0) + 1);
          }
        }
        const n = files.length;
        const notes = [];
        if (sdkRejects) notes.push(`SDK rejects: ${top(sdkReasons)}`);
        if (tbErrorFiles) notes.push(`tb-refs error files (first error's rule): ${top(tbRules)}`);
        if (tbThrew) notes.push(`tb-refs parseDatafile THREW on ${tbThrew} file(s)`);
        if (roundTripMismatch) notes.push(`tb-refs printDatafile(parseDatafile(x)) !== x on ${roundTripMismatch} file(s)`);
        return {
          columns: {
            'SDK rejects': sdkRejects,
            'tb-refs error files': tbErrorFiles + tbThrew,
            'accepted tb-refs/SDK': `${n - tbErrorFiles - tbThrew}/${n - sdkRejects}`,
          },
          stats: { sdkRejects, tbErrorFiles, tbThrew, roundTripMismatch, sdkReasons: Object.fromEntries(sdkReasons), tbRules: Object.fromEntries(tbRules) },
          notes,
        };
      },
    },
    {
      name: 'rename',
      title: 'tb-refs rename (dry run) on crowd.dev + a 2,000-file TypeScript app, beside a ts-morph Project loading every file',
      sets: (_defaults, opts) => renameSets(opts),
      tbRefs: {
        label: `tb-refs rename ${RENAME.target} ${RENAME.newName} tinybird --ts tsconfig.json --format json (child process)`,
        run: (set) => runChild(set, 'tb-refs'),
      },
      peer: {
        label: 'new Project({ tsConfigFilePath }) + scan every string literal (child process)',
        run: (set) => runChild(set, 'naive'),
      },
      check(set) {
        const tb = runChild(set, 'tb-refs');
        const naive = runChild(set, 'naive');
        const mib = (kb) => fmt(kb / 1024, 0);
        return {
          columns: {
            'TS files': set.tsFiles,
            'TS parsed (tb-refs)': set.candidates,
            edits: `${tb.edits} (${tb.tsEdits} TS)`,
            'peak RSS tb-refs MiB': mib(tb.rssKB),
            'peak RSS peer MiB': mib(naive.rssKB),
          },
          stats: { tbRefs: tb, peer: naive },
          notes: [
            `tb-refs in-process time ${fmt(tb.ms, 0)} ms (${tb.files} files changed, ${tb.renames} renamed, ${tb.warnings} warnings; by kind ${JSON.stringify(tb.byKind)})`,
            `peer in-process time ${fmt(naive.ms, 0)} ms (${naive.files} source files loaded, ${naive.hits} string literals containing the name)`,
            'timed passes are whole child processes (node start, module loading, reading the files); peak RSS is each child\'s process.resourceUsage().maxRSS',
          ],
        };
      },
    },
    {
      name: 'graph',
      title: 'Build the dependency graph (parse + SQL references + resolution), beside parsing alone',
      prepare: (set) => set.files.filter((f) => f.relPath.endsWith('.datasource') || f.relPath.endsWith('.pipe')),
      tbRefs: {
        label: 'tb-refs buildGraph (default options: files are parsed again when their tree is read)',
        run: (files) => graph.buildGraph(files.map((f) => ({ path: f.relPath, source: f.content }))).edges.length,
      },
      peer: {
        label: 'tb-refs parseDatafile only (target: ratio >= 0.5, i.e. graph costs at most as much again as parsing)',
        run: (files) => files.reduce((n, f) => n + tb.parseDatafile(f.content, { fileName: f.relPath }).diagnostics.length, 0),
      },
      check(_set, files) {
        const sources = files.map((f) => ({ path: f.relPath, source: f.content }));
        const g = graph.buildGraph(sources);
        // What `tb-refs lint` builds: every parse result kept for the rules. Timed here only as
        // a note (five interleaved rounds), so the table's ratio stays the graph commands' cost.
        const keep = [];
        const parse = [];
        for (let i = 0; i < 5; i++) {
          keep.push(timeOnce(() => graph.buildGraph(sources, '.', { keepParsed: true }).edges.length, undefined, false));
          parse.push(timeOnce(() => files.reduce((n, f) => n + tb.parseDatafile(f.content, { fileName: f.relPath }).diagnostics.length, 0), undefined, false));
        }
        const k = median(keep);
        const p = median(parse);
        return {
          columns: { references: g.references.length, edges: g.edges.length },
          notes: [`buildGraph with keepParsed (what lint builds): median ${fmt(k, 0)} ms against ${fmt(p, 0)} ms parsing alone, ratio ${fmt(p / k, 2)}`],
        };
      },
    },
    {
      name: 'lint',
      title: 'Cold `tb-refs lint` (a new node process), beside a cold process that only runs the SDK parser',
      sets: (defaults, opts) => lintSets(defaults, opts),
      tbRefs: { label: 'node bin/tb-refs.mjs lint <dir> --format json (the bundled CLI after pnpm build)', run: (set) => coldRun(set, 'lint') },
      peer: { label: 'node -e <read + @tinybirdco/sdk parseResourceFile every file>', run: (set) => coldRun(set, 'sdk') },
      check(set) {
        const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/tb-refs.mjs'), 'lint', set.dir, '--format', 'json'], { env: childEnv, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
        if (r.status !== 0 && r.status !== 1) fail(`lint case: tb-refs lint exited ${r.status}:\n${r.stderr}`);
        const results = JSON.parse(r.stdout);
        const problems = results.reduce((n, f) => n + f.errorCount + f.warningCount, 0);
        const notes = ['timed passes are whole processes: node start, module loading, reading, parsing, graph, rules, JSON output'];
        if (childEnv !== process.env) {
          notes.push(`both sides ran without NODE_EXTRA_CA_CERTS (--keep-env keeps it); here it costs every node start ${fmt(bareNodeStart(process.env) - bareNodeStart(childEnv), 0)} ms (median \`node -e 0\` with minus without)`);
        }
        return { columns: { 'files linted': results.length, problems }, notes };
      },
    },
  ];
}

// ---------------------------------------------------------------------------
// Lint case: cold processes on one real project and the synthetic one

const LINT_PROJECT = 'linuxfoundation__crowd.dev/services/libs/tinybird';

function lintSets(defaults, opts) {
  const sets = [];
  const crowd = path.join(opts.corpus, LINT_PROJECT);
  if (fs.existsSync(crowd)) sets.push(loadDir('crowd.dev', crowd));
  else console.log(`notice: ${crowd} not found; the lint case runs on the synthetic project only`);
  const synth = defaults.find((s) => s.name === 'synthetic');
  if (synth) sets.push(synth);
  return sets;
}

const SDK_CHILD = `
  const [dir, parsePath] = process.argv.slice(1);
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { parseResourceFile } = await import(parsePath);
  let rejects = 0;
  for (const rel of fs.readdirSync(dir, { recursive: true })) {
    const f = String(rel);
    const kind = f.endsWith('.datasource') ? 'datasource' : f.endsWith('.pipe') ? 'pipe' : null;
    if (!kind) continue;
    const abs = path.join(dir, f);
    try { parseResourceFile({ kind, filePath: f, absolutePath: abs, name: path.basename(f).split('.')[0], content: fs.readFileSync(abs, 'utf8') }); } catch { rejects++; }
  }`;

/** One cold process of a lint-case side; the timing harness measures the whole call. */
function coldRun(set, side) {
  const args = side === 'lint'
    ? [path.join(ROOT, 'bin/tb-refs.mjs'), 'lint', set.dir, '--format', 'json']
    : ['--input-type=module', '-e', SDK_CHILD, set.dir, pathToFileURL(path.join(ROOT, 'node_modules/@tinybirdco/sdk/dist/migrate/parse.js')).href];
  const r = spawnSync(process.execPath, args, { env: childEnv, stdio: 'ignore' });
  if (r.status !== 0 && !(side === 'lint' && r.status === 1)) fail(`lint case, ${side} side exited ${r.status}`);
  return r.status;
}

// ---------------------------------------------------------------------------
// Rename case: input set and child processes

const RENAME = {
  corpusProject: 'linuxfoundation__crowd.dev/services/libs/tinybird',
  target: 'activities_filtered',
  newName: 'activities_filtered_v2',
  files: 2000,
  callers: 300,
  seed: 42,
};

/** The crowd.dev project and the generated app under .bench-tmp/, (re)built when missing or stale. */
function renameSets(opts) {
  const source = path.join(opts.corpus, RENAME.corpusProject);
  if (!fs.existsSync(source)) {
    console.log(`notice: ${source} not found; skipping the rename case`);
    return [];
  }
  const dir = path.join(ROOT, '.bench-tmp', `rename-crowd-${RENAME.files}-s${RENAME.seed}`);
  const stamp = JSON.stringify({ version: APP_GENERATOR_VERSION, ...RENAME });
  const stampFile = path.join(dir, 'bench-manifest.json');
  if (!fs.existsSync(stampFile) || fs.readFileSync(stampFile, 'utf8') !== stamp) {
    const t0 = performance.now();
    process.stdout.write(`generating the rename input (${RENAME.files} TypeScript files + ${RENAME.corpusProject}) in ${path.relative(ROOT, dir)}/ … `);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(source, path.join(dir, 'tinybird'), { recursive: true });
    // A `.git` folder marks the repository root, as in a real checkout. Without it, tb-refs
    // (which honours .gitignore files up to the repository root) would apply this repo's
    // `.bench-tmp/` ignore rule and find no datafiles.
    fs.mkdirSync(path.join(dir, '.git'));
    const endpoints = fs.readdirSync(path.join(dir, 'tinybird'), { recursive: true })
      .filter((f) => String(f).endsWith('.pipe'))
      .map((f) => path.basename(String(f), '.pipe'))
      .sort();
    writeTsApp(dir, { count: RENAME.files, seed: RENAME.seed, endpoints, target: RENAME.target, callers: RENAME.callers });
    fs.writeFileSync(stampFile, stamp);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const all = walk(dir);
  const datafiles = all.filter((f) => /\.(datasource|pipe|incl)$/.test(f));
  const scripts = all.filter((f) => f.endsWith('.ts'));
  const bytes = [...datafiles, ...scripts].reduce((n, f) => n + fs.statSync(f).size, 0);
  const candidates = scripts.filter((f) => fs.readFileSync(f, 'utf8').includes(RENAME.target)).length;
  const set = { name: 'crowd.dev+app', dir, files: [...datafiles, ...scripts], skipped: {}, bytes, tsFiles: scripts.length, candidates };
  console.log(`  ${set.name.padEnd(14)} ${String(set.files.length).padStart(6)} files  ${fmt(mb(bytes))} MB  ${dir}  (${datafiles.length} datafiles, ${scripts.length} .ts, ${candidates} mention ${RENAME.target})`);
  return [set];
}

const CHILD = {
  // The CLI exactly as users run it, in-process in the child, with output captured.
  'tb-refs': `
    const [cwd, cliMain, ...argv] = process.argv.slice(1);
    const { main } = await import(cliMain);
    let out = '';
    const io = { stdout: (t) => { out += t; }, stderr: () => {}, cwd, isTTY: false, env: {} };
    const t0 = performance.now();
    const code = await main(argv, io);
    const ms = performance.now() - t0;
    if (code !== 0) { console.error(out); process.exit(1); }
    const plan = JSON.parse(out);
    const tsEdits = plan.edits.filter((e) => e.kind.startsWith('ts ')).length;
    console.log(JSON.stringify({ ms, rssKB: process.resourceUsage().maxRSS, edits: plan.summary.edits, tsEdits, byKind: plan.summary.byKind,
      files: plan.summary.filesChanged, renames: plan.summary.filesRenamed, warnings: plan.warnings.length }));`,
  // The naive approach: a ts-morph Project over the whole tsconfig, then a walk of every string.
  naive: `
    const [cwd, codemodPackage, name] = process.argv.slice(1);
    const { createRequire } = await import('node:module');
    const { Project, SyntaxKind } = createRequire(codemodPackage)('ts-morph');
    const kinds = new Set([SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateHead, SyntaxKind.TemplateMiddle, SyntaxKind.TemplateTail]);
    const t0 = performance.now();
    const project = new Project({ tsConfigFilePath: cwd + '/tsconfig.json' });
    let files = 0, hits = 0;
    for (const sf of project.getSourceFiles()) {
      files++;
      sf.forEachDescendant((n) => { if (kinds.has(n.getKind()) && n.getText().includes(name)) hits++; });
    }
    console.log(JSON.stringify({ ms: performance.now() - t0, rssKB: process.resourceUsage().maxRSS, files, hits }));`,
};

/** Runs one side of the rename case in a fresh node process and returns what it reported. */
function runChild(set, side) {
  const args = side === 'tb-refs'
    ? [set.dir, pathToFileURL(path.join(ROOT, 'packages/cli/dist/main.js')).href, 'rename', RENAME.target, RENAME.newName, 'tinybird', '--ts', 'tsconfig.json', '--format', 'json']
    : [set.dir, path.join(ROOT, 'packages/codemod/package.json'), RENAME.target];
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD[side], ...args], { cwd: set.dir, env: childEnv, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) fail(`rename case, ${side} side failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function parseResourceFile(sdk, f) {
  return sdk.parseResourceFile(f.sdkResource);
}

function top(map, k = 6) {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([m, c]) => `${c}× ${m.length > 90 ? m.slice(0, 87) + '…' : m}`)
    .join('; ') + (map.size > k ? `; … (${map.size - k} more kinds)` : '');
}

// ---------------------------------------------------------------------------
// Output

const mb = (bytes) => bytes / 1e6;
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');

function table(rows) {
  const headers = Object.keys(rows[0]);
  const cells = rows.map((r) => headers.map((h) => String(r[h])));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (cs) => cs.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** HEAD's short hash, marked `+dirty` when the parser's sources differ from it (dist is built from the working tree). */
function gitHead() {
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'packages/parser/src', 'packages/core/src') !== '';
    return dirty ? `${head}+dirty (uncommitted parser/core changes)` : head;
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  setChildEnv(opts);
  const tb = await loadTbRefs(opts.parser);
  const sdk = await loadSdk();
  const started = performance.now();

  const cpus = os.cpus();
  const env = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    sdk: sdk.version,
    commit: gitHead(),
  };
  console.log(`tb-refs bench — ${env.date}`);
  console.log(`node ${env.node}, ${env.platform}, ${env.cores} cores (${env.cpu}), @tinybirdco/sdk ${env.sdk}, commit ${env.commit}`);
  console.log(`${opts.quick ? 'quick: ' : ''}${opts.warmup} warmup + up to ${opts.iterations} timed passes per side (median reported, ${opts.budget} s budget per set)${opts.gcEachPass ? ', forced gc() before each pass' : ', no forced GC between passes'}`);

  const graph = await import(pathToFileURL(path.join(ROOT, 'packages/graph/dist/index.js')).href);
  let cases = makeCases(tb, sdk, graph);
  if (opts.cases) {
    const unknown = opts.cases.filter((n) => !cases.some((c) => c.name === n));
    if (unknown.length) fail(`unknown case(s): ${unknown.join(', ')}; known: ${cases.map((c) => c.name).join(', ')}`);
    cases = cases.filter((c) => opts.cases.includes(c.name));
  }

  // Read everything first.
  const sets = [];
  if (fs.existsSync(opts.corpus) && fs.statSync(opts.corpus).isDirectory()) {
    const corpus = loadDir('corpus', opts.corpus);
    sets.push(corpus);
    const ok = corpus.files.filter((f) => {
      try {
        parseResourceFile(sdk, f);
        return true;
      } catch {
        return false;
      }
    });
    sets.push(makeSet('corpus-sdk-ok', opts.corpus, ok));
  } else {
    console.log(`\nnotice: corpus not found at ${opts.corpus}; benchmarking only the synthetic project`);
  }
  const synth = loadDir('synthetic', ensureSynthetic(opts.count, opts.seed));
  sets.push(synth);
  for (const s of sets) {
    const skipped = Object.entries(s.skipped).map(([ext, n]) => `${n} ${ext}`).join(', ');
    console.log(`  ${s.name.padEnd(14)} ${String(s.files.length).padStart(6)} files  ${fmt(mb(s.bytes))} MB  ${s.dir}${skipped ? `  (skipped: ${skipped})` : ''}`);
  }

  const results = [];
  for (const c of cases) {
    console.log(`\n## ${c.name}: ${c.title}`);
    console.log(`tb-refs: ${c.tbRefs.label}${c.peer ? `   peer: ${c.peer.label}` : ''}`);
    const rows = [];
    const details = [];
    // A case may bring its own input sets (`sets(defaultSets, opts)`), as `rename` does.
    for (const set of c.sets ? c.sets(sets, opts) : sets) {
      const input = c.prepare ? c.prepare(set) : set;
      const check = c.check ? c.check(set, input) : { columns: {}, notes: [] };
      const sides = [c.tbRefs, ...(c.peer ? [c.peer] : [])];
      const [tbT, peerT] = timeSides(sides, input, opts);
      const tbMBs = mb(set.bytes) / (tbT.medianMs / 1000);
      const peerMBs = peerT ? mb(set.bytes) / (peerT.medianMs / 1000) : NaN;
      // Median over rounds of (peer time ÷ tb-refs time) in the same round: the two runs of a
      // round are adjacent in time, so this cancels most of the machine's slow spells.
      const paired = peerT ? median(tbT.ms.map((t, i) => peerT.ms[i] / t)) : NaN;
      const row = {
        set: set.name,
        files: set.files.length,
        MB: fmt(mb(set.bytes)),
        'tb-refs MB/s': fmt(tbMBs, 1),
      };
      if (c.peer) {
        row['peer MB/s'] = fmt(peerMBs, 1);
        row['ratio'] = fmt(tbMBs / peerMBs) + '×';
        row['paired'] = fmt(paired) + '×';
      }
      Object.assign(row, check.columns);
      rows.push(row);
      details.push(
        `  ${set.name}: tb-refs median ${fmt(tbT.medianMs, 1)} ms (min ${fmt(tbT.minMs, 1)}, n=${tbT.ms.length})` +
          (peerT ? `; peer median ${fmt(peerT.medianMs, 1)} ms (min ${fmt(peerT.minMs, 1)}, n=${peerT.ms.length})` : ''),
      );
      for (const n of check.notes ?? []) details.push(`  ${set.name}: ${n}`);
      results.push({
        case: c.name,
        set: set.name,
        files: set.files.length,
        bytes: set.bytes,
        tbRefs: { label: c.tbRefs.label, mbPerS: tbMBs, ...tbT },
        peer: peerT ? { label: c.peer.label, mbPerS: peerMBs, ...peerT } : null,
        ratio: peerT ? tbMBs / peerMBs : null,
        pairedRatio: peerT ? paired : null,
        columns: check.columns,
        stats: check.stats ?? null,
      });
    }
    if (c.peer) {
      console.log(`(ratio = tb-refs MB/s ÷ peer MB/s of the medians, above 1 means tb-refs is faster;`);
      console.log(` paired = median over rounds of the same ratio within one round, less sensitive to machine noise)`);
    }
    console.log(table(rows));
    console.log(details.join('\n'));
  }

  sampleRss();
  const maxRss = process.resourceUsage().maxRSS * 1024; // kB → bytes
  const elapsed = (performance.now() - started) / 1000;
  console.log(`\npeak RSS ${fmt(maxRss / 2 ** 20, 0)} MiB (process.resourceUsage().maxRSS; highest process.memoryUsage().rss sample ${fmt(rssSampleMax / 2 ** 20, 0)} MiB)`);
  console.log(`total ${fmt(elapsed, 1)} s`);

  if (opts.json) {
    fs.mkdirSync(path.dirname(opts.json), { recursive: true });
    fs.writeFileSync(
      opts.json,
      JSON.stringify({ env, options: { ...opts, corpus: opts.corpus }, sets: sets.map((s) => ({ name: s.name, dir: s.dir, files: s.files.length, bytes: s.bytes, skipped: s.skipped })), results, peakRssBytes: maxRss, rssSampleMaxBytes: rssSampleMax, elapsedSeconds: elapsed }, null, 2) + '\n',
    );
    console.log(`wrote ${path.relative(process.cwd(), opts.json) || opts.json}`);
  }
}

await main();
