import type { Io } from '../io.js';

/** What `main()` hands each command: the process I/O, and a slot for the command's exit code. */
export interface CommandContext {
  readonly io: Io;
  exitCode: number;
}
