import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Diagnostic, InternalError, UsageError, compareDiagnostics } from '@tb-refs/core';
import { parseDatafile } from '@tb-refs/parser';
import { type CheckResult, createCheckResult } from './check-result.js';

// Enough to overlap disk reads without running into the open-file limit on large projects.
const MAX_OPEN_FILES = 64;

/** Reads and parses each datafile (cwd-relative paths), returning results in the same order. */
export async function checkFiles(files: readonly string[], cwd: string): Promise<CheckResult[]> {
  return mapLimit(files, MAX_OPEN_FILES, async (file) => {
    // 'utf8' decoding keeps a BOM, which the parser expects to see.
    const source = await readFile(path.resolve(cwd, file), 'utf8').catch((error: unknown) => {
      throw new UsageError(`cannot read "${file}"`, { cause: error });
    });
    return createCheckResult(file, source, parse(file, source));
  });
}

function parse(file: string, source: string): Diagnostic[] {
  try {
    return [...parseDatafile(source, { fileName: file }).diagnostics].sort(compareDiagnostics);
  } catch (error) {
    // The parser reports bad input as diagnostics, so a throw is a bug in tb-refs.
    throw new InternalError(`the parser crashed on ${file}`, { cause: error });
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
