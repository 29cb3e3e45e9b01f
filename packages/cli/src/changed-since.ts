import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '@tb-refs/core';
import { findCycles, resourceNameOf, type ProjectGraph } from '@tb-refs/graph';

const run = promisify(execFile);
const DATAFILE = /\.(datasource|pipe|incl)$/;

/** Datafiles a change touched, as absolute paths. */
export interface ChangedFiles {
  /** The commit the change is measured from: the merge base of the revision and HEAD. */
  readonly base: string;
  /** Added or modified, present in the working tree. */
  readonly present: readonly string[];
  /** Deleted (or renamed away): gone from the working tree. */
  readonly deleted: readonly string[];
}

async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run('git', [...args], { cwd, maxBuffer: 1 << 28, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new UsageError(`git ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

/**
 * The datafiles changed since git revision `ref` in the repository holding `cwd`: those the
 * branch changed (`git diff ref...HEAD`, from the merge base, as a pull request shows it), plus
 * uncommitted changes (staged or not) and untracked files. Renames count as a deletion and an
 * addition. Throws `UsageError` outside a repository or for an unknown revision.
 */
export async function changedDatafiles(cwd: string, ref: string): Promise<ChangedFiles> {
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  try {
    await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: top });
  } catch {
    throw new UsageError(`--changed-since: "${ref}" is not a git revision of ${top}`);
  }
  const base = (await git(top, ['merge-base', ref, 'HEAD'])).trim();
  const lists = await Promise.all([
    git(top, ['diff', '--name-only', '--no-renames', '-z', `${ref}...HEAD`, '--']),
    git(top, ['diff', '--name-only', '--no-renames', '-z', 'HEAD', '--']),
    git(top, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const all = new Set(lists.flatMap((l) => l.split('\0')).filter((p) => p !== '' && DATAFILE.test(p)));
  const present: string[] = [];
  const deleted: string[] = [];
  for (const p of [...all].sort()) {
    const absolute = path.join(top, p);
    (existsSync(absolute) ? present : deleted).push(absolute);
  }
  return { base, present, deleted };
}

/**
 * For each datafile of a project, the files whose findings can change when it changes; and for
 * each referenced name, the files that reference it (for deleted files). JSON-safe, so the lint
 * cache can keep it.
 */
export interface DependencyIndex {
  readonly dependents: Readonly<Record<string, readonly string[]>>;
  readonly referencedBy: Readonly<Record<string, readonly string[]>>;
}

/**
 * Builds the {@link DependencyIndex} of a graph. A file's dependents are itself, the files of the
 * resources next to it in the data flow (what it reads and writes, and what reads it); for a
 * copy or materialized pipe, and for the datasources it writes, the readers of its sources and
 * targets (whether a datasource counts as raw or deduplicated depends on that pipe); the files
 * that include an `.incl` (with their own dependents); the members of a cycle it is on; and the
 * files defining a resource of the same name.
 */
export function dependencyIndex(graph: ProjectGraph): DependencyIndex {
  const resourceOf = (id: string): string => {
    const v = graph.vertices.get(id);
    return v?.kind === 'node' ? `pipe:${v.pipe}` : id;
  };
  const fileOf = new Map<string, string>();
  for (const v of graph.vertices.values()) if ('file' in v && v.kind !== 'node') fileOf.set(v.id, v.file);
  const out = new Map<string, Set<string>>();
  const inn = new Map<string, Set<string>>();
  const writes = new Map<string, Set<string>>();
  const includers = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, v: string): void => void (m.get(k) ?? m.set(k, new Set()).get(k)!).add(v);
  for (const e of graph.edges) {
    const from = resourceOf(e.from);
    const to = resourceOf(e.to);
    if (from === to || !fileOf.has(from) || !fileOf.has(to)) continue;
    add(out, from, to);
    add(inn, to, from);
    if (e.kind === 'copy' || e.kind === 'materialize') add(writes, from, to);
    if (e.kind === 'include') add(includers, from, to);
  }
  const cycleOf = new Map<string, string[]>();
  for (const cycle of findCycles(graph)) for (const id of cycle) cycleOf.set(resourceOf(id), cycle.map(resourceOf));
  const byName = new Map<string, Set<string>>();
  for (const f of graph.files) add(byName, f.name, f.path);
  const nameOf = new Map(graph.files.map((f) => [f.path, f.name]));
  const resourcesOf = new Map<string, string[]>();
  for (const [id, file] of fileOf) resourcesOf.set(file, [...(resourcesOf.get(file) ?? []), id]);

  const dependentsOf = (file: string, seen: Set<string>): Set<string> => {
    const result = new Set<string>([file]);
    if (seen.has(file)) return result;
    seen.add(file);
    const addFiles = (ids: Iterable<string>): void => {
      for (const id of ids) {
        const f = fileOf.get(id);
        if (f !== undefined) result.add(f);
      }
    };
    for (const r of resourcesOf.get(file) ?? []) {
      addFiles(out.get(r) ?? []);
      addFiles(inn.get(r) ?? []);
      // A copy or materialized pipe decides whether its sources count as deduplicated and its
      // targets as raw, which the endpoints reading them are judged by.
      const writers = [...(writes.get(r)?.size ? [r] : []), ...[...(inn.get(r) ?? [])].filter((w) => writes.get(w)?.has(r))];
      for (const w of writers) {
        for (const target of writes.get(w) ?? []) addFiles(out.get(target) ?? []);
        for (const source of inn.get(w) ?? []) addFiles(out.get(source) ?? []);
      }
      addFiles(cycleOf.get(r) ?? []);
      // An included file's text is part of the files including it.
      for (const including of includers.get(r) ?? []) {
        const f = fileOf.get(including);
        if (f !== undefined) for (const d of dependentsOf(f, seen)) result.add(d);
      }
    }
    const name = nameOf.get(file);
    for (const f of (name === undefined ? undefined : byName.get(name)) ?? []) result.add(f);
    return result;
  };

  const dependents: Record<string, string[]> = {};
  for (const f of graph.files) dependents[f.path] = [...dependentsOf(f.path, new Set())].sort();
  const referencedBy = new Map<string, Set<string>>();
  for (const r of graph.references) add(referencedBy, r.name, r.file);
  return {
    dependents,
    referencedBy: Object.fromEntries([...referencedBy].map(([name, files]) => [name, [...files].sort()])),
  };
}

/**
 * The project-relative files to lint for a change: the changed files of the project and their
 * dependents, plus the files that reference a deleted file's resource name. Call it with the
 * index of the working tree and with the index at the base, so that files a change unlinked
 * (the readers of a datasource a copy pipe no longer writes) are included too.
 */
export function filesAffectedBy(index: DependencyIndex, root: string, changed: ChangedFiles): Set<string> {
  const inside = (absolute: string): string | undefined => {
    const relative = path.relative(root, absolute);
    return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep).join('/');
  };
  const selected = new Set<string>();
  for (const file of changed.present) {
    const relative = inside(file);
    if (relative === undefined) continue;
    for (const d of own(index.dependents, relative) ?? [relative]) selected.add(d);
  }
  for (const file of changed.deleted) {
    const relative = inside(file);
    if (relative === undefined) continue;
    // Resources are referenced by name; includes by their project-relative path.
    for (const name of [resourceNameOf(relative), relative]) for (const f of own(index.referencedBy, name) ?? []) selected.add(f);
  }
  return selected;
}

/** A record's own property (never one of Object.prototype's, for a file named `constructor.pipe`). */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
