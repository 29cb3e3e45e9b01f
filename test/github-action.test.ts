import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO, snapshotRepo } from './repo-snapshot.js';
import { parseYaml, type YamlValue } from './yaml-lite.js';

/**
 * Runs the composite action in action.yml the way the runner would, without GitHub: each step's
 * `run:` script with `bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`), its
 * `env:` and `if:` evaluated, GITHUB_* variables pointing at temp files, in a temp workspace
 * holding a copy of tinybird/. GITHUB_ACTION_PATH is a clean snapshot of this repository (no
 * node_modules, no dist), so the install step really installs and builds tb-refs with npm.
 */

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}

interface Action {
  inputs: Record<string, { default?: string; required?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parseYaml(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as unknown as Action;

let actionPath: string;
let cleanupSnapshot: () => void = () => undefined;
const temps: string[] = [];

beforeAll(() => {
  const snapshot = snapshotRepo();
  actionPath = snapshot.dir;
  cleanupSnapshot = snapshot.cleanup;
});

afterAll(() => {
  cleanupSnapshot();
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

interface Context {
  readonly inputs: Record<string, string>;
  readonly github: Record<string, string>;
  readonly steps: Record<string, { outputs: Record<string, string> }>;
}

/** `${{ inputs.x }}`, `${{ github.x }}`, `${{ steps.id.outputs.x }}`; anything else throws. */
function evaluate(text: string, context: Context): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const value = lookup(expression, context);
    if (value === undefined) throw new Error(`cannot evaluate \${{ ${expression} }}`);
    return value;
  });
}

function lookup(expression: string, context: Context): string | undefined {
  const [scope, ...rest] = expression.split('.');
  if (scope === 'inputs' && rest.length === 1) return context.inputs[rest[0]!] ?? '';
  if (scope === 'github' && rest.length === 1) return context.github[rest[0]!];
  if (scope === 'steps' && rest.length === 3 && rest[1] === 'outputs') return context.steps[rest[0]!]?.outputs[rest[2]!] ?? '';
  return undefined;
}

/** The `if:` forms action.yml uses: `inputs.x != ''` and `inputs.x == ''`. */
function condition(expression: string, context: Context): boolean {
  const match = /^inputs\.([\w-]+) (==|!=) ''$/.exec(expression.trim());
  if (!match) throw new Error(`unsupported if: ${expression}`);
  const empty = (context.inputs[match[1]!] ?? '') === '';
  return match[2] === '==' ? empty : !empty;
}

function parseOutputFile(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

interface StepResult {
  readonly name: string;
  readonly skipped: boolean;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface ActionRun {
  readonly steps: StepResult[];
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** Folders the steps added to the PATH of later steps ($GITHUB_PATH). */
  readonly path: string[];
  readonly failed: boolean;
}

/** Runs the action's steps in `workspace` with `inputs` (the rest default), stopping at the first failure, like the runner. */
function runAction(workspace: string, given: Record<string, string>): ActionRun {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-action-runner-'));
  temps.push(temp);
  const files = { GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_STEP_SUMMARY: path.join(temp, 'summary.md'), GITHUB_ENV: path.join(temp, 'env'), GITHUB_PATH: path.join(temp, 'path') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, given[name] ?? spec.default ?? '']));
  for (const name of Object.keys(given)) if (!(name in action.inputs)) throw new Error(`no input ${name}`);
  const context: Context = { inputs, github: { action_repository: 'acme/tb-refs', action_ref: 'v1' }, steps: {} };
  const results: StepResult[] = [];
  let failed = false;
  for (const step of action.runs.steps) {
    const name = step.name ?? step.id ?? '?';
    if (failed || (step.if !== undefined && !condition(step.if, context))) {
      results.push({ name, skipped: true, status: null, stdout: '', stderr: '' });
      continue;
    }
    if (step.run === undefined) throw new Error(`step "${name}" (uses: ${step.uses}) would run; this test only runs run: steps`);
    expect(step.shell).toBe('bash');
    writeFileSync(files.GITHUB_OUTPUT, '');
    const script = path.join(temp, `${results.length}.sh`);
    writeFileSync(script, evaluate(step.run, context));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: 'abc123',
      RUNNER_TEMP: temp,
      ...files,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, context)])),
    };
    const child = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8', timeout: 600_000 });
    results.push({ name, skipped: false, status: child.status, stdout: child.stdout, stderr: child.stderr });
    if (step.id !== undefined) context.steps[step.id] = { outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')) };
    if (child.status !== 0) failed = true;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, evaluate(v.value, context)]));
  const added = readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean);
  return { steps: results, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'), path: added, failed };
}

function workspaceWith(files: Record<string, string> = {}): string {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-action-workspace-'));
  temps.push(workspace);
  cpSync(path.join(REPO, 'tinybird'), path.join(workspace, 'tinybird'), { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), text);
  }
  return workspace;
}

