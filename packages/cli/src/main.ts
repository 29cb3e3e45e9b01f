import { createRequire } from 'node:module';
import { UsageError, didYouMean } from '@tb-refs/core';
import yargs, { type CommandModule } from 'yargs';
import { checkCommand } from './commands/check.js';
import { diffCommand } from './commands/diff.js';
import { graphCommand } from './commands/graph.js';
import { impactCommand } from './commands/impact.js';
import { lintCommand } from './commands/lint.js';
import { renameCommand } from './commands/rename.js';
import { repointCommand } from './commands/repoint.js';
import type { CommandContext } from './commands/command-context.js';
import type { Io } from './io.js';
import { renderError } from './report-error.js';

// Read at run time: package.json sits one level above both src/ and dist/.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Runs the CLI with `argv` (without node and the script) and resolves to the exit code:
 * 0 = no errors, 1 = problems of error severity, 2 = usage or internal error. Never exits the process.
 * @example process.exitCode = await main(process.argv.slice(2), nodeIo);
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const context: CommandContext = { io, exitCode: 0 };
  // A fresh instance per call: yargs 18 has no singleton, and tests call main() many times.
  const commands = [checkCommand(context), graphCommand(context), impactCommand(context), diffCommand(context), lintCommand(context), renameCommand(context), repointCommand(context)] as CommandModule<object, never>[];
  const cli = yargs()
    .scriptName('tb-refs')
    .locale('en')
    .command(commands as CommandModule[])
    .demandCommand(1, 'Specify a command.')
    .strict()
    .help()
    .alias('help', 'h')
    .version(version)
    .exitProcess(false)
    // yargs' own validation failures arrive here without an error; a handler's error passes through.
    .fail((message, error) => {
      const names = commands.map((command) => String(command.command).split(' ')[0] ?? '');
      throw error ?? usageError(message, argv, names);
    });
  try {
    // The callback makes yargs hand over --help/--version text instead of printing it itself.
    await cli.parseAsync([...argv], {}, (_error, _args, output) => {
      if (output) io.stdout(`${output}\n`);
    });
    return context.exitCode;
  } catch (error) {
    io.stderr(renderError(error, io.cwd));
    return 2;
  }
}

/**
 * Turns a yargs validation message into a UsageError. yargs calls a mistyped command an unknown
 * argument, so that case is reworded with a suggestion; the hint points at the right help page.
 */
function usageError(message: string, argv: readonly string[], commands: readonly string[]): UsageError {
  const first = argv[0];
  if (first !== undefined && commands.includes(first)) {
    return new UsageError(`${message}\nRun "tb-refs ${first} --help" for usage.`);
  }
  let text = message;
  if (first !== undefined && !first.startsWith('-')) {
    const guess = didYouMean(first, commands);
    text = `Unknown command "${first}".${guess === undefined ? '' : ` Did you mean "${guess}"?`}`;
  }
  return new UsageError(`${text}\nRun "tb-refs --help" for usage.`);
}
