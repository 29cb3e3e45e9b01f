import type { Edge, ProjectGraph } from '../types.js';

/** Outgoing and incoming edges by vertex id, built once per graph. */
export interface Adjacency {
  readonly out: ReadonlyMap<string, readonly Edge[]>;
  readonly in: ReadonlyMap<string, readonly Edge[]>;
}

const cache = new WeakMap<ProjectGraph, Adjacency>();

/**
 * Adjacency lists of the resource-level graph: node→node edges are left out, so closures run over
 * datasources, pipes, includes and unresolved names only.
 */
export function adjacencyOf(graph: ProjectGraph): Adjacency {
  let adj = cache.get(graph);
  if (adj) return adj;
  const out = new Map<string, Edge[]>();
  const inn = new Map<string, Edge[]>();
  for (const e of graph.edges) {
    if (e.kind === 'node') continue;
    (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
    (inn.get(e.to) ?? inn.set(e.to, []).get(e.to)!).push(e);
  }
  adj = { out, in: inn };
  cache.set(graph, adj);
  return adj;
}
