/** Everything the CLI touches in its process, so tests can run `main()` in-process. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Directory that paths on the command line and in the output are relative to. */
  readonly cwd: string;
  /** Whether stdout is a terminal; results go to stdout, so it decides colour. */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real process's streams, working directory and environment. */
export const nodeIo: Io = {
  stdout: streamWriter(process.stdout),
  stderr: streamWriter(process.stderr),
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
  env: process.env,
};

/**
 * A writer that stops quietly once the reader goes away (`tb-refs check | head`), instead of
 * crashing on EPIPE. The listener is added on first use so importing this module has no effect.
 */
function streamWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let listening = false;
  let closed = false;
  return (text) => {
    if (!listening) {
      listening = true;
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        closed = true;
      });
    }
    if (!closed) stream.write(text);
  };
}
