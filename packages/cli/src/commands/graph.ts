import type { Argv, CommandModule } from 'yargs';
import { shouldUseColor } from '../color.js';
import type { CommandContext } from './command-context.js';

const FORMATS = ['text', 'json', 'dot', 'mermaid'] as const;

/** Parsed arguments of `tb-refs graph`. */
export interface GraphArgs {
  readonly dir: string;
  readonly format: (typeof FORMATS)[number];
  readonly select: string | undefined;
  readonly color: boolean | undefined;
}

/** `tb-refs graph [dir]`: the dependency graph of datasources, pipes and nodes. */
export function graphCommand(context: CommandContext): CommandModule<object, GraphArgs> {
  return {
    command: 'graph [dir]',
    describe: 'Print the dependency graph of a Tinybird project',
    builder: (yargs: Argv) =>
      yargs
        .positional('dir', { describe: 'Project directory', type: 'string', default: '.' })
        .option('format', { alias: 'f', describe: 'Output format', choices: FORMATS, default: 'text' as const })
        .option('select', {
          alias: 's',
          describe: 'dbt-style selector: name, +name (with upstream), name+ (with downstream), +name+',
          type: 'string',
        })
        .option('color', { describe: 'Colour the text output', type: 'boolean' })
        .example('$0 graph tinybird', 'the whole data flow as a tree')
        .example('$0 graph tinybird --select +activities_deduplicated_ds --format mermaid', 'what feeds one datasource'),
    handler: async (args) => {
      const { io } = context;
      const { loadGraphFor } = await import('../load-graph.js');
      const graph = await loadGraphFor(args.dir, io.cwd);
      const { selectVertices } = await import('@tb-refs/graph');
      const { viewOf } = await import('../graph-output/graph-view.js');
      const view = viewOf(graph, args.select === undefined ? undefined : selectVertices(graph, args.select));
      const { renderGraph } = await import('../graph-output/render-graph.js');
      io.stdout(renderGraph(view, args.format, { color: args.format === 'text' && shouldUseColor(args.color, io) }));
      context.exitCode = 0;
    },
  };
}
