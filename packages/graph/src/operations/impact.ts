import { UsageError } from '@tb-refs/core';
import type { ProjectGraph, Vertex } from '../types.js';
import { downstreamOf } from './closure.js';
import { copyPipesReading, endpointsReadingDirectly, isEndpoint, type CopyFeed, type LiveReader } from './readers.js';
import { findResource } from './select.js';

/** Datasources replicated from Postgres in the sample project (Sequin sinks), the default list. */
export const DEFAULT_POSTGRES_DATASOURCES: readonly string[] = [
  'members', 'organizations', 'segments', 'collections', 'insightsProjects', 'collectionsInsightsProjects',
];

/** How to roll out a schema change of a datasource. */
export type ImpactApproach = 'rename' | 'repoint';

/** A pipe that reads the datasource directly. */
export interface DirectReader {
  readonly pipe: string;
  readonly type: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** The iteration playbook for changing one datasource, computed from the graph. */
export interface Impact {
  readonly datasource: string;
  readonly file: string;
  readonly origin: 'postgres' | 'tinybird';
  readonly raw: boolean;
  /** Every pipe and datasource downstream, nearest first. */
  readonly downstream: readonly { readonly id: string; readonly kind: Vertex['kind']; readonly name: string; readonly type?: string }[];
  /** Pipes that read the datasource itself (any type). */
  readonly directReaders: readonly DirectReader[];
  /** Endpoints that query it live: they fail between dropping the old datasource and renaming. */
  readonly liveEndpoints: readonly LiveReader[];
  /** Endpoints downstream that only see it through stored copies/materializations: no downtime. */
  readonly shieldedEndpoints: readonly string[];
  /** Copy pipes reading it (its deduplicating copies first). */
  readonly copyFeeds: readonly CopyFeed[];
  readonly approach: ImpactApproach;
  readonly steps: readonly string[];
}

/** Options of {@link computeImpact}. */
export interface ImpactOptions {
  readonly postgresDatasources?: readonly string[];
}

function nameOf(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

/**
 * What changing datasource `name` touches, and the steps to do it without breaking consumers:
 * a quick rename when only copy pipes read it, pipe-by-pipe repointing when endpoints do.
 * Throws UsageError (with a suggestion) when `name` is not a datasource of the project.
 */
export function computeImpact(graph: ProjectGraph, name: string, options: ImpactOptions = {}): Impact {
  const vertex = findResource(graph, name);
  if (vertex.kind !== 'datasource') {
    throw new UsageError(`"${name}" is a ${vertex.kind === 'pipe' ? `${vertex.type} pipe` : vertex.kind}, not a datasource; impact plans changes to datasources.`);
  }
  const postgres = options.postgresDatasources ?? DEFAULT_POSTGRES_DATASOURCES;
  const origin = postgres.includes(vertex.name) ? 'postgres' : 'tinybird';
  const downstream = downstreamOf(graph, vertex.id).map((id) => {
    const v = graph.vertices.get(id);
    return { id, kind: v?.kind ?? 'unresolved', name: v?.name ?? nameOf(id), ...(v?.kind === 'pipe' ? { type: v.type } : {}) };
  });
  const directReaders: DirectReader[] = [];
  for (const e of graph.edges) {
    if (e.kind !== 'read' || e.from !== vertex.id || directReaders.some((r) => r.pipe === e.to)) continue;
    const v = graph.vertices.get(e.to);
    if (v?.kind === 'pipe') directReaders.push({ pipe: e.to, type: v.type, file: v.file, line: e.line, column: e.column });
  }
  const liveEndpoints = endpointsReadingDirectly(graph, vertex.id);
  const live = new Set(liveEndpoints.map((r) => r.pipe));
  const shieldedEndpoints = downstream.filter((d) => isEndpoint(graph.vertices.get(d.id)) && !live.has(d.id)).map((d) => d.id);
  const copyFeeds = copyPipesReading(graph, vertex.id);
  const approach: ImpactApproach = liveEndpoints.length === 0 ? 'rename' : 'repoint';
  const steps = origin === 'postgres'
    ? postgresSteps(vertex.name, directReaders)
    : tinybirdSteps(vertex.name, approach, liveEndpoints, directReaders);
  return {
    datasource: vertex.name, file: vertex.file, origin, raw: vertex.raw, downstream, directReaders,
    liveEndpoints, shieldedEndpoints, copyFeeds, approach, steps,
  };
}

function tinybirdSteps(name: string, approach: ImpactApproach, live: readonly LiveReader[], readers: readonly DirectReader[]): string[] {
  const next = `${name}_new`;
  const steps = [
    `Stop the sink workers (and any Kafka/Sequin writer) that append to ${name}, so no rows land during the change.`,
    `Add the field: create ${next}.datasource with the new schema (same engine and sorting key unless they are the change).`,
    `Copy the data: a one-off copy pipe (COPY_MODE append) from ${name} into ${next}, then check row counts match.`,
  ];
  if (approach === 'rename') {
    steps.push(
      `Swap: only copy pipes read ${name}, so pause them, delete ${name} and rename ${next} to ${name} (\`tb-refs rename ${next} ${name}\` for the files); stored results keep serving endpoints meanwhile.`,
      `Restart the sink workers and resume the copy pipes.`,
    );
  } else {
    const names = live.map((r) => nameOf(r.pipe)).join(', ');
    steps.push(
      `Repoint consumers instead of renaming: ${live.length} endpoint(s) read ${name} live (${names}) and would fail between deleting it and renaming ${next}. Run \`tb-refs repoint ${name} ${next}\` to rewrite ${readers.length} direct reader(s), deploy, and verify each endpoint.`,
      `Point the sink workers at ${next} and restart them; when nothing reads ${name} any more (\`tb-refs impact ${name}\` shows no readers), delete it.`,
    );
  }
  return steps;
}

function postgresSteps(name: string, readers: readonly DirectReader[]): string[] {
  return [
    `Pause the Sequin sink that replicates ${name} from Postgres.`,
    `Run the Postgres migration that adds the field.`,
    `Recreate the datasource: update ${name}.datasource with the new column and deploy it (${readers.length} pipe(s) read it directly and pick up the new schema).`,
    `Backfill: trigger a Sequin backfill of the table into ${name}.`,
    `Resume the Sequin sink and check the latest updatedAt in ${name} catches up.`,
  ];
}
