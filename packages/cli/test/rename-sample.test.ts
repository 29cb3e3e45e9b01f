import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isEndpoint, loadProject } from '@tb-refs/graph';
import { afterEach, describe, expect, test } from 'vitest';
import { APP, cleanupCopies, differences, read, run, SAMPLE, sampleCopy, snapshot } from './codemod-helpers.js';

// The "done when": on a copy of tinybird/ with the fixture app (test/fixtures/insights-app)
// at the repository root, so the TypeScript is found without --ts.

afterEach(cleanupCopies);

describe('tb-refs rename activities activities_new (sample project + app)', () => {
  test('--write updates the copy pipe, every endpoint reading it and the app; a second run changes nothing; renaming back restores every byte', async () => {
    const dir = sampleCopy(true);
    chmodSync(path.join(dir, 'tinybird/datasources/activities.datasource'), 0o640);
    chmodSync(path.join(dir, 'tinybird/endpoints/activities_raw_recent.pipe'), 0o755);
    const original = snapshot(dir);
    const graph = await loadProject(SAMPLE);
    const readers = graph.edges.filter((e) => e.kind === 'read' && e.from === 'datasource:activities').map((e) => graph.vertices.get(e.to)!);
    expect(readers.some((v) => v.kind === 'pipe' && v.type === 'copy')).toBe(true);

    const { code, out, err } = await run(['rename', 'activities', 'activities_new', 'tinybird', '--write'], dir);
    expect(code).toBe(0);
    expect(out).toContain('rename from tinybird/datasources/activities.datasource\nrename to tinybird/datasources/activities_new.datasource');
    for (const v of readers) {
      const file = path.join('tinybird', (v as { file: string }).file);
      expect(read(dir, file), file).toContain('FROM activities_new\n');
      expect(read(dir, file).replaceAll('FROM activities_new\n', 'FROM activities\n'), file).toBe(original.get(file)!.bytes.toString());
    }
    expect(readers.filter((v) => isEndpoint(v)).map((v) => v.name)).toEqual(['activities_raw_recent']);
    expect(existsSync(path.join(dir, 'tinybird/datasources/activities.datasource'))).toBe(false);
    expect(statSync(path.join(dir, 'tinybird/datasources/activities_new.datasource')).mode & 0o777).toBe(0o640);
    expect(statSync(path.join(dir, 'tinybird/endpoints/activities_raw_recent.pipe')).mode & 0o777).toBe(0o755);

    // The app: the Events API writer, the SDK client and its SQL follow; endpoint URLs and plain strings stay.
    expect(read(dir, 'src/ingest/data-sink.ts')).toContain('/v0/events?name=activities_new&wait=true');
    expect(read(dir, 'src/ingest/data-sink.ts')).toContain("api.ingest('activities_new', row)");
    expect(read(dir, 'src/ingest/data-sink.ts')).toContain('/v0/events?name=activityRelations');
    expect(read(dir, 'src/reports/adhoc.ts')).toContain('count() AS rows FROM activities_new GROUP BY');
    expect(read(dir, 'src/reports/adhoc.ts')).toContain("['activities', 'members', 'organizations']");
    expect(read(dir, 'src/widgets/activity-feed.ts')).toBe(original.get('src/widgets/activity-feed.ts')!.bytes.toString());
    expect(differences(original, snapshot(dir))).toEqual([
      'src/ingest/data-sink.ts',
      'src/reports/adhoc.ts',
      'tinybird/datasources/activities.datasource',
      'tinybird/datasources/activities_new.datasource',
      'tinybird/endpoints/activities_raw_recent.pipe',
      'tinybird/pipes/activities_deduplicated_copy_pipe.pipe',
    ]);
    expect(err).toContain('Token "data_sink_worker" can APPEND to activities');
    expect(err).toContain("src/reports/adhoc.ts:9:26: The string 'activities' is left as it is");
    expect(err).toContain('references by kind: from 2, ts url 1, ts sdk 1, ts sql 1');

    const renamed = snapshot(dir);
    const again = await run(['rename', 'activities', 'activities_new', 'tinybird', '--write'], dir);
    expect(again.code).toBe(0);
    expect(again.out).toBe('');
    expect(again.err).toContain('Nothing to change.');
    expect(differences(renamed, snapshot(dir))).toEqual([]);

    const back = await run(['rename', 'activities_new', 'activities', 'tinybird', '--write'], dir);
    expect(back.code).toBe(0);
    expect(differences(original, snapshot(dir))).toEqual([]);
  });

  test('renaming an endpoint rewrites the app calls and lists the dynamic one (dry run writes nothing)', async () => {
    const dir = sampleCopy(true);
    const before = snapshot(dir);
    const { code, out, err } = await run(['rename', 'activities_raw_recent', 'recent_activity_feed', 'tinybird'], dir);
    expect(code).toBe(0);
    expect(differences(before, snapshot(dir))).toEqual([]);
    expect(out).toContain('rename to tinybird/endpoints/recent_activity_feed.pipe');
    expect(out).toContain("+  const url = `${TB_HOST}/v0/pipes/recent_activity_feed.json?project=${encodeURIComponent(project)}&hours=${hours}`;");
    expect(out).toContain("+export const feedCsvUrl = (project: string) => TB_HOST + '/v0/pipes/' + 'recent_activity_feed' + '.csv?project=' + project;");
    expect(err).toContain('src/widgets/custom-widget.ts:5:37: "activities_raw_recent${…}" is built from expressions');
    expect(err).toContain('activities_raw_recent is served at /v0/pipes/activities_raw_recent.json');
    expect(err).toContain('Dry run: nothing was written.');
  });
});

