import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildGraph, findProjectRoots, loadProject, type ProjectGraph } from '../src/index.js';

// Every project of the real-world corpus must load, and every reference in it must resolve: the
// projects were deployed, so a dangling name is our bug, unless it is listed here with the
// reason (checked by reading the files).

interface Allowed {
  /** `<repo>/<project root>/<file>:<line>` */
  readonly at: string;
  readonly name: string;
  readonly reason: string;
}

const DUB_MINUTE = 'Only inside the `{% if granularity == "minute" %}` branch of a FROM; the pipe defines month_intervals, day_intervals and hour_intervals nodes but no minute_intervals node, and no datasource or pipe has that name. Tinybird extracts tables from the SQL rendered with test values, where that branch is false, so it never sees the name.';
const CROWD_ENRICH_CLEAN = 'No datasource activityRelations_enrich_clean_snapshot_MV_ds exists in the repository (only activityRelations_enrich_snapshot_MV_ds and _ds_2) and no pipe writes one: it lives only in the workspace, or the pipe (no TYPE, read by nothing) is stale.';
const CROWD_DEDUP_CLEANED = 'activityRelations_deduplicated_cleaned_ds is not in the repository: per the DESCRIPTION of pipes/pull_request_analysis_baseline_merge_MV.pipe it was deleted in the bucketing migration (-> activityRelations_deduplicated_cleaned_bucket_union); this @on-demand copy pipe still names it.';

const ALLOWED_UNRESOLVED: readonly Allowed[] = [
  { at: 'dubinc__dub/packages/tinybird/pipes/v3_timeseries.pipe:193', name: 'minute_intervals', reason: DUB_MINUTE },
  { at: 'dubinc__dub/packages/tinybird/pipes/v3_timeseries.pipe:271', name: 'minute_intervals', reason: DUB_MINUTE },
  { at: 'dubinc__dub/packages/tinybird/pipes/v3_timeseries.pipe:406', name: 'minute_intervals', reason: DUB_MINUTE },
  { at: 'dubinc__dub/packages/tinybird/pipes/v4_timeseries.pipe:299', name: 'minute_intervals', reason: DUB_MINUTE },
  { at: 'dubinc__dub/packages/tinybird/pipes/v4_timeseries.pipe:489', name: 'minute_intervals', reason: DUB_MINUTE },
  { at: 'dubinc__dub/packages/tinybird/pipes/v4_timeseries.pipe:736', name: 'minute_intervals', reason: DUB_MINUTE },
  { at: 'linuxfoundation__crowd.dev/services/libs/tinybird/pipes/pull_request_analysis_MV_baseline_merge.pipe:18', name: 'activityRelations_enrich_clean_snapshot_MV_ds', reason: CROWD_ENRICH_CLEAN },
  { at: 'linuxfoundation__crowd.dev/services/libs/tinybird/pipes/pull_request_analysis_MV_baseline_merge.pipe:20', name: 'activityRelations_enrich_clean_snapshot_MV_ds', reason: CROWD_ENRICH_CLEAN },
  { at: 'linuxfoundation__crowd.dev/services/libs/tinybird/pipes/pull_request_analysis_MV_baseline_merge.pipe:235', name: 'activityRelations_enrich_clean_snapshot_MV_ds', reason: CROWD_ENRICH_CLEAN },
  { at: 'linuxfoundation__crowd.dev/services/libs/tinybird/pipes/pull_request_analysis_MV_baseline_merge.pipe:237', name: 'activityRelations_enrich_clean_snapshot_MV_ds', reason: CROWD_ENRICH_CLEAN },
  { at: 'linuxfoundation__crowd.dev/services/libs/tinybird/pipes/segmentId_aggregates_initial_snapshot.pipe:10', name: 'activityRelations_deduplicated_cleaned_ds', reason: CROWD_DEDUP_CLEANED },
  { at: 'linuxfoundation__crowd.dev/services/libs/tinybird/pipes/segmentId_aggregates_initial_snapshot.pipe:12', name: 'activityRelations_deduplicated_cleaned_ds', reason: CROWD_DEDUP_CLEANED },
];

/**
 * Project-level diagnostics (not parse diagnostics) expected in the corpus: add_column_BQ_ds
 * keeps both a pipes/ and an endpoints/ copy of eight pipes (the files differ), so the second
 * of each pair is reported.
 */
