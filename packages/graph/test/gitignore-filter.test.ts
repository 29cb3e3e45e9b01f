import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { globbySync } from 'globby';
import { afterEach, describe, expect, test } from 'vitest';
import { DATAFILE_GLOB, findProjectFiles, globGitignored } from '../src/index.js';
import { findGitRoot } from '../src/gitignore-filter.js';

// globby's `gitignore: true` is the reference: the filter exists to give its results faster, so
// every case checks the exact list and that globby, on the same tree on disk, agrees.

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the system temp dir, which must not lie inside a git repository. */
function tempWorld(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-gitignore-'));
  temps.push(dir);
  return dir;
}

/** Writes `files` (world-relative path → text) and runs `git init` in each of `gitRoots`. */
function makeTree(world: string, files: Record<string, string>, gitRoots: readonly string[]): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(world, file)), { recursive: true });
    writeFileSync(path.join(world, file), text);
  }
  for (const root of gitRoots) {
    mkdirSync(path.join(world, root), { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: path.join(world, root), stdio: 'ignore' });
  }
}

function globbyReference(cwd: string, ignore: readonly string[] = [], pattern = DATAFILE_GLOB): string[] {
  return globbySync(pattern, {
    cwd,
    gitignore: true,
    ignore: ['**/node_modules/**', ...ignore],
    dot: false,
    followSymbolicLinks: false,
  }).sort();
}

