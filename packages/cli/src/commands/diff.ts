import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { shouldUseColor } from '../color.js';
import type { CommandContext } from './command-context.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

/** Parsed arguments of `tb-refs diff`. */
export interface DiffArgs {
  readonly base: string;
  readonly dir: string;
  readonly format: (typeof FORMATS)[number];
  readonly color: boolean | undefined;
  readonly 'output-file': string | undefined;
}

/** `tb-refs diff --base <ref> [dir]`: what the working tree changes in the data flow since a git revision. */
export function diffCommand(context: CommandContext): CommandModule<object, DiffArgs> {
  return {
    command: 'diff [dir]',
    describe: 'Compare the project with a git revision: datasources added, removed, renamed or changed, endpoints with downtime, broken references, new and fixed lint findings',
    builder: (yargs: Argv) =>
      yargs
        .positional('dir', { describe: 'Project directory', type: 'string', default: '.' })
        .option('base', { describe: 'Git revision to compare with (read with git, no checkout)', type: 'string', demandOption: true, requiresArg: true })
        .option('format', { alias: 'f', describe: 'Output format', choices: FORMATS, default: 'text' as const })
        .option('color', { describe: 'Colour the text output', type: 'boolean' })
        .option('output-file', { alias: 'o', describe: 'Write the report to this file instead of stdout', type: 'string' })
        .example('$0 diff --base origin/main tinybird', 'what a branch does to the data flow')
        .example('$0 diff --base origin/main tinybird --format markdown -o diff.md', 'a pull-request comment with a Mermaid diagram'),
    handler: async (args) => {
      const { io } = context;
      const { UsageError } = await import('@tb-refs/core');
      const { computeDiff, diffExitCode } = await import('../diff-report.js');
      const { diffToJson, diffToMarkdown, diffToText } = await import('../diff-output/render-diff.js');
      const root = path.resolve(io.cwd, args.dir);
      const result = await computeDiff(root, args.base);
      const text = args.format === 'json' ? diffToJson(result.report)
        : args.format === 'markdown' ? diffToMarkdown(result)
          : diffToText(result.report, { color: args['output-file'] === undefined && shouldUseColor(args.color, io) });
      if (args['output-file'] === undefined) io.stdout(text);
      else {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(path.resolve(io.cwd, args['output-file']), text).catch((error: unknown) => {
          throw new UsageError(`cannot write the report to "${args['output-file']}"`, { cause: error });
        });
      }
      context.exitCode = diffExitCode(result.report);
    },
  };
}