const BQ_DUPLICATES = ['analytics_hits', 'kpis', 'top_browsers', 'top_devices', 'top_locations', 'top_pages', 'top_sources', 'trend'];
const EXPECTED_PROJECT_DIAGNOSTICS = BQ_DUPLICATES.map((n) => `duplicate-name tinybirdco__use-case-examples/add_column_BQ_ds/pipes/${n}.pipe:1`);
const PROJECT_RULES = new Set(['duplicate-name', 'include-outside-project', 'include-not-found']);

const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const present = existsSync(corpus);
if (!present) console.warn(`corpus not found at ${corpus}: skipping the corpus graph tests`);

describe.skipIf(!present)('corpus projects', async () => {
  const projects: { id: string; graph: ProjectGraph }[] = [];
  const failures: string[] = [];
  const repos = present ? readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  for (const repo of repos) {
    for (const root of await findProjectRoots(path.join(corpus, repo))) {
      const id = root === '.' ? repo : `${repo}/${root}`;
      try {
        projects.push({ id, graph: await loadProject(path.join(corpus, repo, root)) });
      } catch (e) {
        failures.push(`${id}: ${(e as Error).stack ?? String(e)}`);
      }
    }
  }

  test('every project loads without throwing', () => {
    expect(failures).toEqual([]);
    expect(projects.length).toBeGreaterThanOrEqual(15);
    expect(projects.reduce((n, p) => n + p.graph.files.length, 0)).toBeGreaterThan(1200);
  });

  test('every reference resolves, except the allowlisted ones (each still unresolved)', () => {
    const unresolved = projects.flatMap(({ id, graph }) =>
      graph.references.filter((r) => r.resolution === 'unresolved').map((r) => `${id}/${r.file}:${r.line} ${r.database ? `${r.database}.` : ''}${r.name}`),
    );
    const allowed = ALLOWED_UNRESOLVED.map((a) => `${a.at} ${a.name}`);
    // A new dangling reference fails here, and so does an allowlisted one that now resolves.
    expect(unresolved.sort()).toEqual(allowed.sort());
    for (const a of ALLOWED_UNRESOLVED) expect(a.reason.length).toBeGreaterThan(40);
  });

  test('unresolved vertices are exactly the allowlisted names', () => {
    const vertices = projects.flatMap(({ id, graph }) => [...graph.vertices.values()].filter((v) => v.kind === 'unresolved').map((v) => `${id} ${v.name}`));
    expect([...new Set(vertices)].sort()).toEqual([
      'dubinc__dub/packages/tinybird minute_intervals',
      'linuxfoundation__crowd.dev/services/libs/tinybird activityRelations_deduplicated_cleaned_ds',
      'linuxfoundation__crowd.dev/services/libs/tinybird activityRelations_enrich_clean_snapshot_MV_ds',
    ]);
  });

  test('duplicate-name and include diagnostics appear only where expected', () => {
    const found = projects.flatMap(({ id, graph }) =>
      graph.diagnostics.filter((d) => PROJECT_RULES.has(d.ruleId)).map((d) => `${d.ruleId} ${id}/${d.file}:${d.line}`),
    );
    expect(found.sort()).toEqual([...EXPECTED_PROJECT_DIAGNOSTICS].sort());
  });

  test('keeping the parse results changes nothing: the same graph, and files parse the same when read later', () => {
    for (const { id, graph } of projects) {
      const kept = buildGraph(graph.files.map((f) => ({ path: f.path, absolutePath: f.absolutePath, source: f.source })), graph.root, { keepParsed: true });
      const { files: lazyFiles, ...lazy } = graph;
      const { files: keptFiles, ...rest } = kept;
      expect(rest, id).toEqual(lazy);
      keptFiles.forEach((f, i) => expect(lazyFiles[i]!.parsed, `${id}/${f.path}`).toEqual(f.parsed));
    }
  });

  test('the corpus graphs are not trivially empty', () => {
    const edges = projects.reduce((n, p) => n + p.graph.edges.length, 0);
    const references = projects.reduce((n, p) => n + p.graph.references.length, 0);
    expect(references).toBeGreaterThan(2500);
    expect(edges).toBeGreaterThan(2000);
    // Copy and materialize edges exist in the repos that use copy pipes and MVs.
    const crowd = projects.find((p) => p.id === 'linuxfoundation__crowd.dev/services/libs/tinybird')!.graph;
    expect(crowd.edges.filter((e) => e.kind === 'copy').length).toBeGreaterThan(100);
    expect(crowd.edges.filter((e) => e.kind === 'materialize').length).toBeGreaterThan(20);
  });
});
