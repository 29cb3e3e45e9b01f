import path from 'node:path';
import pc from 'picocolors';
import type { CheckResult } from '../check-result.js';

/** Options every formatter receives. */
export interface FormatterOptions {
  /** Directory that displayed paths are relative to. */
  readonly cwd: string;
  readonly color: boolean;
}

/** Turns results into the complete text written to stdout; pure, so it can be snapshot-tested. */
export type Formatter = (results: readonly CheckResult[], options: FormatterOptions) => string;

/** picocolors' colour functions, all of them identity functions when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/** picocolors bound to an explicit on/off switch, ignoring its own environment detection. */
export function createColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** A path as shown to the user: cwd-relative and '/'-separated, even if given absolute. */
export function displayPath(file: string, cwd: string): string {
  return path.isAbsolute(file) ? path.relative(cwd, file).split(path.sep).join('/') : file;
}

/** "1 error", "2 errors". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
