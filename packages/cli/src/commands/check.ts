import type { Argv, CommandModule } from 'yargs';
import { countProblems, onlyErrors } from '../check-result.js';
import { shouldUseColor } from '../color.js';
import { findDatafiles } from '../find-datafiles.js';
import type { Formatter } from '../formatters/formatter.js';
import { formatJson } from '../formatters/json.js';
import { formatStylish } from '../formatters/stylish.js';
import type { CommandContext } from './command-context.js';

const FORMATTERS = { stylish: formatStylish, json: formatJson } as const satisfies Record<string, Formatter>;

/** Parsed arguments of `tb-refs check`. */
export interface CheckArgs {
  readonly paths: string[];
  readonly format: keyof typeof FORMATTERS;
  readonly quiet: boolean;
  readonly color: boolean | undefined;
}

/** `tb-refs check [paths..]`: parse every datafile and report all problems at once. */
export function checkCommand(context: CommandContext): CommandModule<object, CheckArgs> {
  return {
    command: 'check [paths..]',
    describe: 'Parse Tinybird datafiles (.datasource, .pipe, .incl) and report problems',
    builder: (yargs: Argv) =>
      yargs
        .positional('paths', {
          describe: 'Directories to search, or datafiles',
          type: 'string',
          array: true,
          default: [] as string[],
          defaultDescription: '.',
        })
        .option('format', {
          alias: 'f',
          describe: 'Output format',
          choices: Object.keys(FORMATTERS) as (keyof typeof FORMATTERS)[],
          default: 'stylish' as const,
        })
        .option('quiet', { describe: 'Report errors only, not warnings', type: 'boolean', default: false })
        .option('color', {
          describe: 'Colour the output (default: when stdout is a terminal and NO_COLOR is unset)',
          type: 'boolean',
        })
        .example('$0 check', 'check every datafile under the current directory')
        .example('$0 check tinybird --format json', 'machine-readable results'),
    handler: async (args) => {
      const { io } = context;
      const files = await findDatafiles(args.paths.length > 0 ? args.paths : ['.'], io.cwd);
      // Loaded here so `--help` and usage errors don't pay for the parser.
      const { checkFiles } = await import('../check-files.js');
      const checked = await checkFiles(files, io.cwd);
      const results = args.quiet ? checked.map(onlyErrors) : checked;
      const color = args.format !== 'json' && shouldUseColor(args.color, io);
      io.stdout(FORMATTERS[args.format](results, { cwd: io.cwd, color }));
      context.exitCode = countProblems(results).errorCount > 0 ? 1 : 0;
    },
  };
}
