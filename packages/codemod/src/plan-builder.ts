import path from 'node:path';
import { UsageError, didYouMean } from '@tb-refs/core';
import type { ProjectFile, ProjectGraph, Vertex } from '@tb-refs/graph';
import type { ResourceTarget } from './datafile-edits.js';
import { includersOf } from './incl-references.js';
import type { CodemodPlan, FileChange, PlannedEdit } from './plan.js';
import { applyTextEdits, dedupe } from './text-edits.js';
import { verifySqlEdits } from './verify-edits.js';

/** A datasource or pipe vertex. */
export type ResourceVertex = Extract<Vertex, { kind: 'datasource' | 'pipe' }>;

/** The datasource or pipe called `name`; a UsageError with a suggestion when there is none. */
export function resourceOrThrow(graph: ProjectGraph, name: string, role: string): ResourceVertex {
  const v = graph.vertices.get(`datasource:${name}`) ?? graph.vertices.get(`pipe:${name}`);
  if (v && (v.kind === 'datasource' || v.kind === 'pipe')) return v;
  const names = [...graph.vertices.values()].filter((x) => x.kind === 'datasource' || x.kind === 'pipe').map((x) => x.name);
  const hint = didYouMean(name, names);
  throw new UsageError(`No datasource or pipe named "${name}" (the ${role}) in ${graph.root}.${hint ? ` Did you mean "${hint}"?` : ''}`);
}

/** The codemod's view of a resource vertex. */
export function targetOf(v: ResourceVertex): ResourceTarget {
  return { id: v.id, kind: v.kind, name: v.name };
}

/** The datafiles that define resource `name` (two or more is a clash the graph reports). */
export function definingFiles(graph: ProjectGraph, name: string): ProjectFile[] {
  return graph.files.filter((f) => f.name === name && (f.kind === 'datasource' || f.kind === 'pipe'));
}

/** Refuses when a file that would change has parse errors: its ranges could be wrong. */
export function assertParsesCleanly(files: Iterable<ProjectFile>): void {
  for (const f of files) {
    const error = f.parsed.diagnostics.find((d) => d.severity === 'error');
    if (error) {
      throw new UsageError(
        `${f.path}:${error.line}:${error.column} has a parse error (${error.message}); fix it first, so the rewrite cannot go wrong.\n` +
          `  Run "tb-refs check" to see every problem.`,
      );
    }
  }
}

/** A text file that edits apply to. */
export interface EditableFile {
  readonly path: string;
  readonly absolutePath: string;
  readonly source: string;
}

/** Groups edits by file and applies them, giving each changed file's old and new text. */
export function buildChanges(edits: readonly PlannedEdit[], files: ReadonlyMap<string, EditableFile>): FileChange[] {
  const byFile = new Map<string, PlannedEdit[]>();
  for (const e of edits) {
    const list = byFile.get(e.file) ?? [];
    list.push(e);
    byFile.set(e.file, list);
  }
  const changes: FileChange[] = [];
  for (const [file, list] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const f = files.get(file);
    if (!f) continue;
    const unique = dedupe(list);
    changes.push({ path: f.path, absolutePath: f.absolutePath, before: f.source, after: applyTextEdits(f.source, unique), edits: unique });
  }
  return changes;
}

/** Absolute form of a project-relative path. */
export function absoluteIn(root: string, relative: string): string {
  return path.resolve(root, ...relative.split('/'));
}

/** A file outside the datafiles that edits may apply to (tests, TypeScript). */
export interface ExtraText {
  readonly path: string;
  readonly absolutePath?: string;
  readonly source: string;
}

/** Applies the edits to every file they touch; returns the changes and the datafiles touched. */
export function finishPlan(graph: ProjectGraph, root: string, edits: readonly PlannedEdit[], extra: readonly ExtraText[]): { changes: CodemodPlan['changes']; touched: ProjectFile[] } {
  const files = new Map<string, EditableFile>();
  for (const f of graph.files) files.set(f.path, { path: f.path, absolutePath: f.absolutePath, source: f.source });
  for (const t of extra) files.set(t.path, { path: t.path, absolutePath: t.absolutePath ?? absoluteIn(root, t.path), source: t.source });
  const changes = buildChanges(edits, files);
  const byPath = new Map(graph.files.map((f) => [f.path, f]));
  const touched = changes.map((c) => byPath.get(c.path)).filter((f): f is ProjectFile => f !== undefined);
  return { changes, touched };
}

/** Re-reads the rewritten SQL of every changed datafile (see verifySqlEdits). */
export function verifyDatafiles(graph: ProjectGraph, changes: CodemodPlan['changes'], newName: string, datasource: boolean): void {
  const byPath = new Map(graph.files.map((f) => [f.path, f]));
  const includers = includersOf(graph);
  for (const c of changes) {
    const f = byPath.get(c.path);
    if (!f) continue;
    const outer = new Set((includers.get(f.path) ?? []).flatMap((u) => (u.parsed.pipe?.nodes ?? []).map((n) => n.name)));
    verifySqlEdits(f, c.edits, c.after, newName, datasource, outer);
  }
}
