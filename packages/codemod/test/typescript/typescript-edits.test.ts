import { Project } from 'ts-morph';
import { describe, expect, test } from 'vitest';
import { applyTextEdits } from '../../src/text-edits.js';
import { renameInTypeScript } from '../../src/typescript/rename-in-typescript.js';
import { typescriptEdits } from '../../src/typescript/typescript-edits.js';

interface Args {
  readonly old: string;
  readonly new: string;
  readonly kind?: 'datasource' | 'pipe';
}

/** Parses `text` in an in-memory project (ts-morph's test setup) and returns what the codemod finds. */
function getInfoFromText(text: string, args: Args) {
  const project = new Project({ useInMemoryFileSystem: true });
  const sourceFile = project.createSourceFile('/app/src/file.ts', text);
  const kind = args.kind ?? 'pipe';
  const result = typescriptEdits(sourceFile, 'src/file.ts', { id: `${kind}:${args.old}`, kind, name: args.old }, args.new);
  return { sourceFile, ...result };
}

/** Runs the TypeScript rename on `input` and compares the output text (ts-morph's doTest style). */
function doTest(input: string, args: Args, expected: string): string[] {
  const { edits, warnings } = getInfoFromText(input, args);
  expect(applyTextEdits(input, edits)).toBe(expected);
  return warnings.map((w) => `${w.code} ${w.line}:${w.column}`);
}

const pipe = { old: 'top_pages', new: 'top_paths' } as const;
const ds = { old: 'events', new: 'events_v2', kind: 'datasource' } as const;

describe('API URLs', () => {
  test.for([
    ["fetch('/v0/pipes/top_pages.json')", "fetch('/v0/pipes/top_paths.json')"],
    ['fetch("https://api.tinybird.co/v0/pipes/top_pages.csv?token=x")', 'fetch("https://api.tinybird.co/v0/pipes/top_paths.csv?token=x")'],
    ['fetch(`${host}/v0/pipes/top_pages.ndjson?limit=${n}&q=1`)', 'fetch(`${host}/v0/pipes/top_paths.ndjson?limit=${n}&q=1`)'],
    ["const u = '/v0/pipes/top_pages';", "const u = '/v0/pipes/top_paths';"],
    ["const u = '/v0/pipes/top_pages?from=1';", "const u = '/v0/pipes/top_paths?from=1';"],
    ["const u = '/v0/pipes/top_pages/sink';", "const u = '/v0/pipes/top_paths/sink';"],
    ["const u = `/v0/pipes/${'top_pages'}.json`;", "const u = `/v0/pipes/${'top_paths'}.json`;"],
    ["const u = '/v0/pipes/' + 'top_pages' + '.json';", "const u = '/v0/pipes/' + 'top_paths' + '.json';"],
    ["const u = (host + '/v0/pipes/top_pages.parquet');", "const u = (host + '/v0/pipes/top_paths.parquet');"],
  ] as const)('%s', ([input, expected]) => {
    expect(doTest(input, pipe, expected)).toEqual([]);
  });

  test('a longer pipe name that starts with the name is another pipe', () => {
    const input = "fetch('/v0/pipes/top_pages_daily.json'); fetch('/v0/pipes/my_top_pages.json');";
    expect(doTest(input, pipe, input)).toEqual([]);
  });

  test('names built from expressions are listed, never touched', () => {
    const input = [
      'fetch(`/v0/pipes/top_pages${suffix}.json`);',
      'fetch(`/v0/pipes/${env}_top_pages.json`);',
      "fetch('/v0/pipes/top_pages' + variant + '.json');",
      'fetch(`/v0/pipes/${name}.json`);',
    ].join('\n');
    expect(doTest(input, pipe, input)).toEqual(['dynamic-name 1:18', 'dynamic-name 2:24', 'dynamic-name 3:18']);
  });

  test('datasource URLs: Events API and Data Sources API', () => {
    doTest(
      "fetch(`${host}/v0/events?name=events&wait=true`); fetch('/v0/datasources?mode=append&name=events'); fetch('/v0/datasources/events/truncate');",
      ds,
      "fetch(`${host}/v0/events?name=events_v2&wait=true`); fetch('/v0/datasources?mode=append&name=events_v2'); fetch('/v0/datasources/events_v2/truncate');",
    );
  });

  test('a pipe URL does not name a datasource of the same name', () => {
    const input = "fetch('/v0/pipes/events.json');";
    expect(doTest(input, ds, input)).toEqual([]);
  });
});

