import { posix } from 'node:path';
import path from 'node:path';
import { UsageError } from '@tb-refs/core';
import { DEFAULT_POSTGRES_DATASOURCES, type ProjectFile, type ProjectGraph } from '@tb-refs/graph';
import { companionEdits, companionRenames, type CompanionText } from './companions/companion-files.js';
import { datafileEdits, type ResourceTarget } from './datafile-edits.js';
import { externalUserWarnings } from './external-writers.js';
import type { CodemodPlan, FileRename, PlannedEdit, PlanWarning } from './plan.js';
import {
  absoluteIn, assertParsesCleanly, definingFiles, finishPlan, resourceOrThrow, targetOf, verifyDatafiles, type ResourceVertex,
} from './plan-builder.js';
import { assertValidResourceName } from './resource-name.js';
import type { TypeScriptSource } from './typescript/rename-in-typescript.js';

/** Options of {@link renameResource}: the files beyond the datafiles that may name the resource. */
export interface RenameOptions {
  /** Test YAML and classic `.test` files of the project (see `loadRenameInputs`). */
  readonly companionTexts?: readonly CompanionText[];
  /** Project-relative paths of other project files, to find fixtures and tests named after the resource. */
  readonly companionPaths?: readonly string[];
  /** TypeScript/JavaScript files to rewrite; only those containing the name are parsed. */
  readonly typescript?: readonly TypeScriptSource[];
  /**
   * Datasources replicated from Postgres, whose external writer keeps the old name.
   * @default DEFAULT_POSTGRES_DATASOURCES
   */
  readonly postgresDatasources?: readonly string[];
}

/**
 * Computes, without writing anything, everything that renaming datasource or pipe `oldName` to
 * `newName` changes: the resource's file (same folder), every reference in datafiles, `.incl`
 * bodies, test YAML and shell tests, fixtures and tests named after it, and TypeScript that
 * calls it. Throws UsageError (exit 2 in the CLI) when a name is invalid, `oldName` does not
 * exist, `newName` already does, or a file that would change does not parse cleanly.
 *
 * @example
 * const graph = await loadProject('tinybird');
 * const plan = await renameResource(graph, 'activities', 'activities_new');
 * for (const c of plan.changes) console.log(c.path, c.edits.length);
 */
export async function renameResource(graph: ProjectGraph, oldName: string, newName: string, options: RenameOptions = {}): Promise<CodemodPlan> {
  assertValidResourceName(oldName, 'old');
  assertValidResourceName(newName, 'new');
  if (oldName === newName) throw new UsageError(`The old and new names are both "${oldName}"; nothing to rename.`);
  const root = path.resolve(graph.root);
  const existing = graph.vertices.get(`datasource:${newName}`) ?? graph.vertices.get(`pipe:${newName}`);
  const isResource = graph.vertices.has(`datasource:${oldName}`) || graph.vertices.has(`pipe:${oldName}`);
  if (!isResource && existing && (existing.kind === 'datasource' || existing.kind === 'pipe')) {
    // A second run: the datafiles are done; finish what else still names the old name.
    return planRename(graph, root, { id: existing.id, kind: existing.kind, name: oldName }, newName, options, {});
  }
  const vertex = resourceOrThrow(graph, oldName, 'old name');
  const target = targetOf(vertex);
  const clashFile = definingFiles(graph, newName)[0];
  if (existing || clashFile) {
    const where = clashFile?.path ?? (existing && 'file' in existing ? existing.file : undefined);
    throw new UsageError(`"${newName}" already exists${where ? ` (${where})` : ''}; choose another name, or use "tb-refs repoint" to move consumers to it.`);
  }
  const defining = definingFiles(graph, oldName);
  if (defining.length > 1) {
    throw new UsageError(`"${oldName}" is defined by ${defining.length} files (${defining.map((f) => f.path).join(', ')}); Tinybird keeps only one. Remove the stale copy first.`);
  }

  return planRename(graph, root, target, newName, options, { vertex, resourceFile: defining[0] });
}

/**
 * The plan proper. On a second run (`vertex` undefined) the datafiles are already renamed: only
 * companion files and TypeScript that still name the old name are left to do.
 */
async function planRename(graph: ProjectGraph, root: string, target: ResourceTarget, newName: string, options: RenameOptions, found: { vertex?: ResourceVertex; resourceFile?: ProjectFile }): Promise<CodemodPlan> {
  const oldName = target.name;
  const { vertex, resourceFile } = found;
  const edits: PlannedEdit[] = [];
  const warnings: PlanWarning[] = [];
  if (vertex) {
    const datafiles = datafileEdits(graph, target, newName);
    edits.push(...datafiles.edits);
    warnings.push(...datafiles.warnings);
  } else {
    warnings.push({ code: 'already-renamed', message: `"${oldName}" is not in the project and "${newName}" is: treating this as a rename that already happened, and finishing the files that still name ${oldName}.` });
  }
  edits.push(...companionEdits(options.companionTexts ?? [], target, newName));
  if (options.typescript && options.typescript.some((f) => f.source.includes(oldName))) {
    // ts-morph (and the TypeScript compiler) load only when some file mentions the name.
    const { renameInTypeScript } = await import('./typescript/rename-in-typescript.js');
    const ts = renameInTypeScript(options.typescript, target, newName);
    edits.push(...ts.edits);
    warnings.push(...ts.warnings);
  }

  const renames: FileRename[] = [];
  const definition = resourceFile ?? definingFiles(graph, newName)[0];
  const moves = companionRenames(options.companionPaths ?? [], definition?.path, oldName, newName);
  if (resourceFile) {
    const base = posix.basename(resourceFile.path);
    moves.unshift({ from: resourceFile.path, to: posix.join(posix.dirname(resourceFile.path), newName + base.slice(oldName.length)), reason: 'resource' });
  }
  const taken = new Set([...graph.files.map((f) => f.path), ...(options.companionPaths ?? [])]);
  for (const m of moves) {
    if (taken.has(m.to)) throw new UsageError(`Cannot rename ${m.from}: ${m.to} already exists.`);
    renames.push({ ...m, absoluteFrom: absoluteIn(root, m.from), absoluteTo: absoluteIn(root, m.to) });
  }

  const plan = finishPlan(graph, root, edits, [...(options.companionTexts ?? []), ...(options.typescript ?? [])]);
  assertParsesCleanly(new Set([...plan.touched, ...(resourceFile ? [resourceFile] : [])]));
  verifyDatafiles(graph, plan.changes, newName, target.kind === 'datasource');
  if (vertex) warnings.push(...externalUserWarnings(graph, vertex, options.postgresDatasources ?? DEFAULT_POSTGRES_DATASOURCES));
  return { operation: 'rename', oldName, newName, resourceKind: target.kind, root, changes: plan.changes, renames, warnings };
}
