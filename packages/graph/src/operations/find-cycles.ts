import type { ProjectGraph } from '../types.js';
import { adjacencyOf } from './adjacency.js';

/**
 * Cycles among resources (strongly connected components with more than one vertex, or a
 * self-loop), each as vertex ids in a stable order. Iterative Tarjan: no recursion limit.
 */
export function findCycles(graph: ProjectGraph): string[][] {
  const { out } = adjacencyOf(graph);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const ids = [...graph.vertices.keys()].filter((id) => !id.startsWith('node:')).sort();
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; edge: number }[] = [{ id: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = out.get(frame.id) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!.to;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let v: string;
        do {
          v = stack.pop()!;
          onStack.delete(v);
          component.push(v);
        } while (v !== frame.id);
        const selfLoop = (out.get(frame.id) ?? []).some((e) => e.to === frame.id);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}
