import { type Diagnostic, LineIndex, compareDiagnostics } from '@tb-refs/core';
import { parseDatafile, sqlBlockOf, type ParsedDatafile, type PipeNode, type Range, type SqlBlock } from '@tb-refs/parser';
import { resolveIncludePath } from './include-path.js';
import { extractSqlReferences } from './sql-references.js';
import type {
  DynamicSite, Edge, PipeType, ProjectFile, ProjectGraph, Reference, ReferenceSite, ResolutionKind, Vertex,
} from './types.js';

/** A file's path (project-relative, '/'-separated) and text. */
export interface SourceFile {
  readonly path: string;
  readonly source: string;
  readonly absolutePath?: string;
}

/** Every datasource has a `<name>_quarantine` table for rows that failed to ingest. */
const QUARANTINE = '_quarantine';
const PIPE_TYPES = new Set<PipeType>(['endpoint', 'copy', 'materialized', 'sink', 'stream']);
/** Databases of Tinybird's service data sources and ClickHouse's system tables. */
const EXTERNAL_DATABASES = new Set(['tinybird', 'system', 'information_schema', 'INFORMATION_SCHEMA']);

/** Resource name of a datafile path: the stem before the first dot; vendored ones get `ws.`. */
export function resourceNameOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const stem = base.slice(0, base.indexOf('.') < 0 ? base.length : base.indexOf('.'));
  const vendor = /(?:^|\/)vendor\/([^/]+)\//.exec(path);
  return vendor ? `${vendor[1]}.${stem}` : stem;
}

/** The type a pipe is deployed as: its first non-standard node type, else `default`. */
export function pipeTypeOf(parsed: ParsedDatafile): PipeType {
  for (const n of parsed.pipe?.nodes ?? []) {
    const t = n.nodeType as PipeType | undefined;
    if (t && PIPE_TYPES.has(t)) return t;
  }
  return 'default';
}

/**
 * Builds the dependency graph of a project from its files' texts. Pure: the caller reads the
 * disk (see `loadProject`), so tests and editors can pass in-memory files.
 */
