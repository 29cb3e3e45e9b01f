import type { DatasourceModel } from '@tb-refs/parser';
import type { ProjectGraph, Reference, Vertex } from '../types.js';
import { downstreamOf } from './closure.js';
import { endpointsReadingDirectly, isEndpoint } from './readers.js';

/** How a datasource differs between two graphs. */
export interface DatasourceChange {
  readonly name: string;
  readonly status: 'added' | 'removed' | 'renamed' | 'changed';
  /** For `renamed`: the old name. */
  readonly from?: string;
  /** Human-readable differences (`column x added`, `ENGINE_VER: (none) → updatedAt`). */
  readonly details: readonly string[];
  /** True when the change needs the datasource recreated (engine, keys, column types/removals). */
  readonly breaking: boolean;
  /** Endpoints downstream of it (in the graph where it exists), nearest first. */
  readonly endpoints: readonly string[];
}

/** An endpoint that fails while a datasource it queries live is recreated (breaking change, swap) or renamed. */
export interface Downtime {
  readonly endpoint: string;
  readonly datasource: string;
  readonly reason: string;
}

/** What a change does to the data flow. */
export interface GraphDiff {
  readonly datasources: readonly DatasourceChange[];
  readonly pipesAdded: readonly string[];
  readonly pipesRemoved: readonly string[];
  readonly downtime: readonly Downtime[];
  /** References in the new graph to names that resolved before and no longer do. */
  readonly brokenReferences: readonly Reference[];
  /** Unresolved references that are new, whatever the cause. */
  readonly newUnresolved: readonly Reference[];
  /** Resource ids touched by the change and their neighbours, for a diagram. */
  readonly affected: ReadonlySet<string>;
}

type DatasourceVertex = Extract<Vertex, { kind: 'datasource' }>;

function datasourcesOf(g: ProjectGraph): Map<string, DatasourceVertex> {
  const m = new Map<string, DatasourceVertex>();
  for (const v of g.vertices.values()) if (v.kind === 'datasource') m.set(v.name, v);
  return m;
}

function modelOf(g: ProjectGraph, v: DatasourceVertex): DatasourceModel | undefined {
  return g.files.find((f) => f.path === v.file)?.parsed.datasource;
}

function columns(m: DatasourceModel | undefined): Map<string, string> {
  return new Map((m?.schema ?? []).map((c) => [c.name, (c.dataType ?? '').replace(/\s+/g, '')]));
}

function setting(m: DatasourceModel | undefined, key: string): string {
  if (key === 'ENGINE') return m?.engine?.value ?? 'MergeTree';
  return (m?.engineSettings.get(key)?.value ?? '').replace(/\s+/g, ' ').replace(/^"|"$/g, '');
}

const BREAKING_SETTINGS = ['ENGINE', 'ENGINE_SORTING_KEY', 'ENGINE_PARTITION_KEY', 'ENGINE_PRIMARY_KEY', 'ENGINE_VER', 'ENGINE_IS_DELETED', 'ENGINE_SIGN', 'ENGINE_VERSION'];

/** Differences between two versions of a datasource, and whether they need a recreation. */
function compareDatasource(before: DatasourceModel | undefined, after: DatasourceModel | undefined): { details: string[]; breaking: boolean } {
  const details: string[] = [];
  let breaking = false;
  const a = columns(before);
  const b = columns(after);
  for (const [name, type] of b) {
    if (!a.has(name)) details.push(`column ${name} added (${type})`);
    else if (a.get(name) !== type) {
      details.push(`column ${name} type ${a.get(name)} → ${type}`);
      breaking = true;
    }
  }
  for (const name of a.keys()) {
    if (!b.has(name)) {
      details.push(`column ${name} removed`);
      breaking = true;
    }
  }
  for (const key of [...BREAKING_SETTINGS, 'ENGINE_TTL', 'ENGINE_SETTINGS']) {
    const x = setting(before, key);
    const y = setting(after, key);
    if (x !== y) {
      details.push(`${key}: ${x || '(none)'} → ${y || '(none)'}`);
      if (BREAKING_SETTINGS.includes(key)) breaking = true;
    }
  }
  return { details, breaking };
}

function sameShape(a: DatasourceModel | undefined, b: DatasourceModel | undefined): boolean {
  const x = columns(a);
  const y = columns(b);
  if (x.size === 0 || x.size !== y.size) return false;
  for (const [k, v] of x) if (y.get(k) !== v) return false;
  return setting(a, 'ENGINE') === setting(b, 'ENGINE');
}

function endpointsBelow(g: ProjectGraph, id: string): string[] {
  return downstreamOf(g, id).filter((d) => isEndpoint(g.vertices.get(d))).map((d) => d.slice(d.indexOf(':') + 1));
}

