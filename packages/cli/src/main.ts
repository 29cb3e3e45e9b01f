import type { CommandContext } from './commands/command-context.js';
import { parseLintArgv, runLintCommand } from './commands/lint.js';
import type { Io } from './io.js';
import { renderError } from './report-error.js';

/**
 * Runs the CLI with `argv` (without node and the script) and resolves to the exit code:
 * 0 = no errors, 1 = problems of error severity, 2 = usage or internal error. Never exits the process.
 * @example process.exitCode = await main(process.argv.slice(2), nodeIo);
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const context: CommandContext = { io, exitCode: 0 };
  try {
    // The common lint command lines skip yargs, a fifth of a cold lint of a large project;
    // everything else (help, other commands, mistakes and their messages) goes through it.
    const lintArgs = argv[0] === 'lint' ? parseLintArgv(argv.slice(1)) : undefined;
    if (lintArgs !== undefined) await runLintCommand(lintArgs, context);
    else await (await import('./run-yargs.js')).runYargs(argv, context);
    return context.exitCode;
  } catch (error) {
    io.stderr(renderError(error, io.cwd));
    return 2;
  }
}
