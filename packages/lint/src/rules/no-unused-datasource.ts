import { type ProjectGraph, adjacencyOf } from '@tb-refs/graph';
import { defineRule } from '../define-rule.js';
import { matchesGlob } from '../glob.js';
import { fileAnchor } from '../utils/file-anchor.js';
import { memoPerGraph } from '../utils/graph-index.js';

type Options = { ignore: string[] };

const cache = new WeakMap<ProjectGraph, Map<string, ReadonlySet<string>>>();

/** A datasource nothing reads costs ingestion and storage for no output. */
export const noUnusedDatasource = defineRule({
  id: 'no-unused-datasource',
  meta: {
    type: 'suggestion',
    category: 'suspicious',
    scope: 'project',
    defaultSeverity: 'warn',
    description: 'Disallow datasources that no pipe reads',
    fixable: false,
    messages: {
      unused: 'Datasource "{{name}}" is not read by any pipe, endpoint, copy or materialized view of this project{{written}}.',
    },
    schema: {
      type: 'object',
      properties: { ignore: { type: 'array', items: { type: 'string' }, description: 'Datasource names (globs) read from outside the project, e.g. by the Query API.' } },
    },
    defaultOptions: { ignore: [] } as Options,
  },
  create(context) {
    return {
      Datasource() {
        const { graph } = context;
        const id = `datasource:${context.file.name}`;
        const vertex = graph.vertices.get(id);
        // A duplicate file does not own the vertex; unique-names reports it.
        if (vertex?.kind !== 'datasource' || vertex.file !== context.file.path) return;
        if (usedDatasources(graph).has(id)) return;
        if (context.options.ignore.some((g) => matchesGlob(context.file.name, g))) return;
        const writers = (adjacencyOf(graph).in.get(id) ?? []).filter((e) => e.kind === 'copy' || e.kind === 'materialize');
        const written = writers.length > 0 ? ` (only written, by ${writers.map((e) => `"${e.from.slice(e.from.indexOf(':') + 1)}"`).join(', ')})` : '';
        context.report({
          messageId: 'unused', data: { name: context.file.name, written }, range: fileAnchor(context.parsed),
          help: 'Delete it (and what writes it) if nothing outside the project queries it; otherwise list it in this rule\'s "ignore" option.',
        });
      },
    };
  },
});

/**
 * Datasources something reads: an outgoing edge, or any reference that is not the target of a
 * copy or materialized view (INCLUDE variables such as `"SOURCE=events"` count as use).
 */
function usedDatasources(graph: ProjectGraph): ReadonlySet<string> {
  return memoPerGraph(cache, graph, '', () => {
    const used = new Set<string>();
    const { out } = adjacencyOf(graph);
    for (const [from, edges] of out) if (edges.some((e) => e.kind === 'read')) used.add(from);
    for (const r of graph.references) {
      if (r.resolution === 'datasource' && r.site !== 'DATASOURCE' && r.site !== 'TARGET_DATASOURCE') used.add(r.target);
    }
    return used;
  });
}
