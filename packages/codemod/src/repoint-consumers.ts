import path from 'node:path';
import { UsageError, didYouMean } from '@tb-refs/core';
import { isEndpoint, type ProjectGraph, type Vertex } from '@tb-refs/graph';
import { datafileEdits, type ResourceTarget } from './datafile-edits.js';
import { inclReferences, includersOf } from './incl-references.js';
import type { CodemodPlan, EditKind, StillReading } from './plan.js';
import { assertParsesCleanly, finishPlan, resourceOrThrow, targetOf, verifyDatafiles } from './plan-builder.js';
import { assertValidResourceName } from './resource-name.js';

/** Which consumers a repoint rewrites. */
export type RepointScope = 'endpoints' | 'copies' | 'all';

/** Options of {@link repointConsumers}. */
export interface RepointOptions {
  /**
   * `endpoints`: pipes served over HTTP (TYPE endpoint or no TYPE); `copies`: copy pipes;
   * `all`: every pipe that reads the old resource.
   * @default 'all'
   */
  readonly only?: RepointScope;
  /** Only these pipes (names); each must read the old resource. */
  readonly pipes?: readonly string[];
}

/** Sites where a pipe reads a resource; DATASOURCE and TARGET_DATASOURCE write it. */
const READ_SITES = new Set<EditKind>(['from', 'join', 'in', 'joinGet', 'dictGet', 'table()', 'INCLUDE variable']);

/**
 * Plans the zero-downtime alternative to a rename: the chosen consumers of `oldName` read
 * `newName` instead, while `oldName` stays. Pipes that feed `newName` (a copy or materialized
 * pipe writing it) keep reading `oldName`, since they are how the data gets there. The plan's
 * `stillReading` lists every consumer left on `oldName`, and why.
 *
 * @example
 * const plan = repointConsumers(graph, 'activities', 'activities_new', { only: 'endpoints' });
 */
export function repointConsumers(graph: ProjectGraph, oldName: string, newName: string, options: RepointOptions = {}): CodemodPlan {
  assertValidResourceName(oldName, 'old');
  assertValidResourceName(newName, 'new');
  if (oldName === newName) throw new UsageError(`The old and new names are both "${oldName}"; nothing to repoint.`);
  const oldV = resourceOrThrow(graph, oldName, 'old name');
  const newV = resourceOrThrow(graph, newName, 'new name');
  const only = options.only ?? 'all';
  const root = path.resolve(graph.root);

  // Copy and materialized pipes that write the new resource: the migration path from old to new.
  const feeders = new Set(graph.edges.filter((e) => (e.kind === 'copy' || e.kind === 'materialize') && e.to === newV.id).map((e) => e.from));
  const consumers = consumersOf(graph, targetOf(oldV));
  if (options.pipes) {
    for (const p of options.pipes) {
      if (consumers.has(`pipe:${p}`)) continue;
      const hint = didYouMean(p, [...consumers].map((id) => id.slice('pipe:'.length)));
      const exists = graph.vertices.has(`pipe:${p}`);
      throw new UsageError(`${exists ? `Pipe "${p}" does not read "${oldName}"` : `No pipe named "${p}"`}.${hint ? ` Did you mean "${hint}"?` : ''}`);
    }
  }
  const chosen = new Set<string>();
  const still: StillReading[] = [];
  for (const id of [...consumers].sort()) {
    const v = graph.vertices.get(id);
    if (v?.kind !== 'pipe') continue;
    const entry = { pipe: v.name, type: v.type, file: v.file };
    if (feeders.has(id)) still.push({ ...entry, reason: 'feeds-new' });
    else if (!inScope(v, only) || (options.pipes && !options.pipes.includes(v.name))) still.push({ ...entry, reason: 'not-selected' });
    else chosen.add(v.name);
  }

  const found = datafileEdits(graph, targetOf(oldV), newName, (_file, owner, site) => chosen.has(owner) && READ_SITES.has(site));
  const includers = includersOf(graph);
  for (const incl of found.sharedIncludes) {
    for (const u of includers.get(incl) ?? []) {
      if (!chosen.has(u.name)) continue;
      chosen.delete(u.name);
      const v = graph.vertices.get(`pipe:${u.name}`);
      still.push({ pipe: u.name, type: v?.kind === 'pipe' ? v.type : 'default', file: u.path, reason: 'shared-include' });
    }
  }
  const plan = finishPlan(graph, root, found.edits, []);
  assertParsesCleanly(plan.touched);
  verifyDatafiles(graph, plan.changes, newName, oldV.kind === 'datasource');
  return {
    operation: 'repoint', oldName, newName, resourceKind: oldV.kind, root, changes: plan.changes, renames: [],
    warnings: found.warnings.filter((w) => w.code !== 'unresolved-becomes-resolved'),
    stillReading: still.sort((a, b) => (a.pipe < b.pipe ? -1 : a.pipe > b.pipe ? 1 : 0)),
    repointed: [...chosen].sort(),
  };
}

function inScope(v: Extract<Vertex, { kind: 'pipe' }>, only: RepointScope): boolean {
  if (only === 'all') return true;
  if (only === 'endpoints') return isEndpoint(v);
  return v.type === 'copy';
}

/** Pipe ids that read the target: through SQL and INCLUDE variables, or through an `.incl` body. */
function consumersOf(graph: ProjectGraph, target: ResourceTarget): Set<string> {
  const out = new Set<string>();
  for (const ref of graph.references) {
    if (ref.target !== target.id || !READ_SITES.has(ref.site as EditKind)) continue;
    if (graph.vertices.get(`pipe:${ref.owner}`)?.kind === 'pipe') out.add(`pipe:${ref.owner}`);
  }
  const includers = includersOf(graph);
  for (const e of inclReferences(graph, target, target.name, () => true).edits) {
    if (!READ_SITES.has(e.kind)) continue;
    for (const u of includers.get(e.file) ?? []) if (u.kind === 'pipe') out.add(`pipe:${u.name}`);
  }
  return out;
}
