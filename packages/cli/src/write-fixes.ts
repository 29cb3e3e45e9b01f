import { chmod, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '@tb-refs/core';

/** A datafile whose fixed text should replace its text on disk. */
export interface FixedFile {
  readonly absolutePath: string;
  /** As shown to the user (cwd-relative). */
  readonly displayPath: string;
  /** The text the fixes were computed on. */
  readonly before: string;
  readonly after: string;
}

/**
 * Writes the fixed files, each all-or-nothing: the new text goes to a temp file beside the
 * target, with the target's mode, which is then renamed over it, so a file is never left half
 * written. Before writing anything, every file is checked to still hold exactly the text that was
 * linted; if one changed meanwhile (an editor, a formatter), nothing is written. Throws a
 * `UsageError` naming the file when a check or a write fails, and which files were already fixed.
 */
export async function writeFixes(files: readonly FixedFile[]): Promise<void> {
  const modes = new Map<string, number>();
  for (const f of files) {
    const current = await readFile(f.absolutePath).catch((error: unknown) => {
      throw new UsageError(`cannot read ${f.displayPath} to fix it; nothing was written`, { cause: error });
    });
    // Comparing bytes also catches files that are not valid UTF-8, which a string round trip would alter.
    if (!current.equals(Buffer.from(f.before, 'utf8'))) {
      throw new UsageError(`${f.displayPath} changed while it was linted (or is not UTF-8 text); nothing was written. Run the command again.`);
    }
    modes.set(f.absolutePath, (await stat(f.absolutePath)).mode & 0o7777);
  }
  const written: string[] = [];
  for (const f of files) {
    const temp = path.join(path.dirname(f.absolutePath), `.${path.basename(f.absolutePath)}.tb-refs-fix-${process.pid}.tmp`);
    try {
      await writeFile(temp, f.after, { flag: 'wx' });
      // chmod rather than writeFile's `mode`, which the umask would trim.
      await chmod(temp, modes.get(f.absolutePath) ?? 0o644);
      await rename(temp, f.absolutePath);
      written.push(f.displayPath);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      const done = written.length === 0 ? 'No file was changed' : `Already fixed: ${written.join(', ')}`;
      throw new UsageError(`could not write the fixes to ${f.displayPath} (left unchanged). ${done}.`, { cause: error });
    }
  }
}
