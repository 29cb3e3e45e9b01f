import { InternalError } from '@tb-refs/core';
import type { ProjectFile, ProjectGraph, Reference } from '@tb-refs/graph';
import { inclReferences } from './incl-references.js';
import type { EditKind, PlannedEdit, PlanWarning } from './plan.js';
import { nameSpan } from './sql-text.js';
import { plannedEdit } from './text-edits.js';

/** The resource a codemod rewrites references to. */
export interface ResourceTarget {
  readonly id: string;
  readonly kind: 'datasource' | 'pipe';
  readonly name: string;
}

/** Decides, per reference, whether a codemod rewrites it (repoint picks some consumers). */
export type ReferenceFilter = (file: ProjectFile, owner: string, site: EditKind) => boolean;

/** Edits to datafiles and the warnings found while computing them. */
export interface DatafileEdits {
  readonly edits: PlannedEdit[];
  readonly warnings: PlanWarning[];
  /** `.incl` files left as they are because only some of the files including them were chosen. */
  readonly sharedIncludes: string[];
}

/**
 * Rewrites every datafile reference to `target` with `newName`: the ranges the graph recorded
 * (SQL of pipes, datasource FORWARD_QUERY and column expressions, DATASOURCE, TARGET_DATASOURCE,
 * INCLUDE variables) plus the SQL of `.incl` bodies, which are resolved against the pipes that
 * include them (the graph resolves them on their own). Only the name part changes: `x__v2` keeps its suffix and
 * `x_quarantine` its `_quarantine`. References the graph resolved to a node (shadowing) are not
 * references to the resource, so they never appear here.
 */
export function datafileEdits(graph: ProjectGraph, target: ResourceTarget, newName: string, filter: ReferenceFilter = () => true): DatafileEdits {
  const files = new Map(graph.files.map((f) => [f.path, f]));
  const edits: PlannedEdit[] = [];
  const warnings: PlanWarning[] = [];
  for (const ref of graph.references) {
    if (ref.site === 'INCLUDE') continue;
    const file = files.get(ref.file);
    if (!file) continue;
    if (ref.target === target.id && (ref.resolution === 'datasource' || ref.resolution === 'pipe')) {
      // `.incl` bodies are resolved here against the pipes that include them (inclReferences).
      if (file.kind === 'incl' && ref.site !== 'INCLUDE variable') continue;
      if (!filter(file, ref.owner, ref.site as EditKind)) continue;
      edits.push(editOf(file, ref, target, newName));
    } else if (ref.database !== undefined && ref.name === target.name && ref.resolution !== 'node') {
      warnings.push(at(ref, 'qualified-reference', `${ref.database}.${ref.name} is left as it is: it names a resource of another workspace or release, not this project's ${target.name}.`));
    } else if (ref.resolution === 'unresolved' && ref.database === undefined && nameSpan(ref.name, newName, target.kind === 'datasource') !== undefined) {
      warnings.push(at(ref, 'unresolved-becomes-resolved', `${ref.name} does not resolve today; after the change it reads the renamed ${target.kind}.`));
    }
  }
  const incl = inclReferences(graph, target, newName, filter);
  edits.push(...incl.edits);
  warnings.push(...incl.warnings);
  return { edits, warnings, sharedIncludes: incl.sharedIncludes };
}

function editOf(file: ProjectFile, ref: Reference, target: ResourceTarget, newName: string): PlannedEdit {
  const { source, lineIndex } = file.parsed;
  const written = source.slice(ref.range.start, ref.range.end);
  if (nameSpan(written, target.name, target.kind === 'datasource') === undefined) {
    throw new InternalError(`The graph recorded a reference to ${target.name} at ${ref.file}:${ref.line}:${ref.column}, but the text there is "${written}".`);
  }
  const end = ref.range.start + target.name.length;
  return plannedEdit(file.path, source, lineIndex, ref.range.start, end, newName, ref.site as EditKind);
}

function at(ref: Reference, code: PlanWarning['code'], message: string): PlanWarning {
  return { code, message, file: ref.file, line: ref.line, column: ref.column };
}