describe('action.yml', () => {
  test('declares a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['path', 'config', 'sarif-file', 'max-warnings', 'changed-since', 'node-version']);
    expect(Object.keys(action.outputs)).toEqual(['exit-code', 'error-count', 'warning-count']);
    expect(action.runs.steps.map((s) => s.name)).toEqual(['Set up Node.js', 'Install tb-refs', 'Lint']);
    // Inputs reach the scripts through env:, never spliced into the script text.
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });

  test('on tinybird/: installs tb-refs from the action\'s checkout, annotates, writes the summary and SARIF, fails on the error', { timeout: 600_000 }, () => {
    const workspace = workspaceWith();
    const run = runAction(workspace, { path: 'tinybird', 'sarif-file': 'results/tb-refs.sarif' });
    const [setup, install, lint] = run.steps;
    expect(setup).toMatchObject({ name: 'Set up Node.js', skipped: true });
    expect({ status: install!.status, stderr: install!.stderr }).toEqual({ status: 0, stderr: '' });
    expect(install!.stdout).toMatch(/^tb-refs 0\.1\.0\n$/m);
    expect(existsSync(path.join(actionPath, 'packages/cli/dist/bin.js'))).toBe(true);
    // Later steps of the job get `tb-refs` on their PATH.
    expect(run.path).toHaveLength(1);
    const later = spawnSync('tb-refs', ['graph', 'tinybird', '--select', 'segments_filtered'], {
      cwd: workspace, encoding: 'utf8', env: { PATH: `${run.path[0]}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    expect({ status: later.status, stderr: later.stderr }).toEqual({ status: 0, stderr: '' });
    expect(later.stdout).toContain('segments_filtered');

    // Annotations: one workflow command per finding, paths from the workspace root.
    expect(lint!.status).toBe(1);
    expect(lint!.stderr).toBe('');
    expect(lint!.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      expect.stringMatching(/^::error file=tinybird\/datasources\/segments\.datasource,line=22,col=1,endLine=22,endColumn=\d+,title=tb-refs\(replacing-merge-tree-version\)::ReplacingMergeTree "segments" has no ENGINE_VER/),
      expect.stringMatching(/^::warning file=tinybird\/endpoints\/activities_raw_recent\.pipe,line=19,col=10,endLine=19,endColumn=20,title=tb-refs\(endpoint-reads-raw-datasource\)::Endpoint "activities_raw_recent" reads the raw landing datasource "activities"/),
    ]);
    expect(lint!.stdout.trim().split('\n')).toHaveLength(2);

    // The job summary: every finding, linked to the commit's sources and to the rule docs at the action's ref.
    expect(run.summary).toMatch(/^### tb-refs lint\n\n❌ 2 problems \(1 error, 1 warning\) in 2 files\.\n/);
    expect(run.summary).toContain('[`tinybird/datasources/segments.datasource:22`](https://github.com/acme/app/blob/abc123/tinybird/datasources/segments.datasource#L22)');
    expect(run.summary).toContain('[`replacing-merge-tree-version`](https://github.com/acme/tb-refs/blob/v1/rules/replacing-merge-tree-version.md)');

    // SARIF for code scanning.
    const sarif = JSON.parse(readFileSync(path.join(workspace, 'results/tb-refs.sarif'), 'utf8')) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['replacing-merge-tree-version', 'error', 'tinybird/datasources/segments.datasource', 22],
      ['endpoint-reads-raw-datasource', 'warning', 'tinybird/endpoints/activities_raw_recent.pipe', 19],
    ]);
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'replacing-merge-tree-version')?.helpUri).toBe('https://github.com/acme/tb-refs/blob/v1/rules/replacing-merge-tree-version.md');

    expect(run.outputs).toEqual({ 'exit-code': '1', 'error-count': '1', 'warning-count': '1' });
    expect(run.failed).toBe(true);
    // The extra runs for the summary, SARIF and counts read the cache the first one wrote.
    expect(existsSync(path.join(workspace, 'node_modules/.cache/tb-refs'))).toBe(true);
  });

  test('a config input and max-warnings: warnings pass by default and fail beyond the limit; the install step reuses the build', { timeout: 120_000 }, () => {
    const workspace = workspaceWith({ 'ci/tb-refs.json': JSON.stringify({ rules: { 'replacing-merge-tree-version': 'off' } }) });
    const lenient = runAction(workspace, { path: 'tinybird', config: 'ci/tb-refs.json' });
    expect(lenient.steps.map((s) => s.status)).toEqual([null, 0, 0]);
    expect(lenient.steps[1]!.stdout).toBe('tb-refs 0.1.0\n');
    expect(lenient.outputs).toEqual({ 'exit-code': '0', 'error-count': '0', 'warning-count': '1' });
    expect(lenient.summary).toMatch(/^### tb-refs lint\n\n⚠️ 1 problem \(0 errors, 1 warning\) in 1 file\.\n/);

    const strict = runAction(workspace, { path: 'tinybird', config: 'ci/tb-refs.json', 'max-warnings': '0' });
    expect(strict.steps[2]!.status).toBe(1);
    expect(strict.steps[2]!.stderr).toBe('tb-refs: too many warnings (1, --max-warnings 0)\n');
    expect(strict.outputs['exit-code']).toBe('1');
  });

  test('several paths, a datafile among them', { timeout: 120_000 }, () => {
    const workspace = workspaceWith();
    const run = runAction(workspace, { path: 'tinybird/endpoints/activities_raw_recent.pipe tinybird/pipes/segments_filtered.pipe' });
    expect(run.steps[2]!.status).toBe(0);
    expect(run.steps[2]!.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^::warning file=tinybird\/endpoints\/activities_raw_recent\.pipe,line=19,/)]);
    expect(run.outputs).toEqual({ 'exit-code': '0', 'error-count': '0', 'warning-count': '1' });
  });

  test('a usage error (a missing path) fails the step with exit code 2 and writes no summary', { timeout: 120_000 }, () => {
    const workspace = workspaceWith();
    const run = runAction(workspace, { path: 'nope' });
    expect(run.steps[2]).toMatchObject({ status: 2, stdout: '', stderr: 'tb-refs: path "nope" does not exist\n' });
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.summary).toBe('');
  });
});