export function buildGraph(sources: readonly SourceFile[], root = '.'): ProjectGraph {
  const diagnostics: Diagnostic[] = [];
  const files: ProjectFile[] = sources.map((s) => ({
    path: s.path,
    absolutePath: s.absolutePath ?? s.path,
    name: resourceNameOf(s.path),
    parsed: parseDatafile(s.source, { fileName: s.path }),
  }));
  for (const f of files) diagnostics.push(...f.parsed.diagnostics);

  const vertices = new Map<string, Vertex>();
  const edges: Edge[] = [];
  const references: Reference[] = [];
  const dynamic: DynamicSite[] = [];
  const datasources = new Map<string, ProjectFile>();
  const pipes = new Map<string, ProjectFile>();
  const includes = new Map<string, ProjectFile>();
  // Every pipe file, duplicates included: a clashing file's references still count.
  const pipeFiles: ProjectFile[] = [];

  for (const f of files) {
    if (f.parsed.kind === 'incl') {
      includes.set(f.path, f);
      continue;
    }
    if (f.parsed.kind === 'connection') continue;
    const table = f.parsed.kind === 'datasource' ? datasources : pipes;
    const other = f.parsed.kind === 'datasource' ? pipes : datasources;
    const clash = table.get(f.name) ?? other.get(f.name);
    if (f.parsed.kind === 'pipe') pipeFiles.push(f);
    if (clash) {
      diagnostics.push(fileDiagnostic(f, 'duplicate-name', `Resource name "${f.name}" is also defined by ${clash.path}; Tinybird names resources by file name, so one would replace the other.`, 'Rename one of the files.'));
      continue;
    }
    table.set(f.name, f);
  }

  // Materialized pipes that describe their target with ENGINE settings create it on push.
  const embedded = new Map<string, ProjectFile>();
  for (const p of pipes.values()) {
    for (const n of p.parsed.pipe?.nodes ?? []) {
      if (n.datasource && n.engine && !datasources.has(n.datasource.value)) embedded.set(n.datasource.value, p);
    }
  }

  const writers = new Set<string>();
  for (const p of pipes.values()) {
    for (const n of p.parsed.pipe?.nodes ?? []) {
      if (n.nodeType === 'copy' && n.targetDatasource) writers.add(n.targetDatasource.value);
      if (n.nodeType === 'materialized' && n.datasource) writers.add(n.datasource.value);
    }
  }
  for (const d of datasources.values()) {
    vertices.set(`datasource:${d.name}`, {
      id: `datasource:${d.name}`, kind: 'datasource', name: d.name, file: d.path,
      raw: !writers.has(d.name), engine: d.parsed.datasource?.engine?.value,
    });
  }
  for (const [name, p] of embedded) {
    vertices.set(`datasource:${name}`, { id: `datasource:${name}`, kind: 'datasource', name, file: p.path, raw: !writers.has(name), embedded: true });
  }
  for (const p of pipes.values()) {
    const nodes = p.parsed.pipe?.nodes ?? [];
    const type = pipeTypeOf(p.parsed);
    const last = nodes[nodes.length - 1];
    vertices.set(`pipe:${p.name}`, {
      id: `pipe:${p.name}`, kind: 'pipe', name: p.name, file: p.path, type, nodes: nodes.map((n) => n.name),
      ...(type === 'default' && last ? { endpointNode: last.name } : {}),
    });
    for (const n of nodes) {
      vertices.set(nodeId(p.name, n.name), { id: nodeId(p.name, n.name), kind: 'node', name: n.name, pipe: p.name, file: p.path, type: n.nodeType });
    }
  }
  for (const inc of includes.values()) {
    vertices.set(`include:${inc.path}`, { id: `include:${inc.path}`, kind: 'include', name: inc.path, file: inc.path });
  }

  const resolver = new Resolver(datasources, pipes, embedded);
  const addRef = (file: ProjectFile, owner: string, node: string | undefined, site: ReferenceSite, name: string, database: string | undefined, range: Range, quote: Reference['quote'], conditional: boolean, nodeNames: ReadonlySet<string>): Reference => {
    const resolved = resolver.resolve(name, database, nodeNames, owner);
    const { kind, target } = resolved;
    // `events_quarantine` reads the quarantine table of `events`: the reference is to `events`,
    // and only that part of the name is what a rename rewrites.
    // `events__v2` likewise names `events` with a VERSION suffix.
    if (resolved.baseName !== undefined) {
      range = { start: range.start, end: range.end - (name.length - resolved.baseName.length) };
      name = resolved.baseName;
    }
    const lines = file.parsed.lineIndex;
    const s = lines.positionAt(range.start);
    const e = lines.positionAt(range.end);
    const ref: Reference = {
      file: file.path, range, line: s.line, column: s.column, endLine: e.line, endColumn: e.column,
      name, database, site, quote, conditional, owner, node, resolution: kind, target,
    };
    references.push(ref);
    return ref;
  };

  for (const p of pipeFiles) {
    const nodes = p.parsed.pipe?.nodes ?? [];
    // INCLUDE pastes the .incl's nodes into the pipe: their names are node names here too.
    const nodeNames = new Set([...nodes.map((n) => n.name), ...includedNodeNames(p, includes)]);
    // A file whose name clashes with another keeps its references (lint and rename need them)
    // but adds no edges: its vertex belongs to the other file.
    const pipeId = pipes.get(p.name) === p ? `pipe:${p.name}` : undefined;
    nodes.forEach((n, index) => {
      readsOfNode(p, p.name, n, index, nodes, nodeNames, pipeId);
      const target = n.nodeType === 'copy' ? n.targetDatasource : n.nodeType === 'materialized' ? n.datasource : undefined;
      for (const s of [n.datasource, n.targetDatasource]) {
        if (!s) continue;
        const site = s === n.datasource ? 'DATASOURCE' : 'TARGET_DATASOURCE';
        const r = valueRange(p.parsed, s.directive);
        const ref = addRef(p, p.name, n.name, site, s.value, undefined, r.range, r.quote, false, new Set());
        if (s === target && pipeId) {
          ensureUnresolvedVertex(vertices, ref);
          edges.push({ from: pipeId, to: ref.target, kind: n.nodeType === 'copy' ? 'copy' : 'materialize', node: n.name, file: p.path, line: ref.line, column: ref.column });
        }
      }
    });
  }

  /**
   * References of one node's SQL. `readerId` is the vertex its reads flow into (undefined: record
   * references only). Node edges link an earlier node to the node reading it.
   */
  function readsOfNode(p: ProjectFile, owner: string, n: PipeNode, index: number, nodes: readonly PipeNode[], nodeNames: ReadonlySet<string>, readerId: string | undefined): void {
    if (!n.sql) return;
    readsOfSql(p, owner, n.name, n.sql, nodeNames, readerId, (r, ref) => {
      const earlier = nodes.slice(0, index).some((m) => m.name === r);
      if (earlier && readerId?.startsWith('pipe:')) {
        edges.push({ from: nodeId(owner, r), to: nodeId(owner, n.name), kind: 'node', node: n.name, file: p.path, line: ref.line, column: ref.column, conditional: ref.conditional });
      }
    });
  }

  function readsOfSql(p: ProjectFile, owner: string, node: string | undefined, sql: SqlBlock, nodeNames: ReadonlySet<string>, readerId: string | undefined, onNode?: (name: string, ref: Reference) => void, expression = false): void {
    const { references: refs, dynamic: dyn } = extractSqlReferences(sql, { expression });
    for (const r of refs) {
      const ref = addRef(p, owner, node, r.site, r.name, r.database, r.range, r.quote, r.conditional, nodeNames);
      if (ref.resolution === 'node') {
        onNode?.(r.name, ref);
        continue;
      }
      if (!readerId) continue;
      ensureUnresolvedVertex(vertices, ref);
      edges.push({ from: ref.target, to: readerId, kind: 'read', ...(node !== undefined ? { node } : {}), file: p.path, line: ref.line, column: ref.column, conditional: r.conditional });
    }
    for (const d of dyn) {
      const pos = p.parsed.lineIndex.positionAt(d.range.start);
      dynamic.push({ file: p.path, owner, node, text: d.text, range: d.range, line: pos.line, column: pos.column, conditional: d.conditional });
    }
  }

  // Nodes of .incl files are pasted into the including pipes; their reads flow into the include
  // vertex, which flows into each includer.
  for (const inc of includes.values()) {
    const nodes = inc.parsed.pipe?.nodes ?? [];
    const nodeNames = new Set(nodes.map((n) => n.name));
    nodes.forEach((n, index) => readsOfNode(inc, inc.path, n, index, nodes, nodeNames, `include:${inc.path}`));
  }

  // Datasources read tables in FORWARD_QUERY and in MATERIALIZED/DEFAULT column expressions
  // (datafile-format.md §4.2 step 6, §4.5): references only, the data does not flow at query time.
  for (const d of datasources.values()) {
    const model = d.parsed.datasource;
    if (!model) continue;
    if (model.forwardQuery) readsOfSql(d, d.name, undefined, model.forwardQuery, new Set(), undefined);
    for (const c of model.schema) {
      if (!c.defaultRange || !c.defaultExpression || !/\b(select|joinGet|dictGet)/i.test(c.defaultExpression)) continue;
      readsOfSql(d, d.name, undefined, sqlBlockOf(d.parsed.source.slice(c.defaultRange.start, c.defaultRange.end), c.defaultRange.start), new Set(), undefined, undefined, true);
    }
  }

  // INCLUDE: an edge from the .incl to the including resource; paths never leave the root.
  for (const f of files) {
    for (const inc of f.parsed.pipe?.includes ?? f.parsed.datasource?.includes ?? []) {
      const resolved = resolveIncludePath(f.path, inc.path);
      const owner = f.parsed.kind === 'datasource' ? `datasource:${f.name}` : f.parsed.kind === 'pipe' ? `pipe:${f.name}` : `include:${f.path}`;
      if (resolved === undefined) {
        diagnostics.push(rangeDiagnostic(f, inc.pathRange, 'include-outside-project', `INCLUDE path "${inc.path}" points outside the project root.`, 'Keep included files inside the project.'));
        continue;
      }
      const target = includes.get(resolved);
      const s = f.parsed.lineIndex.positionAt(inc.pathRange.start);
      const e = f.parsed.lineIndex.positionAt(inc.pathRange.end);
      references.push({
        file: f.path, range: inc.pathRange, line: s.line, column: s.column, endLine: e.line, endColumn: e.column,
        name: resolved, site: 'INCLUDE', conditional: false, owner: f.name,
        resolution: target ? 'include' : 'unresolved', target: target ? `include:${resolved}` : `unresolved:${resolved}`,
      });
      if (!target) {
        diagnostics.push(rangeDiagnostic(f, inc.pathRange, 'include-not-found', `Included file ${inc.path} not found (looked for ${resolved}).`, 'Check that the file exists and the path is relative to this file.'));
        continue;
      }
      edges.push({ from: `include:${resolved}`, to: owner, kind: 'include', file: f.path, line: s.line, column: s.column });
      // Variables whose value names a resource are references too (`"SOURCE=events"`).
      for (const v of inc.variables) {
        const kind = resolver.resolve(v.value, undefined, new Set(), f.name).kind;
        if (kind === 'datasource' || kind === 'pipe') {
          addRef(f, f.name, undefined, 'INCLUDE variable', v.value, undefined, v.valueRange, undefined, false, new Set());
        }
      }
    }
  }

  return {
    root,
    files,
    vertices,
    edges,
    references: references.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start)),
    dynamic,
    diagnostics: diagnostics.sort(compareDiagnostics),
  };
}

