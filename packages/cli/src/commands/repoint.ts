import type { Argv, CommandModule } from 'yargs';
import { CODEMOD_FORMATS } from '../codemod-output/formats.js';
import type { CommandContext } from './command-context.js';

const SCOPES = ['endpoints', 'copies', 'all'] as const;

/** Parsed arguments of `tb-refs repoint`. */
export interface RepointArgs {
  readonly old: string;
  readonly new: string;
  readonly dir: string;
  readonly only: (typeof SCOPES)[number];
  readonly pipes: string[] | undefined;
  readonly write: boolean;
  readonly format: (typeof CODEMOD_FORMATS)[number];
}

/** `tb-refs repoint <old> <new> [dir]`: make consumers read a new resource while the old one stays. */
export function repointCommand(context: CommandContext): CommandModule<object, RepointArgs> {
  return {
    command: 'repoint <old> <new> [dir]',
    describe: 'Point the pipes that read <old> at <new> instead (zero-downtime migration); pipes feeding <new> keep reading <old>',
    builder: (yargs: Argv) =>
      yargs
        .positional('old', { describe: 'Datasource or pipe the consumers read today', type: 'string', demandOption: true })
        .positional('new', { describe: 'Datasource or pipe they should read', type: 'string', demandOption: true })
        .positional('dir', { describe: 'Project directory', type: 'string', default: '.' })
        .option('only', { describe: 'Which consumers to rewrite', choices: SCOPES, default: 'all' as const })
        .option('pipes', {
          describe: 'Only these pipes (comma-separated or repeated)',
          type: 'string',
          array: true,
          coerce: (v: string[]) => v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
        })
        .option('write', { describe: 'Apply the changes (default: print them)', type: 'boolean', default: false })
        .option('format', { alias: 'f', describe: 'Output format', choices: CODEMOD_FORMATS, default: 'diff' as const })
        .example('$0 repoint activities activities_new tinybird --only endpoints', 'endpoints read activities_new; the copy feeding it stays'),
    handler: async (args) => {
      const { io } = context;
      const { loadGraphFor } = await import('../load-graph.js');
      const { repointConsumers } = await import('@tb-refs/codemod');
      const graph = await loadGraphFor(args.dir, io.cwd);
      const plan = repointConsumers(graph, args.old, args.new, { only: args.only, pipes: args.pipes });
      const { emitPlan } = await import('../codemod-output/emit-plan.js');
      await emitPlan(context, plan, args.format, args.write);
    },
  };
}
