import type { ParsedDatafile } from '@tb-refs/parser';
import type { FileFacts } from './file-facts.js';
import { nodeId } from './graph-reads.js';
import type { ProjectIndex } from './project-index.js';
import type { PipeType, Vertex } from './types.js';

const PIPE_TYPES = new Set<PipeType>(['endpoint', 'copy', 'materialized', 'sink', 'stream']);

/** The type a pipe is deployed as: its first non-standard node type, else `default`. */
export function pipeTypeOf(parsed: ParsedDatafile): PipeType {
  return pipeTypeOfNodes(parsed.pipe?.nodes ?? []);
}

function pipeTypeOfNodes(nodes: readonly { readonly nodeType?: string | undefined }[]): PipeType {
  for (const n of nodes) {
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
    const { path } = inc.file;
    vertices.set(`include:${path}`, { id: `include:${path}`, kind: 'include', name: path, file: path });
  }
  return vertices;
}

function addDatasource(vertices: Map<string, Vertex>, d: FileFacts, writers: ReadonlySet<string>): void {
  const { name, path } = d.file;
  const id = `datasource:${name}`;
  vertices.set(id, { id, kind: 'datasource', name, file: path, raw: !writers.has(name), engine: d.engine });
}

function addEmbedded(vertices: Map<string, Vertex>, name: string, p: FileFacts, writers: ReadonlySet<string>): void {
  const id = `datasource:${name}`;
  vertices.set(id, { id, kind: 'datasource', name, file: p.file.path, raw: !writers.has(name), embedded: true });
}

function addPipe(vertices: Map<string, Vertex>, p: FileFacts): void {
  const { name, path } = p.file;
  const nodes = p.nodes;
  const type = pipeTypeOfNodes(nodes);
  const last = nodes[nodes.length - 1];
  const id = `pipe:${name}`;
  const names = nodes.map((n) => n.name);
  vertices.set(id, type === 'default' && last
    ? { id, kind: 'pipe', name, file: path, type, nodes: names, endpointNode: last.name }
    : { id, kind: 'pipe', name, file: path, type, nodes: names });
  for (const n of nodes) {
    const nid = nodeId(name, n.name);
    vertices.set(nid, { id: nid, kind: 'node', name: n.name, pipe: name, file: path, type: n.nodeType });
  }
}
