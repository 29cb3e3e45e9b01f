import type { Edge, Vertex } from '@tb-refs/graph';
import { createColors, type Colors } from '../formatters/formatter.js';
import { describeVertex, resourceEdges, type GraphView } from './graph-view.js';

function paint(v: Vertex, c: Colors): string {
  const text = describeVertex(v);
  switch (v.kind) {
    case 'datasource':
      return v.raw ? c.yellow(text) : c.cyan(text);
    case 'pipe':
      return v.type === 'endpoint' || v.type === 'default' ? c.green(text) : c.blue(text);
    case 'unresolved':
      return c.red(text);
    default:
      return c.dim(text);
  }
}

/**
 * The data flow as an indented tree from its sources (vertices nothing flows into), following
 * edges downstream. A vertex reached again is printed once more with "(see above)".
 */
export function graphToText(view: GraphView, options: { color: boolean }): string {
  const c = createColors(options.color);
  const byId = new Map(view.vertices.map((v) => [v.id, v]));
  const edges = resourceEdges(view);
  const out = new Map<string, Edge[]>();
  const hasIncoming = new Set<string>();
  for (const e of edges) {
    (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
    hasIncoming.add(e.to);
  }
  const resources = view.vertices.filter((v) => v.kind !== 'node');
  const roots = resources.filter((v) => !hasIncoming.has(v.id));
  const lines: string[] = [];
  const printed = new Set<string>();
  const visit = (id: string, prefix: string, edgeLabel: string, last: boolean, depth: number): void => {
    const v = byId.get(id);
    if (!v) return;
    const branch = depth === 0 ? '' : `${prefix}${last ? '└─ ' : '├─ '}${edgeLabel ? c.dim(`${edgeLabel} → `) : ''}`;
    const file = 'file' in v && depth === 0 ? c.dim(`  ${v.file}`) : '';
    if (printed.has(id)) {
      lines.push(`${branch}${paint(v, c)}${c.dim(' (see above)')}`);
      return;
    }
    printed.add(id);
    lines.push(`${branch}${paint(v, c)}${file}`);
    const children = out.get(id) ?? [];
    const childPrefix = depth === 0 ? '' : `${prefix}${last ? '   ' : '│  '}`;
    children.forEach((e, i) => visit(e.to, childPrefix, e.kind === 'read' ? '' : e.kind, i === children.length - 1, depth + 1));
  };
  for (const r of roots) visit(r.id, '', '', true, 0);
  // Vertices only on cycles have no root; print them too so nothing is hidden.
  for (const v of resources) if (!printed.has(v.id)) visit(v.id, '', '', true, 0);
  const counts = `${resources.filter((v) => v.kind === 'datasource').length} datasources, ${resources.filter((v) => v.kind === 'pipe').length} pipes, ${edges.length} edges`;
  const unresolved = resources.filter((v) => v.kind === 'unresolved').length;
  lines.push('', c.dim(counts) + (unresolved ? c.red(`, ${unresolved} unresolved`) : ''));
  return `${lines.join('\n')}\n`;
}
