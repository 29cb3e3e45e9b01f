import type { Range } from '@tb-refs/parser';
import type { FileFacts, NodeFacts } from './file-facts.js';
import type { GraphFile } from './graph-file.js';
import { LinePositions } from './line-positions.js';
import type { Resolver } from './resolver.js';
import type { SqlReferences } from './sql-references.js';
import type { DynamicSite, Edge, Reference, ReferenceSite, Vertex } from './types.js';

/** Node names of a resource that has none (datasources, directive values). */
export const NO_NODES: ReadonlySet<string> = new Set();

/**
 * Records the references, dynamic sites and data-flow edges of a project's files. A class rather
 * than closures inside `buildGraph`: closures are made anew on each call, and V8 optimised each
 * copy (and the whole of `buildGraph` with them) again.
 */
export class GraphReads {
  readonly vertices: Map<string, Vertex>;
  readonly edges: Edge[] = [];
  readonly references: Reference[] = [];
  readonly dynamic: DynamicSite[] = [];
  readonly #resolver: Resolver;
  readonly #positions = new LinePositions();

  constructor(vertices: Map<string, Vertex>, resolver: Resolver) {
    this.vertices = vertices;
    this.#resolver = resolver;
  }

  /** A pipe's nodes: SQL reads, node edges, and DATASOURCE/TARGET_DATASOURCE targets. */
  readsOfPipe(p: FileFacts, nodeNames: ReadonlySet<string>, pipeId: string | undefined): void {
    const f = p.file;
    const nodes = p.nodes;
    for (let index = 0; index < nodes.length; index++) {
      const n = nodes[index]!;
      this.readsOfNode(f, f.name, n, index, nodes, nodeNames, pipeId);
      const target = n.nodeType === 'copy' ? n.targetDatasource : n.nodeType === 'materialized' ? n.datasource : undefined;
      for (const s of [n.datasource, n.targetDatasource]) {
        if (!s) continue;
        const site = s === n.datasource ? 'DATASOURCE' : 'TARGET_DATASOURCE';
        const r = valueRange(f.source, s.valueRange);
        const ref = this.addRef(f, f.name, n.name, site, s.value, undefined, r.range, r.quote, false, NO_NODES);
        if (s === target && pipeId) {
          this.ensureUnresolvedVertex(ref);
          this.edges.push({ from: pipeId, to: ref.target, kind: n.nodeType === 'copy' ? 'copy' : 'materialize', node: n.name, file: f.path, line: ref.line, column: ref.column });
        }
      }
    }
  }

  /**
   * References of one node's SQL. `readerId` is the vertex its reads flow into (undefined: record
   * references only). Node edges link an earlier node to the node reading it.
   */
  readsOfNode(f: GraphFile, owner: string, n: NodeFacts, index: number, nodes: readonly NodeFacts[], nodeNames: ReadonlySet<string>, readerId: string | undefined): void {
    if (!n.reads) return;
    const nodeEdges = readerId?.startsWith('pipe:') === true;
    this.readsOfSql(f, owner, n.name, n.reads, nodeNames, readerId, nodeEdges ? nodes : undefined, index);
  }

  /** FORWARD_QUERY and column expressions: references only, the data does not flow at query time. */
  readsOfDatasource(d: FileFacts): void {
    for (const reads of d.datasourceReads) this.readsOfSql(d.file, d.file.name, undefined, reads, NO_NODES, undefined);
  }

  /**
   * `nodes`: the pipe's nodes when a read of an earlier one (before `index`) is a node edge to
   * `node`.
   */
  readsOfSql(f: GraphFile, owner: string, node: string | undefined, sql: SqlReferences, nodeNames: ReadonlySet<string>, readerId: string | undefined, nodes?: readonly NodeFacts[], index = 0): void {
    const { references: refs, dynamic: dyn } = sql;
    // Vertex ids are kept by every edge: one string for the reading node, and the reference's
    // target (the read node's id) rather than a new string per edge.
    let readerNodeId: string | undefined;
    for (const r of refs) {
      const ref = this.addRef(f, owner, node, r.site, r.name, r.database, r.range, r.quote, r.conditional, nodeNames);
      if (ref.resolution === 'node') {
        if (nodes !== undefined && isNodeBefore(nodes, index, r.name)) {
          readerNodeId ??= nodeId(owner, node!);
          this.edges.push({ from: ref.target, to: readerNodeId, kind: 'node', node, file: f.path, line: ref.line, column: ref.column, conditional: ref.conditional });
        }
        continue;
      }
      if (!readerId) continue;
      this.ensureUnresolvedVertex(ref);
      this.edges.push(node !== undefined
        ? { from: ref.target, to: readerId, kind: 'read', node, file: f.path, line: ref.line, column: ref.column, conditional: r.conditional }
        : { from: ref.target, to: readerId, kind: 'read', file: f.path, line: ref.line, column: ref.column, conditional: r.conditional });
    }
    for (const d of dyn) {
      this.#positions.seek(f, d.range.start);
      const { line, column } = this.#positions;
      this.dynamic.push({ file: f.path, owner, node, text: d.text, range: d.range, line, column, conditional: d.conditional });
    }
  }