function includedNodeNames(file: ProjectFile, includes: ReadonlyMap<string, ProjectFile>): string[] {
  const names: string[] = [];
  for (const inc of file.parsed.pipe?.includes ?? []) {
    const resolved = resolveIncludePath(file.path, inc.path);
    const target = resolved === undefined ? undefined : includes.get(resolved);
    for (const n of target?.parsed.pipe?.nodes ?? []) names.push(n.name);
  }
  return names;
}

function nodeId(pipe: string, node: string): string {
  return `node:${pipe}/${node}`;
}

function ensureUnresolvedVertex(vertices: Map<string, Vertex>, ref: Reference): void {
  if (vertices.has(ref.target)) return;
  const name = ref.target.slice(ref.target.indexOf(':') + 1);
  vertices.set(ref.target, ref.resolution === 'external' ? { id: ref.target, kind: 'external', name } : { id: ref.target, kind: 'unresolved', name });
}

/** The range of a directive's value without quotes, for DATASOURCE-like single values. */
function valueRange(parsed: ParsedDatafile, directive: { valueRange: Range }): { range: Range; quote?: '"' | "'" } {
  const r = directive.valueRange;
  const text = parsed.source.slice(r.start, r.end);
  const q = text[0];
  if ((q === '"' || q === "'") && text.length >= 2 && text[text.length - 1] === q) {
    return { range: { start: r.start + 1, end: r.end - 1 }, quote: q };
  }
  return { range: r };
}

