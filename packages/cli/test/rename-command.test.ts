import { execFileSync } from 'node:child_process';
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanupCopies, copyOf, differences, read, REPO, run, sampleCopy, snapshot } from './codemod-helpers.js';

afterEach(cleanupCopies);

const FIXTURE = path.join(REPO, 'packages/codemod/test/fixtures/rename/datasource-everywhere');

const hasGit = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('dry run and output formats', () => {
  test.skipIf(!hasGit)('the diff is a patch: git apply on a copy gives the same tree as --write', async () => {
    const dry = copyOf(path.join(FIXTURE, 'before'));
    const { code, out } = await run(['rename', 'events', 'page_events', '.', '--ts', 'app/**/*.ts'], dry);
    expect(code).toBe(0);
    const untouched = snapshot(dry);
    // The patch goes to git on stdin, so no file is left behind in the temp folder.
    execFileSync('git', ['apply', '--whitespace=nowarn', '-'], { cwd: dry, input: out });
    const written = copyOf(path.join(FIXTURE, 'before'));
    expect((await run(['rename', 'events', 'page_events', '.', '--ts', 'app/**/*.ts', '--write'], written)).code).toBe(0);
    expect(differences(snapshot(dry), snapshot(written))).toEqual([]);
    expect(differences(untouched, snapshot(written)).length).toBeGreaterThan(0);
    // CRLF lines keep their \r in the patch.
    expect(out).toContain('-    FROM `events` AS e\r\n');
    expect(out).toContain('+    FROM `page_events` AS e\r\n');
  });

  test('--format json lists every edit and move; stdout is only JSON', async () => {
    const dir = sampleCopy(false);
    const { code, out, err } = await run(['rename', 'activities', 'activities_new', 'tinybird', '--no-ts', '-f', 'json'], dir);
    expect(code).toBe(0);
    expect(err).toBe('');
    const json = JSON.parse(out) as { written: boolean; edits: Record<string, unknown>[]; renames: unknown[]; summary: { byKind: object } };
    expect(json.written).toBe(false);
    expect(json.edits).toContainEqual({
      file: 'tinybird/pipes/activities_deduplicated_copy_pipe.pipe', range: [expect.any(Number), expect.any(Number)],
      line: 31, column: 10, endLine: 31, endColumn: 20, kind: 'from', before: 'activities', after: 'activities_new',
    });
    expect(json.renames).toEqual([{ from: 'tinybird/datasources/activities.datasource', to: 'tinybird/datasources/activities_new.datasource', reason: 'resource' }]);
    expect(json.summary.byKind).toEqual({ from: 2 });
  });

  test('--ts accepts a tsconfig.json; --no-ts skips TypeScript', async () => {
    const dir = sampleCopy(true);
    const withConfig = await run(['rename', 'activities', 'activities_new', 'tinybird', '--ts', 'tsconfig.json', '-f', 'json'], dir);
    expect((JSON.parse(withConfig.out) as { summary: { byKind: object } }).summary.byKind).toEqual({ from: 2, 'ts url': 1, 'ts sdk': 1, 'ts sql': 1 });
    const off = await run(['rename', 'activities', 'activities_new', 'tinybird', '--no-ts', '-f', 'json'], dir);
    expect((JSON.parse(off.out) as { summary: { byKind: object } }).summary.byKind).toEqual({ from: 2 });
    const none = await run(['rename', 'activities', 'activities_new', 'tinybird', '--ts', 'nothing/**/*.ts'], dir);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--ts "nothing/**/*.ts" matches no TypeScript or JavaScript files');
  });
});

describe('refusals exit 2 and write nothing', () => {
  test.for([
    [['rename', 'activitis', 'x', 'tinybird'], 'No datasource or pipe named "activitis" (the old name)', 'Did you mean "activities"?'],
    [['rename', 'activities', 'members', 'tinybird'], '"members" already exists (datasources/members.datasource)', 'tb-refs repoint'],
    [['rename', 'activities', 'activities-new', 'tinybird'], '"activities-new" is not a valid Tinybird resource name', 'letters, digits and underscores'],
    [['repoint', 'activities', 'activities_nwe', 'tinybird'], 'No datasource or pipe named "activities_nwe" (the new name)', 'Did you mean'],
    [['repoint', 'activities', 'members', 'tinybird', '--pipes', 'nope'], 'No pipe named "nope"', ''],
  ] as const)('%s', async ([argv, message, hint]) => {
    const dir = sampleCopy(false);
    const before = snapshot(dir);
    const { code, out, err } = await run([...argv, '--write'], dir);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err).toContain(hint);
    expect(err).not.toContain('internal error');
    expect(differences(before, snapshot(dir))).toEqual([]);
  });

  test('a file that would change has a parse error', async () => {
    const dir = sampleCopy(false);
    const file = path.join(dir, 'tinybird/endpoints/activities_raw_recent.pipe');
    writeFileSync(file, `${read(dir, 'tinybird/endpoints/activities_raw_recent.pipe')}\nNODE broken\nSQL >\n    SELECT 'unclosed FROM activities\n`);
    const before = snapshot(dir);
    const { code, err } = await run(['rename', 'activities', 'activities_new', 'tinybird', '--write'], dir);
    expect(code).toBe(2);
    expect(err).toMatch(/endpoints\/activities_raw_recent\.pipe:\d+:\d+ has a parse error/);
    expect(differences(before, snapshot(dir))).toEqual([]);
  });
});

describe('--write is all-or-nothing', () => {
  test('a failure while writing restores every file already replaced', async () => {
    const dir = sampleCopy(false);
    const before = snapshot(dir);
    // Block the temp file of the second change (changes are written in path order).
    const blocker = path.join(dir, 'tinybird/pipes', `.activities_deduplicated_copy_pipe.pipe.tb-refs-${process.pid}-1.tmp`);
    mkdirSync(blocker);
    const { code, out, err } = await run(['rename', 'activities', 'activities_new', 'tinybird', '--no-ts', '--write'], dir);
    rmdirSync(blocker);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('Could not write pipes/activities_deduplicated_copy_pipe.pipe');
    expect(err).toContain('Every file was restored; nothing changed.');
    expect(differences(before, snapshot(dir))).toEqual([]);
  });

  test('a file edited after planning is not overwritten', async () => {
    const { writePlan } = await import('../src/write-plan.js');
    const { loadProject } = await import('@tb-refs/graph');
    const { renameResource } = await import('@tb-refs/codemod');
    const dir = sampleCopy(false);
    const plan = await renameResource(await loadProject(path.join(dir, 'tinybird')), 'activities', 'activities_new');
    writeFileSync(path.join(dir, 'tinybird/endpoints/activities_raw_recent.pipe'), 'NODE x\nSQL >\n    SELECT 1\n');
    const before = snapshot(dir);
    await expect(writePlan(plan)).rejects.toThrow('endpoints/activities_raw_recent.pipe changed since it was read');
    expect(differences(before, snapshot(dir))).toEqual([]);
  });
});