describe('properties and @tinybirdco/sdk', () => {
  test('pipe: properties', () => {
    doTest("await tb({ pipe: 'top_pages', params }); const q = { 'pipe': \"top_pages\" };", pipe, "await tb({ pipe: 'top_paths', params }); const q = { 'pipe': \"top_paths\" };");
    doTest("const w = { endpoint: 'top_pages' as const, datasource: 'top_pages' };", pipe, "const w = { endpoint: 'top_paths' as const, datasource: 'top_pages' };");
  });

  // Property and method names are user code: Object.prototype's members are not SDK names.
  test('keys and methods named like Object.prototype members are not SDK names: their strings are unproven, like any key', () => {
    const input = "const w = { constructor: 'top_pages', toString: 'top_pages' }; tinybird.valueOf('top_pages'); tb.hasOwnProperty('top_pages');";
    const plain = "const w = { aaaaaaaaaaa: 'top_pages', bbbbbbbb: 'top_pages' }; tinybird.ccccccc('top_pages'); tb.dddddddddddddd('top_pages');";
    expect(plain.length).toBe(input.length);
    expect(doTest(input, pipe, input)).toEqual(doTest(plain, pipe, plain));
    expect(doTest(input, pipe, input)).toHaveLength(4);
  });

  test('JSX attributes', () => {
    const project = new Project({ useInMemoryFileSystem: true });
    const input = 'export const W = () => <Chart pipe="top_pages" title="top_pages" />;';
    const file = project.createSourceFile('/app/w.tsx', input);
    const { edits, warnings } = typescriptEdits(file, 'w.tsx', { id: 'pipe:top_pages', kind: 'pipe', name: 'top_pages' }, 'top_paths');
    expect(applyTextEdits(input, edits)).toBe('export const W = () => <Chart pipe="top_paths" title="top_pages" />;');
    expect(warnings.map((w) => w.code)).toEqual(['unproven-reference']);
  });

  test('SDK definitions, with aliases and namespace imports', () => {
    const input = [
      "import { defineEndpoint as endpoint, defineDatasource } from '@tinybirdco/sdk';",
      "import * as tb from '@tinybirdco/sdk';",
      "export const a = endpoint('top_pages', { nodes: [] });",
      "export const b = tb.definePipe('top_pages', { nodes: [] });",
      "export const c = defineDatasource('top_pages', { schema: {} });",
    ].join('\n');
    const expected = input.replace("endpoint('top_pages'", "endpoint('top_paths'").replace("definePipe('top_pages'", "definePipe('top_paths'");
    expect(doTest(input, pipe, expected)).toEqual([]);
  });

  test('a define function not imported from the SDK is not proof', () => {
    const input = "function defineEndpoint(n: string) {}\ndefineEndpoint('top_pages');";
    expect(doTest(input, pipe, input)).toEqual(['unproven-reference 2:16']);
  });

  test('client calls: query, ingest and datasource operations', () => {
    const input = [
      "import { createTinybirdApi } from '@tinybirdco/sdk';",
      'const api = createTinybirdApi({ baseUrl, token });',
      "await api.ingest('events', row);",
      "await api.truncateDatasource('events');",
      "await api.query('events');",
    ].join('\n');
    doTest(input, ds, input.replace("ingest('events'", "ingest('events_v2'").replace("truncateDatasource('events'", "truncateDatasource('events_v2'"));
  });

  test('a client created elsewhere is recognised by its name; other receivers are listed', () => {
    const input = "await tinybird.query('top_pages');\nawait db.query('top_pages');";
    expect(doTest(input, pipe, "await tinybird.query('top_paths');\nawait db.query('top_pages');")).toEqual(['unproven-reference 2:16']);
  });

  test('SQL in node definitions, the sql tag and api.sql', () => {
    const input = [
      "import { node, sql, createTinybirdApi } from '@tinybirdco/sdk';",
      "node({ name: 'n', sql: `SELECT count() FROM events WHERE kind = 'events'` });",
      'const q = sql`SELECT * FROM events JOIN ${other} USING id`;',
      "await createTinybirdApi(c).sql('SELECT * FROM events_quarantine');",
    ].join('\n');
    const expected = input
      .replace('FROM events WHERE', 'FROM events_v2 WHERE')
      .replace('FROM events JOIN', 'FROM events_v2 JOIN')
      .replace('FROM events_quarantine', 'FROM events_v2_quarantine');
    expect(doTest(input, ds, expected)).toEqual([]);
  });
});

describe('never touched', () => {
  test('identifiers, comments, columns and lookalike strings', () => {
    const input = [
      '// reads top_pages',
      'const top_pages = rows.map((r) => r.top_pages);',
      "const label = 'Top pages';",
      "const other = 'top_pages_v2';",
      "const tab = 'top_pages';",
    ].join('\n');
    expect(doTest(input, pipe, input)).toEqual(['unproven-reference 5:13']);
  });

  test('SQL that is not sent through the SDK is listed', () => {
    const input = "const q = 'SELECT * FROM events';";
    expect(doTest(input, ds, input)).toEqual(['unproven-reference 1:11']);
  });

  test('running it again changes nothing', () => {
    const input = "fetch('/v0/pipes/top_pages.json'); tb({ pipe: 'top_pages' });";
    const once = applyTextEdits(input, getInfoFromText(input, pipe).edits);
    expect(getInfoFromText(once, pipe).edits).toEqual([]);
    expect(applyTextEdits(once, getInfoFromText(once, { old: 'top_paths', new: 'top_pages' }).edits)).toBe(input);
  });
});

describe('renameInTypeScript', () => {
  const target = { id: 'pipe:top_pages', kind: 'pipe', name: 'top_pages' } as const;

  test('only files that mention the name are parsed; paths and edits are per file', () => {
    const files = [
      { path: '../app/a.ts', absolutePath: '/repo/app/a.ts', source: "fetch('/v0/pipes/top_pages.json');" },
      { path: '../app/b.ts', absolutePath: '/repo/app/b.ts', source: 'export const x = 1;' },
    ];
    const { edits } = renameInTypeScript(files, target, 'top_paths');
    expect(edits.map((e) => `${e.file}:${e.line}:${e.column} ${e.before}→${e.after}`)).toEqual(['../app/a.ts:1:18 top_pages→top_paths']);
  });

  test('a file with a syntax error that would change is refused', () => {
    const files = [{ path: 'a.ts', absolutePath: '/repo/a.ts', source: "fetch('/v0/pipes/top_pages.json');\nconst = ;\n" }];
    expect(() => renameInTypeScript(files, target, 'top_paths')).toThrow(/^a\.ts:2:7 has a syntax error/);
  });
});
