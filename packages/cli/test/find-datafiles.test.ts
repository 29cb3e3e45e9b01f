import path from 'node:path';
import { UsageError } from '@tb-refs/core';
import { afterEach, describe, expect, test } from 'vitest';
import { findDatafiles } from '../src/find-datafiles.js';
import { cleanupProjects, createProject } from './helpers.js';

afterEach(cleanupProjects);

describe('findDatafiles', () => {
  test('finds every datafile kind recursively, sorted, relative to the cwd', async () => {
    const root = createProject({
      'pipes/b.pipe': '',
      'datasources/z.datasource': '',
      'datasources/A.datasource': '',
      'includes/shared.incl': '',
      'README.md': '',
      'pipes/notes.txt': '',
    });
    expect(await findDatafiles(['.'], root)).toEqual([
      'datasources/A.datasource',
      'datasources/z.datasource',
      'includes/shared.incl',
      'pipes/b.pipe',
    ]);
  });

  test('skips .gitignore\'d files, node_modules and dot-directories', async () => {
    const root = createProject({
      '.gitignore': 'generated/\n*.tmp.pipe\n',
      'kept.pipe': '',
      'draft.tmp.pipe': '',
      'generated/out.datasource': '',
      'node_modules/some-pkg/x.datasource': '',
      'nested/node_modules/y.pipe': '',
      '.cache/z.pipe': '',
    });
    expect(await findDatafiles(['.'], root)).toEqual(['kept.pipe']);
  });

  test('takes single files, even ignored ones, and dedupes overlapping paths', async () => {
    const root = createProject({ '.gitignore': 'ignored.pipe\n', 'a/x.pipe': '', 'ignored.pipe': '' });
    expect(await findDatafiles(['a/x.pipe', 'a', 'ignored.pipe'], root)).toEqual(['a/x.pipe', 'ignored.pipe']);
  });

  test('paths are relative to the cwd, also above it', async () => {
    const root = createProject({ 'project/a.pipe': '', 'other/b.pipe': '' });
    const cwd = path.join(root, 'project');
    expect(await findDatafiles(['.', '../other'], cwd)).toEqual(['../other/b.pipe', 'a.pipe']);
    expect(await findDatafiles([path.join(root, 'other')], cwd)).toEqual(['../other/b.pipe']);
  });

  test('a missing path, a non-datafile, or no datafiles at all is a UsageError', async () => {
    const root = createProject({ 'notes.md': '', 'empty/.keep': '' });
    await expect(findDatafiles(['nope'], root)).rejects.toThrow(new UsageError('path "nope" does not exist'));
    await expect(findDatafiles(['notes.md'], root)).rejects.toThrow(
      new UsageError('"notes.md" is not a Tinybird datafile (expected .datasource, .pipe, .incl)'),
    );
    await expect(findDatafiles(['empty'], root)).rejects.toThrow(
      new UsageError('no Tinybird datafiles (*.datasource, *.pipe, *.incl) found in "empty"'),
    );
  });
});
