import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository's root. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs git in `cwd` with a fixed identity and no signing; returns its trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/**
 * A clean git repository holding this repository's working tree as one commit: tracked and
 * untracked files that .gitignore does not exclude (no node_modules, no dist), so tests see the
 * code under test even before it is committed. What a user's clone at that commit would hold.
 */
export function snapshotRepo(): { dir: string; sha: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-snapshot-'));
  const listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  for (const file of listing.split('\0')) {
    if (file === '') continue;
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    try {
      copyFileSync(path.join(REPO, file), target);
    } catch (error) {
      // A tracked file deleted in the working tree.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'snapshot of the working tree');
  return { dir, sha: git(dir, 'rev-parse', 'HEAD'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
