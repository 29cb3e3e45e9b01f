import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '@tb-refs/cli';
import { REPO, git } from './repo-snapshot.js';

/**
 * A git history on a copy of tinybird/, the "add a field" flow and its mistakes, and the
 * `tb-refs diff --base <parent>` report of each commit, checked exactly:
 *   1. the sample as it is;
 *   2. add a field through a new datasource: activities_new (activities plus organizationId)
 *      and a copy pipe that fills it from activities;
 *   3. swap it in: activities_new.datasource moved over activities.datasource, the backfill pipe
 *      dropped;
 *   4. rename a datasource endpoints read live, with `tb-refs rename --write`;
 *   5. remove a datasource that is still referenced.
 */

let dir: string;
let project: string;
const commits: string[] = [];

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: dir, isTTY: false, env: {} });
  return { code, out, err };
}

function commit(message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  commits.push(git(dir, 'rev-parse', 'HEAD'));
}

/** `tb-refs diff --base <commit n-1> tinybird --format json` with the working tree at commit n. */
async function diffOf(n: number) {
  git(dir, 'checkout', '-q', commits[n - 1]!);
  const { code, out, err } = await run(['diff', '--base', commits[n - 2]!, 'tinybird', '--format', 'json']);
  expect(err).toBe('');
  return { code, report: JSON.parse(out) as Record<string, unknown> };
}

