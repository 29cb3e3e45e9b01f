import type { Edge, Vertex } from '@tb-refs/graph';
import type { GraphView } from './graph-view.js';

/**
 * The stable JSON contract of `tb-refs graph --format json` (documented in README.md): vertices
 * and edges with project-relative paths. Keys are written in a fixed order.
 */
export function graphToJson(view: GraphView): string {
  const vertices = view.vertices.map(vertexJson);
  const edges = view.edges.map(edgeJson);
  return `${JSON.stringify({ vertices, edges }, null, 2)}\n`;
}

function vertexJson(v: Vertex): Record<string, unknown> {
  switch (v.kind) {
    case 'datasource':
      return { id: v.id, kind: v.kind, name: v.name, file: v.file, raw: v.raw, ...(v.engine ? { engine: v.engine } : {}), ...(v.embedded ? { embedded: true } : {}) };
    case 'pipe':
      return { id: v.id, kind: v.kind, name: v.name, type: v.type, file: v.file, nodes: v.nodes, ...(v.endpointNode ? { endpointNode: v.endpointNode } : {}) };
    case 'node':
      return { id: v.id, kind: v.kind, name: v.name, pipe: v.pipe, file: v.file, ...(v.type ? { type: v.type } : {}) };
    case 'include':
      return { id: v.id, kind: v.kind, name: v.name, file: v.file };
    case 'external':
    case 'unresolved':
      return { id: v.id, kind: v.kind, name: v.name };
  }
}

function edgeJson(e: Edge): Record<string, unknown> {
  return {
    from: e.from, to: e.to, kind: e.kind,
    ...(e.node !== undefined ? { node: e.node } : {}),
    ...(e.file !== undefined ? { file: e.file, line: e.line, column: e.column } : {}),
    ...(e.conditional ? { conditional: true } : {}),
  };
}
