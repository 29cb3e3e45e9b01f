import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { CODEMOD_FORMATS } from '../codemod-output/formats.js';
import type { CommandContext } from './command-context.js';

/** Parsed arguments of `tb-refs rename`. */
export interface RenameArgs {
  readonly old: string;
  readonly new: string;
  readonly dir: string;
  /** Globs or tsconfig paths; `false` with `--no-ts`; undefined for automatic discovery. */
  readonly ts: string[] | false | undefined;
  readonly write: boolean;
  readonly format: (typeof CODEMOD_FORMATS)[number];
}

/** `tb-refs rename <old> <new> [dir]`: rename a datasource or pipe everywhere. */
export function renameCommand(context: CommandContext): CommandModule<object, RenameArgs> {
  return {
    command: 'rename <old> <new> [dir]',
    describe: 'Rename a datasource or pipe: its file, every reference in datafiles, tests, fixtures and TypeScript',
    builder: (yargs: Argv) =>
      yargs
        .positional('old', { describe: 'Current datasource or pipe name', type: 'string', demandOption: true })
        .positional('new', { describe: 'New name', type: 'string', demandOption: true })
        .positional('dir', { describe: 'Project directory', type: 'string', default: '.' })
        .option('ts', {
          describe: 'TypeScript to rewrite: globs or tsconfig.json paths (default: every TS/JS file of the repository when it has a package.json or tsconfig.json; --no-ts to skip)',
          type: 'string',
          array: true,
          // `--no-ts` arrives as `[false]`.
          coerce: (v: unknown[]) => (v.includes(false) ? false : v.map(String)),
        })
        .option('write', { describe: 'Apply the changes (default: print them)', type: 'boolean', default: false })
        .option('format', { alias: 'f', describe: 'Output format', choices: CODEMOD_FORMATS, default: 'diff' as const })
        .example('$0 rename activities activities_new tinybird', 'show the diff')
        .example('$0 rename top_pages top_paths tinybird --ts "src/**/*.ts" --write', 'apply it, TypeScript included'),
    handler: async (args) => {
      const { io } = context;
      const { loadGraphFor } = await import('../load-graph.js');
      const { loadRenameInputs, renameResource } = await import('@tb-refs/codemod');
      const { readPostgresDatasources } = await import('../read-settings.js');
      const graph = await loadGraphFor(args.dir, io.cwd);
      const root = path.resolve(io.cwd, args.dir);
      const inputs = await loadRenameInputs(root, { names: [args.old], typescript: args.ts, cwd: io.cwd });
      const postgresDatasources = await readPostgresDatasources(root);
      const plan = await renameResource(graph, args.old, args.new, { ...inputs, postgresDatasources });
      const { emitPlan } = await import('../codemod-output/emit-plan.js');
      await emitPlan(context, plan, args.format, args.write);
    },
  };
}
