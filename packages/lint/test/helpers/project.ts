import { buildGraph, type ProjectGraph } from '@tb-refs/graph';

/** A project graph built from an in-memory file map (path → text). */
export function projectOf(files: Readonly<Record<string, string>>): ProjectGraph {
  return buildGraph(Object.entries(files).map(([path, source]) => ({ path, source })), '.');
}