/**
 * Compares the graph before a change with the graph after it: datasources added, removed,
 * renamed (same schema and engine under a new name) or changed, pipes added or removed, the
 * endpoints that go down while a datasource they query live is swapped, and references the change
 * breaks.
 */
export function diffGraphs(before: ProjectGraph, after: ProjectGraph): GraphDiff {
  const A = datasourcesOf(before);
  const B = datasourcesOf(after);
  const changes: DatasourceChange[] = [];
  const removed = [...A.keys()].filter((n) => !B.has(n));
  const added = [...B.keys()].filter((n) => !A.has(n));
  const renamedTo = new Map<string, string>();
  for (const r of removed) {
    const match = added.find((n) => ![...renamedTo.values()].includes(n) && sameShape(modelOf(before, A.get(r)!), modelOf(after, B.get(n)!)));
    if (match) renamedTo.set(r, match);
  }
  // A removed datasource whose schema the surviving one now has was swapped over it: the backfill
  // flow (fill `x_new`, then move x_new.datasource onto x.datasource). The table is recreated.
  const swappedFrom = new Map<string, string>();
  for (const [n, v] of B) {
    const old = A.get(n);
    if (!old) continue;
    const { details, breaking } = compareDatasource(modelOf(before, old), modelOf(after, v));
    if (details.length === 0) continue;
    const source = removed.find((r) => !renamedTo.has(r) && ![...swappedFrom.values()].includes(r) && sameShape(modelOf(before, A.get(r)!), modelOf(after, v)));
    if (source !== undefined) {
      swappedFrom.set(n, source);
      details.push(`swapped: replaced by ${source}`);
    }
    changes.push({ name: n, status: 'changed', details, breaking: breaking || source !== undefined, endpoints: endpointsBelow(after, v.id) });
  }
  const swappedOver = new Map([...swappedFrom].map(([to, from]) => [from, to]));
  for (const r of removed) {
    const to = renamedTo.get(r);
    if (to) changes.push({ name: to, from: r, status: 'renamed', details: [`renamed from ${r}`], breaking: true, endpoints: endpointsBelow(after, `datasource:${to}`) });
    else {
      const over = swappedOver.get(r);
      changes.push({ name: r, status: 'removed', details: over === undefined ? [] : [`swapped over ${over}`], breaking: true, endpoints: endpointsBelow(before, `datasource:${r}`) });
    }
  }
  for (const n of added) {
    if ([...renamedTo.values()].includes(n)) continue;
    changes.push({ name: n, status: 'added', details: [], breaking: false, endpoints: endpointsBelow(after, `datasource:${n}`) });
  }
  changes.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));

  const downtime: Downtime[] = [];
  for (const c of changes) {
    // A removed datasource's readers either moved away or are broken references, not downtime.
    const swapped = c.status === 'changed' ? c.breaking : c.status === 'renamed';
    const old = c.from ?? c.name;
    if (!swapped || !A.has(old)) continue;
    for (const r of endpointsReadingDirectly(before, `datasource:${old}`)) {
      const reason = c.status === 'changed' ? `reads ${old} live and ${old} must be recreated (${c.details.join('; ')})` : `reads ${old} live and ${old} is ${c.status}${c.status === 'renamed' ? ` to ${c.name}` : ''}`;
      downtime.push({ endpoint: r.pipe.slice(5), datasource: old, reason });
    }
  }

  const pipes = (g: ProjectGraph) => new Set([...g.vertices.values()].filter((v) => v.kind === 'pipe').map((v) => v.name));
  const pa = pipes(before);
  const pb = pipes(after);
  const key = (r: Reference) => `${r.file}\u0000${r.owner}\u0000${r.node ?? ''}\u0000${r.name}`;
  const beforeUnresolved = new Set(before.references.filter((r) => r.resolution === 'unresolved').map(key));
  const newUnresolved = after.references.filter((r) => r.resolution === 'unresolved' && !beforeUnresolved.has(key(r)));
  const existedBefore = (name: string) => A.has(name) || pa.has(name);
  const brokenReferences = newUnresolved.filter((r) => existedBefore(r.name));

  const affected = new Set<string>();
  for (const c of changes) {
    for (const g of [before, after]) {
      const id = `datasource:${c.status === 'renamed' && g === before ? c.from : c.name}`;
      if (!g.vertices.has(id)) continue;
      affected.add(id);
      for (const d of downstreamOf(g, id)) affected.add(d);
    }
  }
  for (const r of newUnresolved) {
    affected.add(r.target);
    affected.add(`pipe:${r.owner}`);
  }
  return {
    datasources: changes,
    pipesAdded: [...pb].filter((p) => !pa.has(p)).sort(),
    pipesRemoved: [...pa].filter((p) => !pb.has(p)).sort(),
    downtime,
    brokenReferences,
    newUnresolved,
    affected,
  };
}