interface Case {
  readonly name: string;
  /** World-relative path → content. */
  readonly files: Record<string, string>;
  /** World-relative folders to `git init`. */
  readonly git?: readonly string[];
  /** The project root, world-relative; '' for the world itself. */
  readonly root?: string;
  readonly ignore?: readonly string[];
  readonly expected: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: 'root .gitignore',
    files: { '.gitignore': '*.incl\n', 'a.pipe': '', 'b.incl': '', 'sub/c.incl': '', 'sub/d.datasource': '' },
    git: [''],
    expected: ['a.pipe', 'sub/d.datasource'],
  },
  {
    name: 'nested .gitignore applies only below its folder',
    files: { 'sub/.gitignore': 'x.pipe\n', 'x.pipe': '', 'sub/x.pipe': '', 'sub/deeper/x.pipe': '', 'sub/y.pipe': '' },
    git: [''],
    expected: ['sub/y.pipe', 'x.pipe'],
  },
  {
    name: 'anchored /x, at the root and in a nested file',
    files: {
      '.gitignore': '/x.pipe\n',
      'sub/.gitignore': '/y.pipe\n',
      'x.pipe': '', 'sub/x.pipe': '', 'sub/y.pipe': '', 'sub/deep/y.pipe': '', 'y.pipe': '',
    },
    git: [''],
    expected: ['sub/deep/y.pipe', 'sub/x.pipe', 'y.pipe'],
  },
  {
    name: 'middle slash a/b is anchored to its file',
    files: { '.gitignore': 'a/b.pipe\n', 'sub/.gitignore': 'c/d.pipe\n', 'a/b.pipe': '', 'z/a/b.pipe': '', 'sub/c/d.pipe': '', 'c/d.pipe': '' },
    git: [''],
    expected: ['c/d.pipe', 'z/a/b.pipe'],
  },
  {
    name: 'trailing slash matches folders at any depth, not files',
    files: { '.gitignore': 'build/\n', 'build/x.pipe': '', 'sub/build/y.pipe': '', 'build.pipe': '', 'builder/z.pipe': '' },
    git: [''],
    expected: ['build.pipe', 'builder/z.pipe'],
  },
  {
    name: '** patterns',
    files: { '.gitignore': '**/tmp/**\ndocs/**/*.incl\n', 'tmp/a.pipe': '', 'x/tmp/b.pipe': '', 'docs/c.incl': '', 'docs/d/e.incl': '', 'docs/f.pipe': '', 'x/docs/g.incl': '' },
    git: [''],
    expected: ['docs/f.pipe', 'x/docs/g.incl'],
  },
  {
    name: 'negation re-includes a file',
    files: { '.gitignore': '*.pipe\n!keep.pipe\n', 'a.pipe': '', 'keep.pipe': '', 'sub/keep.pipe': '', 'sub/b.pipe': '', 'c.incl': '' },
    git: [''],
    expected: ['c.incl', 'keep.pipe', 'sub/keep.pipe'],
  },
  {
    name: 'negation cannot re-include a file under an excluded folder',
    files: {
      '.gitignore': 'vendor/\n!vendor/keep.pipe\nlib/*\n!lib/keep.pipe\n',
      'vendor/.gitignore': '!keep2.pipe\n',
      'vendor/keep.pipe': '', 'vendor/keep2.pipe': '', 'lib/keep.pipe': '', 'lib/drop.pipe': '', 'lib/in/keep.pipe': '',
    },
    git: [''],
    expected: ['lib/keep.pipe'],
  },
  {
    name: 'a .gitignore above the project root inside the git repository applies',
    files: {
      'repo/.gitignore': 'legacy/\n*.incl\n/proj/only.pipe\n/other.pipe\n',
      'repo/proj/.gitignore': '!keep.incl\n',
      'repo/proj/legacy/x.pipe': '', 'repo/proj/a.incl': '', 'repo/proj/keep.incl': '', 'repo/proj/only.pipe': '',
      'repo/proj/other.pipe': '', 'repo/proj/b.pipe': '',
    },
    git: ['repo'],
    root: 'repo/proj',
    expected: ['b.pipe', 'keep.incl', 'other.pipe'],
  },
  {
    name: 'a .gitignore above the git root does not apply',
    files: { '.gitignore': '*.pipe\n', 'repo/a.pipe': '', 'repo/sub/b.pipe': '', 'repo/.gitignore': 'c.incl\n', 'repo/c.incl': '' },
    git: ['repo'],
    root: 'repo',
    expected: ['a.pipe', 'sub/b.pipe'],
  },
  {
    name: 'no git repository: only the .gitignore files from the root down',
    files: { '.gitignore': '*.pipe\n', 'proj/.gitignore': '*.incl\n', 'proj/a.pipe': '', 'proj/b.incl': '', 'proj/s/.gitignore': '/c.pipe\n', 'proj/s/c.pipe': '' },
    root: 'proj',
    expected: ['a.pipe'],
  },
  {
    name: 'CRLF line ends and a byte order mark',
    files: { '.gitignore': '\uFEFF*.incl\r\nold.pipe\r\n\r\n', 'a.incl': '', 'old.pipe': '', 'new.pipe': '' },
    git: [''],
    expected: ['new.pipe'],
  },
  {
    name: 'comments, blank lines, trailing and leading spaces, escaped #',
    files: {
      '.gitignore': '# a.pipe\n\n b.pipe\nc.pipe   \n\\#d.pipe\n   \n',
      'a.pipe': '', 'b.pipe': '', 'c.pipe': '', '#d.pipe': '', 'e.pipe': '',
    },
    git: [''],
    expected: ['a.pipe', 'b.pipe', 'e.pipe'],
  },
  {
    name: 'patterns match case-insensitively, as the ignore package does by default',
    files: { '.gitignore': '*.PIPE\n', 'a.pipe': '', 'b.incl': '' },
    git: [''],
    expected: ['b.incl'],
  },
  {
    name: 'node_modules and hidden folders are skipped; .gitignore files inside coverage/ are not read (as globby)',
    files: {
      'node_modules/m.pipe': '', '.hidden/h.pipe': '', '.hidden/.gitignore': '!*\n',
      'coverage/.gitignore': '*\n', 'coverage/c.pipe': '', 'flow-typed/.gitignore': '*\n', 'flow-typed/f.pipe': '',
    },
    git: [''],
    expected: ['coverage/c.pipe', 'flow-typed/f.pipe'],
  },
  {
    name: 'a folder named .gitignore is skipped, above the root and inside it',
    files: { 'repo/.gitignore/x': '', 'repo/proj/sub/.gitignore/y': '', 'repo/proj/a.pipe': '', 'repo/proj/sub/b.pipe': '' },
    git: ['repo'],
    root: 'repo/proj',
    expected: ['a.pipe', 'sub/b.pipe'],
  },
  {
    name: 'user ignore globs, including one that matches a .gitignore file',
    files: {
      '.gitignore': 'skip.pipe\n', 'fixtures/a.pipe': '', 'skip.pipe': '', 'b.pipe': '',
      'sub/.gitignore': 'deep/\n', 'sub/top.pipe': '', 'sub/deep/x.pipe': '', 'sub/other/y.pipe': '',
    },
    git: [''],
    ignore: ['fixtures/**', 'sub/*'],
    expected: ['b.pipe', 'sub/other/y.pipe'],
  },
];

