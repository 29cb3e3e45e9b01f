import type { ProjectGraph } from '../types.js';
import { adjacencyOf } from './adjacency.js';

function walk(start: string, next: (id: string) => Iterable<string>): string[] {
  const seen = new Set<string>([start]);
  const order: string[] = [];
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const n of next(id)) {
      if (seen.has(n)) continue;
      seen.add(n);
      order.push(n);
      queue.push(n);
    }
  }
  return order;
}

/** Every vertex the data of `id` flows into, nearest first (not including `id`). */
export function downstreamOf(graph: ProjectGraph, id: string): string[] {
  const { out } = adjacencyOf(graph);
  return walk(id, (v) => (out.get(v) ?? []).map((e) => e.to));
}

/** Every vertex whose data flows into `id`, nearest first (not including `id`). */
export function upstreamOf(graph: ProjectGraph, id: string): string[] {
  const { in: inn } = adjacencyOf(graph);
  return walk(id, (v) => (inn.get(v) ?? []).map((e) => e.from));
}
