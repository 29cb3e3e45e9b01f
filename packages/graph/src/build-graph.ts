import { type Diagnostic, compareDiagnostics } from '@tb-refs/core';
import { parseDatafile, type PipeNode, type Range } from '@tb-refs/parser';
import { GraphReads, NO_NODES } from './graph-reads.js';
import { resourceVertices } from './graph-vertices.js';
import { resolveIncludePath } from './include-path.js';
import { ProjectIndex } from './project-index.js';
import { Resolver } from './resolver.js';
import type { ProjectFile, ProjectGraph } from './types.js';

export { pipeTypeOf } from './graph-vertices.js';

/** A file's path (project-relative, '/'-separated) and text. */
export interface SourceFile {
  readonly path: string;
  readonly source: string;
  readonly absolutePath?: string;
}

/** Resource name of a datafile path: the stem before the first dot; vendored ones get `ws.`. */
export function resourceNameOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const stem = base.slice(0, base.indexOf('.') < 0 ? base.length : base.indexOf('.'));
  const vendor = /(?:^|\/)vendor\/([^/]+)\//.exec(path);
  return vendor ? `${vendor[1]}.${stem}` : stem;
}

/**
 * Builds the dependency graph of a project from its files' texts. Pure: the caller reads the
 * disk (see `loadProject`), so tests and editors can pass in-memory files.
 *
 * The work per file, node and reference is in small functions and methods rather than in loops
 * here: this function runs once per project, so V8 optimises what it calls many times long
 * before (and far more cheaply than) this function itself.
 */
export function buildGraph(sources: readonly SourceFile[], root = '.'): ProjectGraph {
  const files: ProjectFile[] = sources.map(projectFileOf);
  const diagnostics: Diagnostic[] = [];
  for (const f of files) pushAll(diagnostics, f.parsed.diagnostics);
  const index = new ProjectIndex(files, diagnostics);
  const resolver = new Resolver(index.datasources, index.pipes, index.embedded);
  const reads = new GraphReads(resourceVertices(index), resolver);
  for (const p of index.pipeFiles) readsOfPipeFile(reads, p, index);
  // Nodes of .incl files are pasted into the including pipes; their reads flow into the include
  // vertex, which flows into each includer.
  for (const inc of index.includes.values()) readsOfInclFile(reads, inc);
  // Datasources read tables in FORWARD_QUERY and in MATERIALIZED/DEFAULT column expressions
  // (datafile-format.md §4.2 step 6, §4.5).
  for (const d of index.datasources.values()) reads.readsOfDatasource(d);
  for (const f of files) includesOf(reads, f, index, resolver, diagnostics);
  const { vertices, edges, references, dynamic } = reads;
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

function projectFileOf(s: SourceFile): ProjectFile {
  return {
    path: s.path,
    absolutePath: s.absolutePath ?? s.path,
    name: resourceNameOf(s.path),
    parsed: parseDatafile(s.source, { fileName: s.path }),
  };
}

function pushAll<T>(to: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) to.push(items[i]!);
}

function readsOfPipeFile(reads: GraphReads, p: ProjectFile, index: ProjectIndex): void {
  // INCLUDE pastes the .incl's nodes into the pipe: their names are node names here too.
  const nodeNames = new Set<string>();
  for (const n of p.parsed.pipe?.nodes ?? []) nodeNames.add(n.name);
  for (const inc of p.parsed.pipe?.includes ?? []) {
    const resolved = resolveIncludePath(p.path, inc.path);
    const target = resolved === undefined ? undefined : index.includes.get(resolved);
    for (const n of target?.parsed.pipe?.nodes ?? []) nodeNames.add(n.name);
  }
  // A file whose name clashes with another keeps its references (lint and rename need them)
  // but adds no edges: its vertex belongs to the other file.
  reads.readsOfPipe(p, nodeNames, index.pipes.get(p.name) === p ? `pipe:${p.name}` : undefined);
}

function readsOfInclFile(reads: GraphReads, inc: ProjectFile): void {
  const nodes: readonly PipeNode[] = inc.parsed.pipe?.nodes ?? [];
  const nodeNames = new Set(nodes.map((n) => n.name));
  nodes.forEach((n, i) => reads.readsOfNode(inc, inc.path, n, i, nodes, nodeNames, `include:${inc.path}`));
}

/** INCLUDE: an edge from the .incl to the including resource; paths never leave the root. */
function includesOf(reads: GraphReads, f: ProjectFile, index: ProjectIndex, resolver: Resolver, diagnostics: Diagnostic[]): void {
  for (const inc of f.parsed.pipe?.includes ?? f.parsed.datasource?.includes ?? []) {
    const resolved = resolveIncludePath(f.path, inc.path);
    const owner = f.parsed.kind === 'datasource' ? `datasource:${f.name}` : f.parsed.kind === 'pipe' ? `pipe:${f.name}` : `include:${f.path}`;
    if (resolved === undefined) {
      diagnostics.push(rangeDiagnostic(f, inc.pathRange, 'include-outside-project', `INCLUDE path "${inc.path}" points outside the project root.`, 'Keep included files inside the project.'));
      continue;
    }
    const target = index.includes.get(resolved);
    const ref = reads.addIncludeRef(f, inc.pathRange, resolved, target !== undefined);
    if (!target) {
      diagnostics.push(rangeDiagnostic(f, inc.pathRange, 'include-not-found', `Included file ${inc.path} not found (looked for ${resolved}).`, 'Check that the file exists and the path is relative to this file.'));
      continue;
    }
    reads.edges.push({ from: `include:${resolved}`, to: owner, kind: 'include', file: f.path, line: ref.line, column: ref.column });
    // Variables whose value names a resource are references too (`"SOURCE=events"`).
    for (const v of inc.variables) {
      const kind = resolver.resolve(v.value, undefined, NO_NODES, f.name).kind;
      if (kind === 'datasource' || kind === 'pipe') {
        reads.addRef(f, f.name, undefined, 'INCLUDE variable', v.value, undefined, v.valueRange, undefined, false, NO_NODES);
      }
    }
  }
}

function rangeDiagnostic(f: ProjectFile, range: Range, ruleId: string, message: string, help: string): Diagnostic {
  const s = f.parsed.lineIndex.positionAt(range.start);
  const e = f.parsed.lineIndex.positionAt(range.end);
  return { ruleId, severity: 'error', message, help, file: f.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}
