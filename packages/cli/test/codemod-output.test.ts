import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodemodPlan } from '@tb-refs/codemod';
import { afterEach, describe, expect, test } from 'vitest';
import { unifiedDiff } from '../src/codemod-output/unified-diff.js';
import { nodeWriterFs, writePlan, type WriterFs } from '../src/write-plan.js';

describe('unifiedDiff', () => {
  test('equal texts give nothing', () => {
    expect(unifiedDiff('a\n', 'a\n')).toBe('');
  });

  test('one changed line with three lines of context', () => {
    const before = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\n';
    expect(unifiedDiff(before, before.replace('l5', 'L5'))).toBe('@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n');
  });

  test('changes far apart make two hunks; close ones share one', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i + 1}\n`).join('');
    const far = unifiedDiff(lines, lines.replace('l2\n', 'X\n').replace('l19\n', 'Y\n'));
    expect(far.match(/^@@/gm)).toHaveLength(2);
    const near = unifiedDiff(lines, lines.replace('l2\n', 'X\n').replace('l8\n', 'Y\n'));
    expect(near.match(/^@@/gm)).toHaveLength(1);
  });

  test('a last line without newline is marked, CRLF is kept', () => {
    expect(unifiedDiff('a\r\nb', 'a\r\nc')).toBe('@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
  });

  test('added and removed lines', () => {
    expect(unifiedDiff('a\nb\n', 'a\nx\nb\n')).toBe('@@ -1,2 +1,3 @@\n a\n+x\n b\n');
    expect(unifiedDiff('a\n', '')).toBe('@@ -1 +0,0 @@\n-a\n');
  });
});

describe('writePlan', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function setup(): CodemodPlan {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-write-'));
    writeFileSync(path.join(dir, 'a.pipe'), 'FROM old\r\n');
    writeFileSync(path.join(dir, 'b.pipe'), 'FROM old\n');
    writeFileSync(path.join(dir, 'old.datasource'), 'SCHEMA >\n');
    chmodSync(path.join(dir, 'a.pipe'), 0o600);
    const change = (name: string, before: string) => ({ path: name, absolutePath: path.join(dir, name), before, after: before.replace('old', 'new'), edits: [] });
    return {
      operation: 'rename', oldName: 'old', newName: 'new', resourceKind: 'datasource', root: dir, warnings: [],
      changes: [change('a.pipe', 'FROM old\r\n'), change('b.pipe', 'FROM old\n')],
      renames: [{ from: 'old.datasource', to: 'new.datasource', absoluteFrom: path.join(dir, 'old.datasource'), absoluteTo: path.join(dir, 'new.datasource'), reason: 'resource' }],
    };
  }

  const state = () => ['a.pipe', 'b.pipe', 'old.datasource', 'new.datasource'].map((f) => (existsSync(path.join(dir, f)) ? `${f}=${JSON.stringify(readFileSync(path.join(dir, f), 'utf8'))}` : `${f} missing`));

  test('writes contents, keeps modes, then moves', async () => {
    await writePlan(setup());
    expect(state()).toEqual(['a.pipe="FROM new\\r\\n"', 'b.pipe="FROM new\\n"', 'old.datasource missing', 'new.datasource="SCHEMA >\\n"']);
    expect(statSync(path.join(dir, 'a.pipe')).mode & 0o777).toBe(0o600);
  });

  test('a failing move undoes the content already written', async () => {
    const plan = setup();
    const before = state();
    const failing: WriterFs = { ...nodeWriterFs, rename: (from, to) => (to.endsWith('new.datasource') ? Promise.reject(new Error('EIO: disk on fire')) : nodeWriterFs.rename(from, to)) };
    await expect(writePlan(plan, failing)).rejects.toThrow('Could not write old.datasource: EIO: disk on fire. Every file was restored; nothing changed.');
    expect(state()).toEqual(before);
    expect(statSync(path.join(dir, 'a.pipe')).mode & 0o777).toBe(0o600);
  });

  test('when restoring fails too, the error says which files to check', async () => {
    const plan = setup();
    let calls = 0;
    const failing: WriterFs = { ...nodeWriterFs, writeFile: (f, d) => (++calls >= 2 ? Promise.reject(new Error('ENOSPC')) : nodeWriterFs.writeFile(f, d)) };
    await expect(writePlan(plan, failing)).rejects.toThrow(/restoring failed too for: .*a\.pipe/);
  });
});
