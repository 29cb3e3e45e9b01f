import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { findProjectRoots, loadProject } from '@tb-refs/graph';
import { expect, it } from 'vitest';
import { defaultConfig, lintProject } from '../src/index.js';

// Real, deployed Tinybird projects (read-only, never copied into the repo). Every finding in the
// snapshot was reviewed by hand; the surprising ones are explained here.
//
// - dubinc__dub pipes/v3_timeseries.pipe, v4_timeseries.pipe: `minute_intervals` is only read in
//   the `granularity == "minute"` template branch and no such node exists in those pipes (it
//   exists in get_api_logs_timeseries): a real latent bug that only that branch hits.
// - linuxfoundation__crowd.dev pull_request_analysis_MV_baseline_merge.pipe and
//   segmentId_aggregates_initial_snapshot.pipe read datasources that have no datafile in the
//   repo; a push of these two pipes from this checkout fails.
// - replacing-merge-tree-version on snapshot tables (crowd.dev *_snapshot_MV_ds, health score):
//   they are ReplacingMergeTree without ENGINE_VER, so merges keep the last inserted row; that is
//   what the rule is about, even where a single writer makes it harmless.
// - no-unused-datasource reports tables that are only read from outside the project (Query API)
//   or only written (backups, MV targets kept for ad-hoc queries): it is a warning for that reason.
// - unique-names in tinybirdco__use-case-examples/add_column_BQ_ds: the example keeps the same
//   pipes under pipes/ and endpoints/, so one silently replaces the other on push.
// - output-matches-target missingColumns (crowd.dev activities_backup_mv, cdp_segment_metrics_copy_pipe;
//   use-case-examples change_sorting_key_kafka_data_source): the classic CLI pushes these and the
//   column silently gets its type's zero value (cdp_segment_metrics' snapshotDate is the partition
//   key, so every row lands in 1970); Forward rejects the pipe. Real, if latent.
// - replacing-merge-tree-partition-key on crowd.dev softwareValueProjectCosts and vulnerability_scans
//   (partitioned by toYear of the version column: an update in a new year leaves the old row), and on
//   use-case-examples iterate_dynamodb, which is Tinybird's own DynamoDB default paired with FINAL.
const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');

it.runIf(existsSync(corpus))('lints every corpus project without crashing; findings match the reviewed snapshot', async () => {
  const lines: string[] = [];
  const repos = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const repo of repos) {
    for (const root of await findProjectRoots(path.join(corpus, repo))) {
      const results = lintProject(await loadProject(path.join(corpus, repo, root)), defaultConfig);
      for (const r of results) {
        for (const m of r.messages) lines.push(`${repo}/${root}/${r.filePath}:${m.line}:${m.column} ${m.severity} ${m.ruleId}${m.messageId ? `/${m.messageId}` : ''}`);
      }
    }
  }
  await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('__snapshots__/corpus-findings.txt');
}, 120_000);
