import type { ProjectGraph, Reference } from '@tb-refs/graph';

const byFileCache = new WeakMap<ProjectGraph, ReadonlyMap<string, readonly Reference[]>>();

/**
 * The graph's references grouped by the file they are written in. Cached per graph: project
 * rules run once per file, and filtering every reference each time is quadratic on big projects.
 */
export function referencesByFile(graph: ProjectGraph): ReadonlyMap<string, readonly Reference[]> {
  let index = byFileCache.get(graph);
  if (!index) {
    const map = new Map<string, Reference[]>();
    for (const r of graph.references) (map.get(r.file) ?? map.set(r.file, []).get(r.file)!).push(r);
    index = map;
    byFileCache.set(graph, index);
  }
  return index;
}

/** The references written in `file`. */
export function referencesIn(graph: ProjectGraph, file: string): readonly Reference[] {
  return referencesByFile(graph).get(file) ?? [];
}

/**
 * A value computed once per graph (and key): for project rules whose analysis covers the whole
 * project but whose reports are made file by file.
 */
export function memoPerGraph<T>(cache: WeakMap<ProjectGraph, Map<string, T>>, graph: ProjectGraph, key: string, compute: () => T): T {
  let map = cache.get(graph);
  if (!map) cache.set(graph, (map = new Map()));
  if (!map.has(key)) map.set(key, compute());
  return map.get(key)!;
}
