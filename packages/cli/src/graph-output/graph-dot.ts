import type { Vertex } from '@tb-refs/graph';
import { resourceEdges, type GraphView } from './graph-view.js';

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function attributes(v: Vertex): string {
  switch (v.kind) {
    case 'datasource':
      return `shape=cylinder, label=${quote(v.name)}${v.raw ? ', style=filled, fillcolor="#fde2c4"' : ''}`;
    case 'pipe':
      return v.type === 'endpoint' || v.type === 'default'
        ? `shape=box, style="rounded,filled", fillcolor="#d7ecff", label=${quote(`${v.name}\n(${v.type})`)}`
        : `shape=box, label=${quote(`${v.name}\n(${v.type})`)}`;
    case 'unresolved':
      return `shape=box, style=dashed, color=red, fontcolor=red, label=${quote(`${v.name}?`)}`;
    default:
      return `shape=note, label=${quote(v.name)}`;
  }
}

/** Graphviz DOT of the data flow, left to right; node vertices are left out. */
export function graphToDot(view: GraphView): string {
  const lines = ['digraph tinybird {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const v of view.vertices) if (v.kind !== 'node') lines.push(`  ${quote(v.id)} [${attributes(v)}];`);
  for (const e of resourceEdges(view)) {
    lines.push(`  ${quote(e.from)} -> ${quote(e.to)}${e.kind === 'read' ? '' : ` [label=${quote(e.kind)}${e.kind === 'include' ? ', style=dotted' : ''}]`};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
