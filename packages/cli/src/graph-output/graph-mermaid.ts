import type { Vertex } from '@tb-refs/graph';
import { resourceEdges, type GraphView } from './graph-view.js';

/** A Mermaid-safe id for a vertex id (Mermaid ids allow letters, digits and underscores). */
export function mermaidId(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

function shape(v: Vertex): string {
  const id = mermaidId(v.id);
  switch (v.kind) {
    case 'datasource':
      return `${id}[(${label(v.name)})]`;
    case 'pipe':
      return v.type === 'endpoint' || v.type === 'default' ? `${id}([${label(v.name)}])` : `${id}[${label(`${v.name} (${v.type})`)}]`;
    case 'unresolved':
      return `${id}{{${label(`${v.name}?`)}}}`;
    default:
      return `${id}>${label(v.name)}]`;
  }
}

/** A Mermaid flowchart of the data flow, left to right; node vertices are left out. */
export function graphToMermaid(view: GraphView): string {
  const lines = ['flowchart LR'];
  for (const v of view.vertices) if (v.kind !== 'node') lines.push(`  ${shape(v)}`);
  for (const e of resourceEdges(view)) {
    const arrow = e.kind === 'read' ? '-->' : e.kind === 'include' ? '-.->' : `-- ${e.kind} -->`;
    lines.push(`  ${mermaidId(e.from)} ${arrow} ${mermaidId(e.to)}`);
  }
  const unresolved = view.vertices.filter((v) => v.kind === 'unresolved').map((v) => mermaidId(v.id));
  if (unresolved.length > 0) lines.push('  classDef unresolved stroke:#d00,color:#d00,stroke-dasharray:4', `  class ${unresolved.join(',')} unresolved`);
  return `${lines.join('\n')}\n`;
}
