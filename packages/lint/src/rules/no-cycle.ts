import { type Edge, type ProjectGraph, adjacencyOf, findCycles } from '@tb-refs/graph';
import { defineRule } from '../define-rule.js';
import { memoPerGraph, referencesIn } from '../utils/graph-index.js';

type Options = { ignoreCopyPipes: boolean };

interface CycleIndex {
  readonly graph: ProjectGraph;
  /** Vertex id → the cycle (strongly connected component) it belongs to. */
  readonly componentOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** Edges inside a cycle by the file that writes them, in file order. */
  readonly edgesByFile: ReadonlyMap<string, readonly Edge[]>;
}

const cache = new WeakMap<ProjectGraph, Map<string, CycleIndex>>();

/** Resources must not depend on themselves through reads and materialized views. */
export const noCycle = defineRule({
  id: 'no-cycle',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'project',
    defaultSeverity: 'error',
    description: 'Disallow dependency cycles between pipes and datasources',
    fixable: false,
    messages: {
      cycle: '"{{name}}" depends on itself: {{cycle}}. Tinybird cannot push resources that depend on each other, and a materialized view in the loop would feed its own input.',
    },
    schema: {
      type: 'object',
      properties: { ignoreCopyPipes: { type: 'boolean', description: 'Leave out cycles closed by a copy pipe writing its target.' } },
    },
    defaultOptions: { ignoreCopyPipes: true } as Options,
  },
  create(context) {
    return {
      File() {
        const { graph: filtered, componentOf, edgesByFile } = cyclesOf(context.graph, context.options.ignoreCopyPipes);
        const reported = new Set<ReadonlySet<string>>();
        for (const edge of edgesByFile.get(context.file.path) ?? []) {
          const component = componentOf.get(edge.from)!;
          // One report per file and cycle, at the first reference in this file that closes it.
          if (reported.has(component)) continue;
          reported.add(component);
          const ref = referencesIn(context.graph, context.file.path).find((r) => r.line === edge.line && r.column === edge.column);
          const start = { line: edge.line ?? 1, column: edge.column ?? 1 };
          const self = edge.kind === 'materialize' ? edge.from : edge.to;
          context.report({
            messageId: 'cycle',
            data: { name: nameOf(self), cycle: describeCycle(filtered, component, self) },
            ...(ref ? { range: ref.range } : { loc: { start, end: start } }),
            help: 'Break the loop: read a copy of the data (a copy pipe runs on a schedule) or move the shared query into its own pipe.',
          });
        }
      },
    };
  },
});

function cyclesOf(graph: ProjectGraph, ignoreCopyPipes: boolean): CycleIndex {
  return memoPerGraph(cache, graph, String(ignoreCopyPipes), () => {
    // A copy pipe may read the datasource it writes (incremental copies do): it runs on a
    // schedule over a snapshot, so the loop is not a dependency Tinybird has to order.
    const filtered: ProjectGraph = ignoreCopyPipes ? { ...graph, edges: graph.edges.filter((e) => e.kind !== 'copy') } : graph;
    const componentOf = new Map<string, ReadonlySet<string>>();
    for (const cycle of findCycles(filtered)) {
      const set = new Set(cycle);
      for (const id of cycle) componentOf.set(id, set);
    }
    const edgesByFile = new Map<string, Edge[]>();
    for (const e of filtered.edges) {
      const component = componentOf.get(e.from);
      if (e.kind === 'node' || e.file === undefined || component === undefined || component !== componentOf.get(e.to)) continue;
      (edgesByFile.get(e.file) ?? edgesByFile.set(e.file, []).get(e.file)!).push(e);
    }
    for (const list of edgesByFile.values()) list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return { graph: filtered, componentOf, edgesByFile };
  });
}

/** A shortest loop from `start` back to itself inside the component, as `a → b → a`. */
function describeCycle(graph: ProjectGraph, component: ReadonlySet<string>, start: string): string {
  const { out } = adjacencyOf(graph);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of out.get(id) ?? ([] as Edge[])) {
      if (!component.has(e.to)) continue;
      if (e.to === start) {
        const path = [start];
        for (let v: string | undefined = id; v !== undefined && v !== start; v = previous.get(v)) path.unshift(v);
        path.unshift(start);
        return path.map(nameOf).join(' → ');
      }
      if (previous.has(e.to)) continue;
      previous.set(e.to, id);
      queue.push(e.to);
    }
  }
  return [...component].map(nameOf).join(' → ');
}

/** `pipe:x` → `x`. */
function nameOf(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}
