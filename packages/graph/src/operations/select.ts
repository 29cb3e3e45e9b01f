import { UsageError, didYouMean } from '@tb-refs/core';
import type { ProjectGraph, Vertex } from '../types.js';
import { downstreamOf, upstreamOf } from './closure.js';

/**
 * The vertex a user means by `name`: a datasource or pipe name, or a full id such as
 * `pipe:x`. Throws a UsageError with a suggestion when nothing matches.
 */
export function findResource(graph: ProjectGraph, name: string): Vertex {
  const direct = graph.vertices.get(name) ?? graph.vertices.get(`datasource:${name}`) ?? graph.vertices.get(`pipe:${name}`);
  if (direct) return direct;
  const names = [...graph.vertices.values()].filter((v) => v.kind === 'datasource' || v.kind === 'pipe').map((v) => v.name);
  const hint = didYouMean(name, names);
  throw new UsageError(`No datasource or pipe named "${name}" in ${graph.root}.${hint ? ` Did you mean "${hint}"?` : ''}`);
}

/**
 * Vertex ids chosen by a dbt-style selector: `name`, `+name` (with everything upstream),
 * `name+` (with everything downstream), `+name+`. Several selectors may be joined by spaces or
 * commas; the result is their union.
 */
export function selectVertices(graph: ProjectGraph, selector: string): Set<string> {
  const chosen = new Set<string>();
  for (const part of selector.split(/[\s,]+/).filter(Boolean)) {
    const up = part.startsWith('+');
    const down = part.endsWith('+') && part.length > 1;
    const name = part.slice(up ? 1 : 0, down ? -1 : undefined);
    const v = findResource(graph, name);
    chosen.add(v.id);
    if (up) for (const id of upstreamOf(graph, v.id)) chosen.add(id);
    if (down) for (const id of downstreamOf(graph, v.id)) chosen.add(id);
  }
  return chosen;
}
