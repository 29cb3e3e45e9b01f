import type { Argv, CommandModule } from 'yargs';
import { shouldUseColor } from '../color.js';
import type { CommandContext } from './command-context.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

/** Parsed arguments of `tb-refs impact`. */
export interface ImpactArgs {
  readonly datasource: string;
  readonly dir: string;
  readonly format: (typeof FORMATS)[number];
  readonly postgres: string[] | undefined;
  readonly color: boolean | undefined;
}

/** `tb-refs impact <datasource> [dir]`: the playbook for changing a datasource. */
export function impactCommand(context: CommandContext): CommandModule<object, ImpactArgs> {
  return {
    command: 'impact <datasource> [dir]',
    describe: 'Show what changing a datasource touches and how to roll it out without downtime',
    builder: (yargs: Argv) =>
      yargs
        .positional('datasource', { describe: 'Datasource name', type: 'string', demandOption: true })
        .positional('dir', { describe: 'Project directory', type: 'string', default: '.' })
        .option('format', { alias: 'f', describe: 'Output format', choices: FORMATS, default: 'text' as const })
        .option('postgres', {
          describe: 'Datasources replicated from Postgres (default: the settings in tb-refs.config.json, else the sample six)',
          type: 'string',
          array: true,
          coerce: (v: string[]) => v.flatMap((s) => s.split(',')).filter(Boolean),
        })
        .option('color', { describe: 'Colour the text output', type: 'boolean' })
        .example('$0 impact activities tinybird', 'how to add a field to activities'),
    handler: async (args) => {
      const { io } = context;
      const { loadGraphFor } = await import('../load-graph.js');
      const { computeImpact } = await import('@tb-refs/graph');
      const graph = await loadGraphFor(args.dir, io.cwd);
      const impact = computeImpact(graph, args.datasource, { postgresDatasources: args.postgres });
      const { impactToJson, impactToMarkdown, impactToText } = await import('../impact-output/render-impact.js');
      const text = args.format === 'json' ? impactToJson(impact)
        : args.format === 'markdown' ? impactToMarkdown(impact)
          : impactToText(impact, { color: shouldUseColor(args.color, io) });
      io.stdout(text);
      context.exitCode = 0;
    },
  };
}
