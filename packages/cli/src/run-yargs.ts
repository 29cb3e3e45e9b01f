import { createRequire } from 'node:module';
import { UsageError, didYouMean } from '@tb-refs/core';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { checkCommand } from './commands/check.js';
import type { CommandContext } from './commands/command-context.js';
import { diffCommand } from './commands/diff.js';
import { graphCommand } from './commands/graph.js';
import { impactCommand } from './commands/impact.js';
import { lintCommand } from './commands/lint.js';
import { renameCommand } from './commands/rename.js';
import { repointCommand } from './commands/repoint.js';

// Read at run time: package.json sits one level above both src/ and dist/.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Parses `argv` with yargs and runs the command it names, or prints the help or version it asks
 * for. Usage errors and the command's own errors are thrown.
 */
export async function runYargs(argv: readonly string[], context: CommandContext): Promise<void> {
  // A fresh instance per call: yargs 18 has no singleton, and tests call main() many times.
  const commands = [checkCommand(context), graphCommand(context), impactCommand(context), diffCommand(context), lintCommand(context), renameCommand(context), repointCommand(context)] as CommandModule<object, never>[];
  // The callback makes yargs hand over --help/--version text instead of printing it itself.
  await yargsCli(argv, commands).parseAsync([...argv], {}, (_error, _args, output) => {
    if (output) context.io.stdout(`${output}\n`);
  });
}

/** The yargs instance of the CLI with `commands`; exported so tests can compare parsers. */
export function yargsCli(argv: readonly string[], commands: readonly CommandModule<object, never>[]): Argv {
  const cli = yargs();
  skipHelpCache(cli);
  return cli
    .scriptName('tb-refs')
    .locale('en')
    .command(commands as CommandModule[])
    .demandCommand(1, 'Specify a command.')
    .strict()
    .help()
    .alias('help', 'h')
    .version(version)
    .exitProcess(false)
    // A single-valued option given twice comes out of yargs as an array, which no command expects.
    .middleware((args) => {
      // The instance knows the running command's options by now; `getOptions` is missing from
      // yargs' type definitions only.
      const arrays = new Set<string>((cli as unknown as { getOptions(): { array: string[] } }).getOptions().array);
      for (const [key, value] of Object.entries(args)) {
        if (key !== '_' && Array.isArray(value) && !arrays.has(key)) {
          throw new UsageError(`--${key} was given more than once; give it once.\nRun "tb-refs ${String(args._[0] ?? '')} --help" for usage.`);
        }
      }
    }, true)
    // yargs' own validation failures arrive here without an error, or with a YError (a missing
    // option value); a handler's error passes through.
    .fail((message, error) => {
      const names = commands.map((command) => String(command.command).split(' ')[0] ?? '');
      if (error === undefined || error === null || error.name === 'YError') throw usageError(error?.message ?? message, argv, names);
      throw error;
    });
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

interface UsageInternals {
  cacheHelpMessage?: unknown;
}

/**
 * yargs renders the running command's whole help text just before it runs the command, to print
 * should the command fail (`usage.cacheHelpMessage`). That is 50–70 ms of a cold start (loading
 * string-width's Unicode tables, laying out every option) for a text this CLI never prints: the
 * `.fail` handler turns every failure into an error that names the command's help page instead,
 * and `--help` renders its own text. `getInternalMethods` is what yargs' own command module
 * calls; should a yargs version lack it, nothing changes but the cost.
 */
function skipHelpCache(cli: Argv): void {
  const internals = cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => UsageInternals } };
  const usage = internals.getInternalMethods?.().getUsageInstance?.();
  if (usage !== undefined && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