function fileDiagnostic(f: ProjectFile, ruleId: string, message: string, help: string): Diagnostic {
  return { ruleId, severity: 'error', message, help, file: f.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function rangeDiagnostic(f: ProjectFile, range: Range, ruleId: string, message: string, help: string): Diagnostic {
  const lines: LineIndex = f.parsed.lineIndex;
  const s = lines.positionAt(range.start);
  const e = lines.positionAt(range.end);
  return { ruleId, severity: 'error', message, help, file: f.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** Resolves names the way the CLI looks them up (datafile-format.md §4.4). */
class Resolver {
  readonly #datasources: ReadonlyMap<string, ProjectFile>;
  readonly #pipes: ReadonlyMap<string, ProjectFile>;
  readonly #embedded: ReadonlyMap<string, ProjectFile>;

  constructor(datasources: ReadonlyMap<string, ProjectFile>, pipes: ReadonlyMap<string, ProjectFile>, embedded: ReadonlyMap<string, ProjectFile>) {
    this.#datasources = datasources;
    this.#pipes = pipes;
    this.#embedded = embedded;
  }

  resolve(name: string, database: string | undefined, nodeNames: ReadonlySet<string>, owner: string): { kind: ResolutionKind; target: string; baseName?: string } {
    if (database === undefined && nodeNames.has(name)) return { kind: 'node', target: `node:${owner}/${name}` };
    if (database !== undefined) {
      if (EXTERNAL_DATABASES.has(database)) return { kind: 'external', target: `external:${database}.${name}` };
      // Classic git releases address an earlier release's resources as `v0_0_1.name`: they live
      // in the workspace, not in these files, and a rename must not touch them.
      if (/^v\d+_\d+_\d+$/.test(database)) return { kind: 'external', target: `external:${database}.${name}` };
      const vendored = this.#lookup(`${database}.${name}`);
      if (vendored) return vendored;
      return { kind: 'unresolved', target: `unresolved:${database}.${name}` };
    }
    const direct = this.#lookup(name);
    if (direct) return direct;
    if (name.endsWith(QUARANTINE)) {
      const base = this.#lookup(name.slice(0, -QUARANTINE.length));
      if (base?.kind === 'datasource') return { ...base, baseName: name.slice(0, -QUARANTINE.length) };
    }
    // `name__v2`: VERSION-suffixed remote names map back to the file `name`.
    const versioned = /^(.+)__v\d+$/.exec(name);
    if (versioned) {
      const base = this.#lookup(versioned[1]!);
      if (base) return { ...base, baseName: versioned[1]! };
    }
    return { kind: 'unresolved', target: `unresolved:${name}` };
  }

  #lookup(name: string): { kind: ResolutionKind; target: string } | undefined {
    if (this.#datasources.has(name) || this.#embedded.has(name)) return { kind: 'datasource', target: `datasource:${name}` };
    if (this.#pipes.has(name)) return { kind: 'pipe', target: `pipe:${name}` };
    return undefined;
  }
}