describe('findProjectFiles against globby gitignore: true', () => {
  test.each(CASES)('$name', async ({ files, git = [], root = '', ignore = [], expected }) => {
    const world = tempWorld();
    makeTree(world, files, git);
    const cwd = path.join(world, root);
    if (git.length === 0) expect(findGitRoot(cwd)).toBeUndefined();
    const found = await findProjectFiles(cwd, ignore);
    expect(found).toEqual(expected);
    expect(found).toEqual(globbyReference(cwd, ignore));
  });

  test('other globs, as the codemod uses them', () => {
    const world = tempWorld();
    makeTree(world, { '.gitignore': 'dist/\n*.gen.ts\n', 'src/a.ts': '', 'src/b.gen.ts': '', 'dist/c.js': '', 'x.pipe': '', 'lib/d.mjs': '' }, ['']);
    const pattern = '**/*.{ts,mjs,js}';
    const found = globGitignored(pattern, world, { ignore: ['**/node_modules/**'] }).sort();
    expect(found).toEqual(['lib/d.mjs', 'src/a.ts']);
    expect(found).toEqual(globbyReference(world, [], pattern));
  });

  // The one difference from globby we know of, kept on purpose: globby also turns `gen.pipe/` into
  // the traversal prune glob `gen.pipe/**`, which fast-glob matches against the file gen.pipe
  // itself, so globby drops a file that git (and globby's own matcher) keeps.
  test('a folder-only pattern naming a file keeps the file, as git does (globby drops it)', async () => {
    const world = tempWorld();
    makeTree(world, { '.gitignore': 'gen.pipe/\n', 'gen.pipe': '', 'gen2.pipe/a.pipe': '', 'other.pipe': '' }, ['']);
    const gitIgnored = (file: string): boolean => {
      try {
        execFileSync('git', ['check-ignore', '-q', file], { cwd: world, stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    };
    expect(gitIgnored('gen.pipe')).toBe(false);
    expect(await findProjectFiles(world)).toEqual(['gen.pipe', 'gen2.pipe/a.pipe', 'other.pipe']);
    expect(globbyReference(world)).toEqual(['gen2.pipe/a.pipe', 'other.pipe']);
  });

  test('a .git file (a worktree or submodule) marks the git root too', async () => {
    const world = tempWorld();
    makeTree(world, { '.gitignore': '*.pipe\n', 'repo/.git': 'gitdir: ../elsewhere\n', 'repo/.gitignore': '*.incl\n', 'repo/a.pipe': '', 'repo/b.incl': '' }, []);
    const cwd = path.join(world, 'repo');
    expect(findGitRoot(cwd)).toBe(cwd);
    expect(await findProjectFiles(cwd)).toEqual(['a.pipe']);
    expect(await findProjectFiles(cwd)).toEqual(globbyReference(cwd));
  });

  test('a symbolic link named .gitignore above the root is read only when following links, as globby', () => {
    const world = tempWorld();
    makeTree(world, { 'rules.txt': '*.incl\n', 'repo/proj/a.pipe': '', 'repo/proj/b.incl': '' }, ['repo']);
    symlinkSync(path.join(world, 'rules.txt'), path.join(world, 'repo/.gitignore'));
    const cwd = path.join(world, 'repo/proj');
    const options = { cwd, gitignore: true, ignore: ['**/node_modules/**'], dot: false };
    expect(globGitignored(DATAFILE_GLOB, cwd).sort()).toEqual(globbySync(DATAFILE_GLOB, { ...options, followSymbolicLinks: false }).sort());
    expect(globGitignored(DATAFILE_GLOB, cwd, { followSymbolicLinks: true }).sort()).toEqual(
      globbySync(DATAFILE_GLOB, { ...options, followSymbolicLinks: true }).sort(),
    );
    expect(globGitignored(DATAFILE_GLOB, cwd, { followSymbolicLinks: true })).toEqual(['a.pipe']);
  });

  // Root reads any file whatever its mode, so the unreadable case only exists for other users.
  test.skipIf(process.getuid?.() === 0)('an unreadable .gitignore is an error naming the file, as in globby', async () => {
    const world = tempWorld();
    makeTree(world, { 'sub/.gitignore': 'x\n', 'a.pipe': '' }, ['']);
    chmodSync(path.join(world, 'sub/.gitignore'), 0o000);
    await expect(findProjectFiles(world)).rejects.toThrow(`Failed to read ignore file at ${path.join(world, 'sub/.gitignore')}`);
    expect(() => globbyReference(world)).toThrow('Failed to read ignore file');
  });
});

// Random trees and .gitignore files: the rules are drawn from a pool that mixes anchoring,
// folder-only patterns, negations (of files and of folders), wildcards and case.
const DIRS = ['a', 'b', 'build', 'vendor', 'Keep'];
const FILES = ['x.pipe', 'keep.pipe', 'y.datasource', 'z.incl', 'X.PIPE'];
const RULES = [
  '*.pipe', '!keep.pipe', 'a/', '/b', 'a/x.pipe', '**/build/**', 'vendor/*', '!vendor/keep.pipe', '*.incl', '!*.incl',
  'b/**', '!a/', '!b/', 'x.*', '# comment', '   ', '**/z.incl', 'a/**/y.datasource', '/a/b/', 'keep', '!Keep/',
  '[xy].pipe', '?.incl', 'build', '!build/x.pipe', '/*.datasource', 'b/a', '!/a', '*', '!*/', '!**/keep.pipe', 'vendor',
  'keep.pipe   ', '\\!keep.pipe', 'x.pipe\\ ',
];
/** `ignore` globs for the walk; `a/*` also matches a/.gitignore, which globby still reads. */
const USER_IGNORES = ['vendor/**', 'a/*', '**/b/**'];

const relDir = fc.array(fc.constantFrom(...DIRS), { maxLength: 3 }).map((parts) => parts.join('/'));

const treeArb = fc.record({
  files: fc.array(fc.tuple(relDir, fc.constantFrom(...FILES)), { minLength: 1, maxLength: 25 }),
  gitignores: fc.array(
    fc.tuple(relDir, fc.array(fc.constantFrom(...RULES), { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n')),
    { maxLength: 5 },
  ),
  /** Rules above the project root (inside the repository when there is one) and above the repository. */
  parentRules: fc.array(fc.constantFrom(...RULES), { maxLength: 3 }),
  outerRules: fc.array(fc.constantFrom(...RULES), { maxLength: 2 }),
  layout: fc.constantFrom('git-at-root', 'git-above-root', 'no-git'),
  ignore: fc.subarray(USER_IGNORES),
});

describe('findProjectFiles property', () => {
  test('matches globby on random trees and .gitignore files', async () => {
    await fc.assert(
      fc.asyncProperty(treeArb, async ({ files, gitignores, parentRules, outerRules, layout, ignore }) => {
        const world = tempWorld();
        try {
          const project = layout === 'git-at-root' ? 'repo' : 'repo/proj';
          const at = (dir: string, name: string): string => `${project}/${dir === '' ? '' : `${dir}/`}${name}`;
          const tree: Record<string, string> = { '.gitignore': outerRules.join('\n'), 'repo/.gitignore': parentRules.join('\n') };
          for (const [dir, name] of files) tree[at(dir, name)] = '';
          for (const [dir, rules, eol] of gitignores) tree[at(dir, '.gitignore')] = rules.join(eol) + eol;
          makeTree(world, tree, layout === 'no-git' ? [] : ['repo']);
          const cwd = path.join(world, project);
          expect(await findProjectFiles(cwd, ignore)).toEqual(globbyReference(cwd, ignore));
        } finally {
          rmSync(world, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
