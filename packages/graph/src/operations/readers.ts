import type { Edge, ProjectGraph, Vertex } from '../types.js';
import { adjacencyOf } from './adjacency.js';

type PipeVertex = Extract<Vertex, { kind: 'pipe' }>;

/** True for pipes Tinybird serves over HTTP: TYPE endpoint, or no TYPE (published on its last node). */
export function isEndpoint(v: Vertex | undefined): v is PipeVertex {
  return v !== undefined && v.kind === 'pipe' && (v.type === 'endpoint' || v.type === 'default');
}

/** A pipe reading a datasource live, with the chain of pipes the read goes through. */
export interface LiveReader {
  readonly pipe: string;
  /** Pipe ids between the datasource and `pipe`, in data-flow order (empty when direct). */
  readonly via: readonly string[];
  /** The read edge into the first pipe of the chain. */
  readonly edge: Edge;
}

/**
 * Endpoints that read `datasourceId` at query time: directly, or through pipes that are queried
 * live (endpoint or default pipes used as tables). Copy, materialized and sink pipes break the
 * chain: their output is stored, so swapping the datasource does not take the endpoint down.
 */
export function endpointsReadingDirectly(graph: ProjectGraph, datasourceId: string): LiveReader[] {
  const { out } = adjacencyOf(graph);
  const result: LiveReader[] = [];
  const seen = new Set<string>();
  const queue: { id: string; via: string[]; edge?: Edge }[] = [{ id: datasourceId, via: [] }];
  while (queue.length > 0) {
    const { id, via, edge } = queue.shift()!;
    for (const e of out.get(id) ?? []) {
      if (e.kind !== 'read' || seen.has(e.to)) continue;
      const v = graph.vertices.get(e.to);
      if (!isEndpoint(v)) continue;
      seen.add(e.to);
      const first = edge ?? e;
      result.push({ pipe: e.to, via, edge: first });
      queue.push({ id: e.to, via: [...via, e.to], edge: first });
    }
  }
  return result;
}

/** A copy pipe reading a datasource and the datasource it writes. */
export interface CopyFeed {
  readonly pipe: string;
  readonly target: string;
}

/**
 * Copy pipes that read `datasourceId` directly and write another datasource: for a landing
 * datasource these are its deduplicating copies. Those writing a ReplacingMergeTree come first.
 */
export function copyPipesReading(graph: ProjectGraph, datasourceId: string): CopyFeed[] {
  const { out } = adjacencyOf(graph);
  const feeds: CopyFeed[] = [];
  for (const e of out.get(datasourceId) ?? []) {
    const pipe = graph.vertices.get(e.to);
    if (e.kind !== 'read' || pipe?.kind !== 'pipe' || pipe.type !== 'copy') continue;
    for (const w of out.get(e.to) ?? []) {
      if (w.kind === 'copy' && !feeds.some((f) => f.pipe === e.to && f.target === w.to)) feeds.push({ pipe: e.to, target: w.to });
    }
  }
  const rank = (f: CopyFeed): number => {
    const v = graph.vertices.get(f.target);
    return v?.kind === 'datasource' && /Replacing/i.test(v.engine ?? '') ? 0 : 1;
  };
  return feeds.sort((a, b) => rank(a) - rank(b));
}