describe('tb-refs repoint (sample project)', () => {
  test('--only endpoints moves the endpoints to the new datasource and leaves the dedup copy pipe alone', async () => {
    const dir = sampleCopy(false);
    const ds = read(dir, 'tinybird/datasources/activities.datasource');
    writeFileSync(path.join(dir, 'tinybird/datasources/activities_new.datasource'), ds);
    writeFileSync(path.join(dir, 'tinybird/pipes/activities_to_new.pipe'), 'NODE backfill\nSQL >\n    SELECT * FROM activities\n\nTYPE copy\nTARGET_DATASOURCE activities_new\nCOPY_SCHEDULE @on-demand\n');
    const before = snapshot(dir);
    const { code, err } = await run(['repoint', 'activities', 'activities_new', 'tinybird', '--only', 'endpoints', '--write'], dir);
    expect(code).toBe(0);
    expect(differences(before, snapshot(dir))).toEqual(['tinybird/endpoints/activities_raw_recent.pipe']);
    expect(read(dir, 'tinybird/endpoints/activities_raw_recent.pipe')).toContain('FROM activities_new\n');
    expect(err).toContain('repointed: activities_raw_recent');
    expect(err).toContain('still reading activities:\n    activities_deduplicated_copy_pipe (copy, tinybird/pipes/activities_deduplicated_copy_pipe.pipe): not selected\n    activities_to_new (copy, tinybird/pipes/activities_to_new.pipe): feeds activities_new, kept on activities');

    // Even --only all never rewrites the copy that feeds the new datasource.
    const all = await run(['repoint', 'activities', 'activities_new', 'tinybird', '--only', 'all', '-f', 'json'], dir);
    const json = JSON.parse(all.out) as { repointed: string[]; stillReading: { pipe: string; reason: string }[] };
    expect(json.repointed).toEqual(['activities_deduplicated_copy_pipe']);
    expect(json.stillReading).toEqual([expect.objectContaining({ pipe: 'activities_to_new', reason: 'feeds-new' })]);
  });
});

test('the fixture app exists where the tests expect it', () => {
  expect(existsSync(path.join(APP, 'package.json'))).toBe(true);
});
