import type { Edge, ProjectGraph, Vertex } from '@tb-refs/graph';

/** The part of a graph a command shows: chosen vertices and the edges between them. */
export interface GraphView {
  readonly vertices: readonly Vertex[];
  readonly edges: readonly Edge[];
}

/**
 * Restricts a graph to `selected` resource ids (all resources when undefined). Node vertices
 * follow their pipe; edges are kept when both ends are kept.
 */
export function viewOf(graph: ProjectGraph, selected?: ReadonlySet<string>): GraphView {
  const keep = (v: Vertex): boolean => {
    if (!selected) return true;
    if (v.kind === 'node') return selected.has(`pipe:${v.pipe}`);
    return selected.has(v.id);
  };
  const vertices = [...graph.vertices.values()].filter(keep).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set(vertices.map((v) => v.id));
  const edges = graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  return { vertices, edges };
}

/** Edges between resources only (no node→node), one per (from, to, kind). */
export function resourceEdges(view: GraphView): Edge[] {
  const seen = new Set<string>();
  const out: Edge[] = [];
  for (const e of view.edges) {
    if (e.kind === 'node') continue;
    const key = `${e.from}\u0000${e.to}\u0000${e.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** A short label for a vertex: `endpoint top_pages`, `datasource events (raw)`. */
export function describeVertex(v: Vertex): string {
  switch (v.kind) {
    case 'datasource':
      return `datasource ${v.name}${v.raw ? ' (raw)' : ''}`;
    case 'pipe':
      return `${v.type === 'default' ? 'pipe' : v.type} ${v.name}`;
    case 'node':
      return `node ${v.pipe}.${v.name}`;
    case 'include':
      return `include ${v.name}`;
    case 'external':
      return `external ${v.name}`;
    case 'unresolved':
      return `unresolved ${v.name}`;
  }
}
