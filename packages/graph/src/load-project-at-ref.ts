import { execFile, spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '@tb-refs/core';
import { buildGraph, type SourceFile } from './build-graph.js';
import type { ProjectGraph } from './types.js';

const run = promisify(execFile);
const DATAFILE = /\.(datasource|pipe|incl)$/;

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 1 << 30, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new UsageError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

/**
 * Builds the graph of the project in `root` as it was at git revision `ref`, reading the files
 * with `git ls-tree`/`git show` (no checkout, the working tree is untouched). Paths in the graph
 * are relative to `root`, as with `loadProject`. Throws UsageError when git or the ref fails.
 */
export async function loadProjectAtRef(root: string, ref: string): Promise<ProjectGraph> {
  const top = (await git(root, ['rev-parse', '--show-toplevel']).catch((error: unknown) => {
    throw new UsageError(`${root} is not in a git repository`, { cause: error });
  })).trim();
  // git prints the real path; the root may be reached through a symlink (macOS's /tmp).
  const real = await realpath(root).catch(() => path.resolve(root));
  const prefix = path.relative(top, real).split(path.sep).join('/');
  await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new UsageError(`unknown git revision "${ref}" (in ${top})`);
  });
  const listing = await git(top, ['ls-tree', '-r', '-z', '--name-only', ref, '--', prefix || '.']);
  const paths = listing.split('\0').filter((p) => p && DATAFILE.test(p) && !/(^|\/)(node_modules|\.[^/]+)\//.test(p));
  paths.sort();
  const contents = await catFiles(top, paths.map((p) => `${ref}:${p}`));
  const sources: SourceFile[] = paths.map((p, i) => ({
    path: prefix ? p.slice(prefix.length + 1) : p,
    source: contents[i] ?? '',
    absolutePath: path.join(top, p),
  }));
  return buildGraph(sources, root);
}

/** Reads many blobs with one `git cat-file --batch` process instead of one `git show` each. */
function catFiles(cwd: string, specs: readonly string[]): Promise<string[]> {
  if (specs.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new UsageError(`git cat-file exited with ${code}`));
      const buf = Buffer.concat(chunks);
      const out: string[] = [];
      let pos = 0;
      for (const spec of specs) {
        const nl = buf.indexOf(10, pos);
        const header = buf.subarray(pos, nl).toString('utf8');
        const size = Number(/ blob (\d+)$/.exec(header)?.[1]);
        if (!Number.isFinite(size)) return reject(new UsageError(`git cat-file could not read ${spec}: ${header}`));
        out.push(buf.subarray(nl + 1, nl + 1 + size).toString('utf8'));
        pos = nl + 1 + size + 1;
      }
      resolve(out);
    });
    child.stdin.end(specs.map((s) => `${s}\n`).join(''));
  });
}
