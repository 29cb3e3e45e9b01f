import type { ParsedDatafile } from '@tb-refs/parser';
import { nodeId } from './graph-reads.js';
import type { ProjectIndex } from './project-index.js';
import type { PipeType, ProjectFile, Vertex } from './types.js';

const PIPE_TYPES = new Set<PipeType>(['endpoint', 'copy', 'materialized', 'sink', 'stream']);

/** The type a pipe is deployed as: its first non-standard node type, else `default`. */
export function pipeTypeOf(parsed: ParsedDatafile): PipeType {
  for (const n of parsed.pipe?.nodes ?? []) {
    const t = n.nodeType as PipeType | undefined;
    if (t && PIPE_TYPES.has(t)) return t;
  }
  return 'default';
}

/** The vertices of a project's resources: datasources, embedded ones, pipes and nodes, includes. */
export function resourceVertices(index: ProjectIndex): Map<string, Vertex> {
  const vertices = new Map<string, Vertex>();
  for (const d of index.datasources.values()) addDatasource(vertices, d, index.writers);
  for (const [name, p] of index.embedded) addEmbedded(vertices, name, p, index.writers);
  for (const p of index.pipes.values()) addPipe(vertices, p);
  for (const inc of index.includes.values()) {
    vertices.set(`include:${inc.path}`, { id: `include:${inc.path}`, kind: 'include', name: inc.path, file: inc.path });
  }
  return vertices;
}

function addDatasource(vertices: Map<string, Vertex>, d: ProjectFile, writers: ReadonlySet<string>): void {
  const id = `datasource:${d.name}`;
  vertices.set(id, { id, kind: 'datasource', name: d.name, file: d.path, raw: !writers.has(d.name), engine: d.parsed.datasource?.engine?.value });
}

function addEmbedded(vertices: Map<string, Vertex>, name: string, p: ProjectFile, writers: ReadonlySet<string>): void {
  const id = `datasource:${name}`;
  vertices.set(id, { id, kind: 'datasource', name, file: p.path, raw: !writers.has(name), embedded: true });
}

function addPipe(vertices: Map<string, Vertex>, p: ProjectFile): void {
  const nodes = p.parsed.pipe?.nodes ?? [];
  const type = pipeTypeOf(p.parsed);
  const last = nodes[nodes.length - 1];
  const id = `pipe:${p.name}`;
  const names = nodes.map((n) => n.name);
  vertices.set(id, type === 'default' && last
    ? { id, kind: 'pipe', name: p.name, file: p.path, type, nodes: names, endpointNode: last.name }
    : { id, kind: 'pipe', name: p.name, file: p.path, type, nodes: names });
  for (const n of nodes) {
    const nid = nodeId(p.name, n.name);
    vertices.set(nid, { id: nid, kind: 'node', name: n.name, pipe: p.name, file: p.path, type: n.nodeType });
  }
}
