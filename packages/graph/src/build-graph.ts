import { type Diagnostic, LineIndex, compareDiagnostics } from '@tb-refs/core';
import { parseDatafile, type Range } from '@tb-refs/parser';
import { type FileFacts, factsOf } from './file-facts.js';
import { GraphFile } from './graph-file.js';
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

/** Options of {@link buildGraph}. */
export interface BuildGraphOptions {
  /**
   * Keep every file's parse result in `files[].parsed` (the linter reads them all). Otherwise a
   * file is parsed again when its `parsed` is first read, and the build keeps only what the
   * graph needs of each file: on the 10,000-file bench project the graph then holds 16 MB
   * instead of 77 MB, and builds faster.
   */
  readonly keepParsed?: boolean;
}

/**
 * Builds the dependency graph of a project from its files' texts. Pure: the caller reads the
 * disk (see `loadProject`), so tests and editors can pass in-memory files.
 *
 * Each file is parsed and its queries scanned in its turn (see `FileFacts`); names are resolved
 * once every file is known.
 *
 * The work per file, node and reference is in small functions and methods rather than in loops
 * here: this function runs once per project, so V8 optimises what it calls many times long
 * before (and far more cheaply than) this function itself.
 */
export function buildGraph(sources: readonly SourceFile[], root = '.', options: BuildGraphOptions = {}): ProjectGraph {
  const keepParsed = options.keepParsed === true;
  const diagnostics: Diagnostic[] = [];
  const facts: FileFacts[] = [];
  for (const s of sources) facts.push(factsOfSource(s, keepParsed, diagnostics));
  const files: ProjectFile[] = facts.map((f) => f.file);
  const index = new ProjectIndex(facts, diagnostics);
  const resolver = new Resolver(index.datasources, index.pipes, index.embedded);
  const reads = new GraphReads(resourceVertices(index), resolver);
  for (const p of index.pipeFiles) readsOfPipeFile(reads, p, index);
  // Nodes of .incl files are pasted into the including pipes; their reads flow into the include
  // vertex, which flows into each includer.
  for (const inc of index.includes.values()) readsOfInclFile(reads, inc);
  // Datasources read tables in FORWARD_QUERY and in MATERIALIZED/DEFAULT column expressions
  // (datafile-format.md §4.2 step 6, §4.5).
  for (const d of index.datasources.values()) reads.readsOfDatasource(d);
  for (const f of facts) includesOf(reads, f, index, resolver, diagnostics);
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

function factsOfSource(s: SourceFile, keepParsed: boolean, diagnostics: Diagnostic[]): FileFacts {
  const parsed = parseDatafile(s.source, { fileName: s.path });
  pushAll(diagnostics, parsed.diagnostics);
  return factsOf(new GraphFile(s.path, s.absolutePath ?? s.path, resourceNameOf(s.path), parsed, keepParsed), parsed);
}

function pushAll<T>(to: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) to.push(items[i]!);
}

function readsOfPipeFile(reads: GraphReads, p: FileFacts, index: ProjectIndex): void {
  // INCLUDE pastes the .incl's nodes into the pipe: their names are node names here too.
  const nodeNames = new Set<string>();
  for (const n of p.nodes) nodeNames.add(n.name);
  for (const inc of p.includes) {
    const resolved = resolveIncludePath(p.file.path, inc.path);
    const target = resolved === undefined ? undefined : index.includes.get(resolved);
    for (const n of target?.nodes ?? []) nodeNames.add(n.name);
  }
  // A file whose name clashes with another keeps its references (lint and rename need them)
  // but adds no edges: its vertex belongs to the other file.
  reads.readsOfPipe(p, nodeNames, index.pipes.get(p.file.name) === p ? `pipe:${p.file.name}` : undefined);
}

function readsOfInclFile(reads: GraphReads, inc: FileFacts): void {
  const nodes = inc.nodes;
  const nodeNames = new Set(nodes.map((n) => n.name));
  nodes.forEach((n, i) => reads.readsOfNode(inc.file, inc.file.path, n, i, nodes, nodeNames, `include:${inc.file.path}`));
}

/** INCLUDE: an edge from the .incl to the including resource; paths never leave the root. */
function includesOf(reads: GraphReads, facts: FileFacts, index: ProjectIndex, resolver: Resolver, diagnostics: Diagnostic[]): void {
  const f = facts.file;
  for (const inc of facts.includes) {
    const resolved = resolveIncludePath(f.path, inc.path);
    const owner = f.kind === 'datasource' ? `datasource:${f.name}` : f.kind === 'pipe' ? `pipe:${f.name}` : `include:${f.path}`;
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

function rangeDiagnostic(f: GraphFile, range: Range, ruleId: string, message: string, help: string): Diagnostic {
  const lines = new LineIndex(f.source);
  const s = lines.positionAt(range.start);
  const e = lines.positionAt(range.end);
  return { ruleId, severity: 'error', message, help, file: f.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}