  addRef(file: GraphFile, owner: string, node: string | undefined, site: ReferenceSite, name: string, database: string | undefined, range: Range, quote: Reference['quote'], conditional: boolean, nodeNames: ReadonlySet<string>): Reference {
    const resolved = this.#resolver.resolve(name, database, nodeNames, owner);
    const { kind, target } = resolved;
    // `events_quarantine` reads the quarantine table of `events`: the reference is to `events`,
    // and only that part of the name is what a rename rewrites.
    // `events__v2` likewise names `events` with a VERSION suffix.
    if (resolved.baseName !== undefined) {
      range = { start: range.start, end: range.end - (name.length - resolved.baseName.length) };
      name = resolved.baseName;
    }
    const at = this.#place(file, range);
    const ref: Reference = {
      file: file.path, range, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn,
      name, database, site, quote, conditional, owner, node, resolution: kind, target,
    };
    this.references.push(ref);
    return ref;
  }

  /** `INCLUDE "path"`: a reference to the .incl (or an unresolved one); returns the reference. */
  addIncludeRef(f: GraphFile, range: Range, resolved: string, found: boolean): Reference {
    const at = this.#place(f, range);
    const ref: Reference = {
      file: f.path, range, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn,
      name: resolved, site: 'INCLUDE', conditional: false, owner: f.name,
      resolution: found ? 'include' : 'unresolved', target: found ? `include:${resolved}` : `unresolved:${resolved}`,
    };
    this.references.push(ref);
    return ref;
  }

  /** Line and column of the start and the end of `range` in `file`. */
  #place(file: GraphFile, range: Range): { line: number; column: number; endLine: number; endColumn: number } {
    const positions = this.#positions;
    positions.seek(file, range.start);
    const line = positions.line;
    const column = positions.column;
    positions.seek(file, range.end);
    return { line, column, endLine: positions.line, endColumn: positions.column };
  }

  /** Adds the vertex of an unresolved or external target the first time it is read. */
  ensureUnresolvedVertex(ref: Reference): void {
    // Datasource and pipe targets name entries of the maps the resolver looks in, and buildGraph
    // made a vertex for each before any read: skip the lookup for the commonest targets.
    if (ref.resolution === 'datasource' || ref.resolution === 'pipe' || this.vertices.has(ref.target)) return;
    const name = ref.target.slice(ref.target.indexOf(':') + 1);
    this.vertices.set(ref.target, ref.resolution === 'external' ? { id: ref.target, kind: 'external', name } : { id: ref.target, kind: 'unresolved', name });
  }
}

/**
 * The vertex id of a pipe's node. Joined rather than concatenated: `+` and template literals make
 * a chain of three cons strings, and edges, references and the vertex map keep ids for as long as
 * the graph lives; a joined string is one flat string.
 */
export function nodeId(pipe: string, node: string): string {
  return ['node:', pipe, '/', node].join('');
}

/** True when a node before `index` is named `name`. */
function isNodeBefore(nodes: readonly NodeFacts[], index: number, name: string): boolean {
  for (let i = 0; i < index; i++) if (nodes[i]!.name === name) return true;
  return false;
}

/** The range of a directive's value without quotes, for DATASOURCE-like single values. */
function valueRange(source: string, r: Range): { range: Range; quote?: '"' | "'" } {
  const text = source.slice(r.start, r.end);
  const q = text[0];
  if ((q === '"' || q === "'") && text.length >= 2 && text[text.length - 1] === q) {
    return { range: { start: r.start + 1, end: r.end - 1 }, quote: q };
  }
  return { range: r };
}