const ACTIVITIES_NEW_PIPE = `DESCRIPTION >
    Fills activities_new (activities plus organizationId) from activities, until it replaces it.

NODE activities_with_organization
SQL >
    SELECT
        id, type, timestamp, platform, channel, sourceId, sourceParentId, title, body, url,
        attributes, score, sentimentLabel, segmentId, tenantId, createdAt, updatedAt, deletedAt,
        '' AS organizationId
    FROM activities

TYPE COPY
TARGET_DATASOURCE activities_new
COPY_MODE replace
COPY_SCHEDULE @on-demand
`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-diff-history-'));
  project = path.join(dir, 'tinybird');
  cpSync(path.join(REPO, 'tinybird'), project, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  commit('1: the sample project');

  const activities = readFileSync(path.join(project, 'datasources/activities.datasource'), 'utf8');
  const last = "    `deletedAt` DateTime64(3) `json:$.deletedAt` DEFAULT toDateTime64(0, 3)\n";
  expect(activities).toContain(last);
  const wider = activities.replace(last, `${last.trimEnd()},\n    \`organizationId\` String \`json:$.organizationId\` DEFAULT ''\n`);
  writeFileSync(path.join(project, 'datasources/activities_new.datasource'), wider);
  writeFileSync(path.join(project, 'pipes/activities_new_backfill.pipe'), ACTIVITIES_NEW_PIPE);
  commit('2: add organizationId through activities_new');

  rmSync(path.join(project, 'datasources/activities.datasource'));
  renameSync(path.join(project, 'datasources/activities_new.datasource'), path.join(project, 'datasources/activities.datasource'));
  rmSync(path.join(project, 'pipes/activities_new_backfill.pipe'));
  commit('3: swap activities_new in as activities');

  const renamed = await run(['rename', 'activities_with_relations_sorted_deduplicated_ds', 'activities_enriched_ds', 'tinybird', '--write', '--no-ts']);
  expect(renamed.code).toBe(0);
  commit('4: rename activities_with_relations_sorted_deduplicated_ds');

  rmSync(path.join(project, 'datasources/members.datasource'));
  commit('5: remove members, still referenced');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const NO_CHANGE = { datasources: [], pipesAdded: [], pipesRemoved: [], downtime: [], brokenReferences: [], lint: { introduced: [], fixed: [] } };

describe('tb-refs diff along a history of tinybird/', () => {
  test('commit 2: activities_new added with its backfill copy pipe; only a warning is new (nothing reads it yet); exit 0', async () => {
    const { code, report } = await diffOf(2);
    expect(report).toEqual({
      ...NO_CHANGE,
      base: commits[0],
      datasources: [{ name: 'activities_new', status: 'added', details: [], breaking: false, endpoints: [] }],
      pipesAdded: ['activities_new_backfill'],
      lint: {
        introduced: [{
          ruleId: 'no-unused-datasource',
          severity: 'warning',
          file: 'datasources/activities_new.datasource',
          line: 5,
          column: 1,
          message: 'Datasource "activities_new" is not read by any pipe, endpoint, copy or materialized view of this project (only written, by "activities_new_backfill").',
        }],
        fixed: [],
      },
    });
    expect(code).toBe(0);
  });

  test('commit 3: activities swapped (recreated with the new column), activities_new gone; the endpoint reading activities live sees downtime; exit 0', async () => {
    const { code, report } = await diffOf(3);
    expect(report).toEqual({
      ...NO_CHANGE,
      base: commits[1],
      datasources: [
        {
          name: 'activities',
          status: 'changed',
          details: ['column organizationId added (String)', 'swapped: replaced by activities_new'],
          breaking: true,
          endpoints: ['activities_raw_recent', 'active_contributors', 'activity_types_breakdown', 'contributors_leaderboard', 'organizations_leaderboard'],
        },
        { name: 'activities_new', status: 'removed', details: ['swapped over activities'], breaking: true, endpoints: [] },
      ],
      pipesRemoved: ['activities_new_backfill'],
      downtime: [{
        endpoint: 'activities_raw_recent',
        datasource: 'activities',
        reason: 'reads activities live and activities must be recreated (column organizationId added (String); swapped: replaced by activities_new)',
      }],
      lint: {
        introduced: [],
        fixed: [{
          ruleId: 'no-unused-datasource',
          severity: 'warning',
          file: 'datasources/activities_new.datasource',
          line: 5,
          column: 1,
          message: 'Datasource "activities_new" is not read by any pipe, endpoint, copy or materialized view of this project (only written, by "activities_new_backfill").',
        }],
      },
    });
    expect(code).toBe(0);
  });

  test('commit 4: a rename (same schema, every reference rewritten): renamed, four endpoints read it live; nothing broken; exit 0', async () => {
    const { code, report } = await diffOf(4);
    const endpoints = ['active_contributors', 'activity_types_breakdown', 'contributors_leaderboard', 'organizations_leaderboard'];
    expect(report).toEqual({
      ...NO_CHANGE,
      base: commits[2],
      datasources: [{
        name: 'activities_enriched_ds',
        from: 'activities_with_relations_sorted_deduplicated_ds',
        status: 'renamed',
        details: ['renamed from activities_with_relations_sorted_deduplicated_ds'],
        breaking: true,
        endpoints,
      }],
      downtime: endpoints.map((endpoint) => ({
        endpoint,
        datasource: 'activities_with_relations_sorted_deduplicated_ds',
        reason: 'reads activities_with_relations_sorted_deduplicated_ds live and activities_with_relations_sorted_deduplicated_ds is renamed to activities_enriched_ds',
      })),
    });
    expect(code).toBe(0);
  });

  test('commit 5: members removed while two pipes still read it: broken references and new lint errors, exit 1', async () => {
    const { code, report } = await diffOf(5);
    const unresolved = (file: string, line: number, column: number, clause: string, owner: string) => ({
      ruleId: 'no-unresolved-reference',
      severity: 'error',
      file,
      line,
      column,
      message: `${clause} refers to "members", which is not a datasource, pipe or node of this project; Tinybird cannot push "${owner}".`,
    });
    expect(report).toEqual({
      ...NO_CHANGE,
      base: commits[3],
      datasources: [{
        name: 'members',
        status: 'removed',
        details: [],
        breaking: true,
        endpoints: ['contributors_leaderboard', 'active_contributors', 'activity_types_breakdown', 'organizations_leaderboard'],
      }],
      brokenReferences: [
        { name: 'members', file: 'endpoints/contributors_leaderboard.pipe', line: 48, column: 16, owner: 'contributors_leaderboard', node: 'contributors_leaderboard_result' },
        { name: 'members', file: 'pipes/activities_with_relations_sorted_deduplicated_copy_pipe.pipe', line: 11, column: 10, owner: 'activities_with_relations_sorted_deduplicated_copy_pipe', node: 'bot_members' },
      ],
      lint: {
        introduced: [
          unresolved('endpoints/contributors_leaderboard.pipe', 48, 16, 'JOIN', 'contributors_leaderboard'),
          unresolved('pipes/activities_with_relations_sorted_deduplicated_copy_pipe.pipe', 11, 10, 'FROM', 'activities_with_relations_sorted_deduplicated_copy_pipe'),
        ],
        fixed: [],
      },
    });
    expect(code).toBe(1);
  });

  test('against the first commit, the whole history at once: the markdown PR comment names everything and draws the affected subgraph', async () => {
    git(dir, 'checkout', '-q', commits[4]!);
    const { code, out } = await run(['diff', '--base', commits[0]!, 'tinybird', '--format', 'markdown']);
    expect(code).toBe(1);
    expect(out).toMatch(/^### tb-refs diff against `[0-9a-f]{40}`\n\n❌ This change breaks 2 references and introduces 2 lint errors\.\n/);
    expect(out).toContain('| `activities` | changed | column organizationId added (String) |');
    expect(out).toContain('| `activities_enriched_ds` | renamed from activities_with_relations_sorted_deduplicated_ds |');
    expect(out).toContain('| `members` | removed |');
    expect(out).toContain('```mermaid\nflowchart LR\n');
    expect(out).toContain('  class datasource_activities changed');
    expect(out).toContain('  class datasource_activities_enriched_ds added');
    expect(out).toMatch(/ {2}class datasource_activities_with_relations_sorted_deduplicated_ds,datasource_members removed|  class datasource_members,datasource_activities_with_relations_sorted_deduplicated_ds removed/);
    expect(out).toMatch(/\n```\n$/);
  });

  test('the working tree is never touched by diff: a bad base exits 2', async () => {
    git(dir, 'checkout', '-q', commits[4]!);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    const { code, err } = await run(['diff', '--base', 'no-such-commit', 'tinybird']);
    expect(code).toBe(2);
    expect(err).toMatch(/^tb-refs: unknown git revision "no-such-commit"/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});
