import { chmod, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CodemodPlan } from '@tb-refs/codemod';
import { InternalError, UsageError } from '@tb-refs/core';

/** The file operations the writer uses, so tests can make one of them fail. */
export interface WriterFs {
  readonly readFile: (file: string) => Promise<Buffer>;
  readonly writeFile: (file: string, data: string | Buffer) => Promise<void>;
  readonly chmod: (file: string, mode: number) => Promise<void>;
  readonly rename: (from: string, to: string) => Promise<void>;
  /** File mode bits, or undefined when the path does not exist. */
  readonly mode: (file: string) => Promise<number | undefined>;
  readonly unlink: (file: string) => Promise<void>;
}

/** The real file system. */
export const nodeWriterFs: WriterFs = {
  readFile: (file) => readFile(file),
  writeFile: (file, data) => writeFile(file, data, { flag: 'wx' }),
  chmod: (file, mode) => chmod(file, mode),
  rename: (from, to) => rename(from, to),
  mode: async (file) => {
    try {
      return (await stat(file)).mode & 0o7777;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  unlink: (file) => unlink(file),
};

type Done = { kind: 'content'; file: string; backup: Buffer; mode: number } | { kind: 'move'; from: string; to: string };

/**
 * Applies a plan all-or-nothing. Every file is checked first (it must still hold exactly the
 * text the plan was computed on, and no move may overwrite a file). Then each new content is
 * written to a temp file beside its target, given the target's mode, and renamed over it; then
 * the moves are made. If any step fails, every file already replaced is restored from the
 * in-memory backup and every move undone, so the tree is left as it was, and a UsageError says
 * what failed.
 */
export async function writePlan(plan: CodemodPlan, fs: WriterFs = nodeWriterFs): Promise<void> {
  const backups = new Map<string, { bytes: Buffer; mode: number }>();
  for (const c of plan.changes) {
    const bytes = await fs.readFile(c.absolutePath);
    const mode = await fs.mode(c.absolutePath);
    // Comparing bytes also rejects files that are not valid UTF-8, which a string round trip would alter.
    if (mode === undefined || !bytes.equals(Buffer.from(c.before, 'utf8'))) {
      throw new UsageError(`${c.path} changed since it was read (or is not UTF-8 text); nothing was written. Run the command again.`);
    }
    backups.set(c.absolutePath, { bytes, mode });
  }
  for (const r of plan.renames) {
    if ((await fs.mode(r.absoluteFrom)) === undefined) throw new UsageError(`${r.from} no longer exists; nothing was written.`);
    if ((await fs.mode(r.absoluteTo)) !== undefined) throw new UsageError(`${r.to} already exists; nothing was written.`);
  }

  const done: Done[] = [];
  let current = '';
  try {
    for (const [i, c] of plan.changes.entries()) {
      current = c.path;
      const { bytes, mode } = backups.get(c.absolutePath)!;
      await replaceFile(fs, c.absolutePath, c.after, mode, i);
      done.push({ kind: 'content', file: c.absolutePath, backup: bytes, mode });
    }
    for (const r of plan.renames) {
      current = r.from;
      // Checked again just before: rename() would silently replace a file created meanwhile.
      if ((await fs.mode(r.absoluteTo)) !== undefined) throw new Error(`${r.to} appeared while writing`);
      await fs.rename(r.absoluteFrom, r.absoluteTo);
      done.push({ kind: 'move', from: r.absoluteFrom, to: r.absoluteTo });
    }
  } catch (error) {
    const failures = await rollBack(fs, done);
    if (failures.length > 0) {
      throw new InternalError(`Writing ${current} failed, and restoring failed too for: ${failures.join(', ')}. Check these files by hand (git status).`, { cause: error });
    }
    throw new UsageError(`Could not write ${current}: ${(error as Error).message}. Every file was restored; nothing changed.`, { cause: error });
  }
}

/** Writes `content` to a temp file beside `file` with `mode`, then renames it over `file`. */
async function replaceFile(fs: WriterFs, file: string, content: string | Buffer, mode: number, n: number): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tb-refs-${process.pid}-${n}.tmp`);
  try {
    await fs.writeFile(temp, content);
    await fs.chmod(temp, mode);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Undoes `done` in reverse order; returns the files it could not restore. */
async function rollBack(fs: WriterFs, done: readonly Done[]): Promise<string[]> {
  const failures: string[] = [];
  for (const [i, d] of [...done].reverse().entries()) {
    try {
      if (d.kind === 'move') await fs.rename(d.to, d.from);
      else await replaceFile(fs, d.file, d.backup, d.mode, 10_000 + i);
    } catch {
      failures.push(d.kind === 'move' ? d.to : d.file);
    }
  }
  return failures;
}
