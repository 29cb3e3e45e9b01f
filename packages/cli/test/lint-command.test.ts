import { chmodSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { main } from '../src/main.js';
import { restrictRules } from '../src/run-lint.js';
import { writeFixes } from '../src/write-fixes.js';
import { cleanupProjects, createFakeIo, createProject } from './helpers.js';
import { validateJsonSchema } from './json-schema.js';

afterEach(cleanupProjects);
// The first run loads the parser, graph and rules, which takes a while on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

async function run(argv: string[], cwd: string, overrides?: Parameters<typeof createFakeIo>[1]) {
  const io = createFakeIo(cwd, overrides);
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

const EVENTS = `SCHEMA >
    \`timestamp\` DateTime \`json:$.timestamp\`,
    \`user_id\` String \`json:$.user_id\`

ENGINE "MergeTree"
ENGINE_SORTING_KEY "timestamp"
`;

const TOP_USERS = `TOKEN "app_read" READ

NODE count_views
SQL >
    SELECT user_id, count() AS views
    FROM events
    GROUP BY user_id

TYPE endpoint
`;

/** A ReplacingMergeTree without ENGINE_VER (replacing-merge-tree-version, an error) that nothing reads (no-unused-datasource, a warning). */
const USERS = `SCHEMA >
    \`id\` String \`json:$.id\`,
    \`updatedAt\` DateTime \`json:$.updatedAt\`

ENGINE "ReplacingMergeTree"
ENGINE_SORTING_KEY "id"
`;

/** Only a warning: a datasource nothing reads. */
const UNREAD = EVENTS;

const CLEAN = { 'datasources/events.datasource': EVENTS, 'pipes/top_users.pipe': TOP_USERS };

/** A directive that suppresses nothing: with --report-unused-disable-directives, a fixable error. */
const WITH_UNUSED_DIRECTIVE = TOP_USERS.replace('TYPE endpoint', '# tb-refs-disable-next-line no-cycle -- not needed\nTYPE endpoint');

describe('tb-refs lint: exit codes', () => {
  test('a clean project exits 0 with a one-line summary', async () => {
    const root = createProject(CLEAN);
    expect(await run(['lint'], root)).toEqual({ code: 0, stdout: '✔ 2 files linted, no problems\n', stderr: '' });
  });

  test('an error exits 1; stylish shows the frame, the rule id and its doc', async () => {
    const root = createProject({ ...CLEAN, 'datasources/users.datasource': USERS });
    const { code, stdout, stderr } = await run(['lint', '.'], root);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^datasources\/users\.datasource:5:1 {2}error {2}.*ENGINE_VER.* {2}replacing-merge-tree-version$/m);
    expect(stdout).toContain('> 5 | ENGINE "ReplacingMergeTree"');
    expect(stdout).toContain('  docs: rules/replacing-merge-tree-version.md');
    expect(stdout).toMatch(/✖ 2 problems \(1 error, 1 warning\) in 1 file\n$/);
  });

  test('warnings alone exit 0; more than --max-warnings exits 1 and says why on stderr', async () => {
    const root = createProject({ ...CLEAN, 'datasources/unread.datasource': UNREAD });
    const plain = await run(['lint'], root);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('no-unused-datasource');
    expect((await run(['lint', '--max-warnings', '1'], root)).code).toBe(0);
    const strict = await run(['lint', '--max-warnings', '0'], root);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('tb-refs: too many warnings (1, --max-warnings 0)\n');
  });

  test('--quiet drops warnings from the output and from the --max-warnings count', async () => {
    const root = createProject({ ...CLEAN, 'datasources/unread.datasource': UNREAD });
    expect(await run(['lint', '--quiet', '--max-warnings', '0'], root)).toEqual({ code: 0, stdout: '✔ 3 files linted, no problems\n', stderr: '' });
  });

  test('a parse error is reported as parse-error and exits 1', async () => {
    const root = createProject({ ...CLEAN, 'datasources/typo.datasource': 'ENGIN "MergeTree"\n' });
    const { code, stdout } = await run(['lint', '-f', 'json'], root);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; severity: number }[] }[];
    const typo = results.find((r) => r.filePath === 'datasources/typo.datasource');
    expect(typo?.messages).toContainEqual(expect.objectContaining({ ruleId: 'parse-error', severity: 2, line: 1, column: 1 }));
  });

  test.for([
    [['lint', 'missing'], /^tb-refs: path "missing" does not exist\n$/],
    [['lint', '--config', 'missing.json'], /^tb-refs: --config: cannot read "missing\.json"\n {2}cause: ENOENT/],
    [['lint', '--max-warnings', '-1'], /^tb-refs: --max-warnings: expected a whole number >= 0, found -1\n$/],
    [['lint', '--fix', '--fix-dry-run'], /^tb-refs: --fix and --fix-dry-run cannot be used together\n$/],
    [['lint', '--rule', 'no-cycles'], /^tb-refs: --rule: unknown rule "no-cycles" \(did you mean "no-cycle"\?\); rules: /],
    [['lint', '--format', 'xml'], /Invalid values:[\s\S]*Run "tb-refs lint --help" for usage\.\n$/],
    [['lint', '--docs-base-url', 'rules/'], /^tb-refs: --docs-base-url: expected an absolute URL/],
  ] as const)('usage error exits 2: %j', async ([argv, stderr]) => {
    const root = createProject(CLEAN);
    const result = await run([...argv], root);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
  });
});

describe('tb-refs lint: configuration', () => {
  test('the config is found upward from the project; it can turn rules off', async () => {
    const root = createProject({
      'tb-refs.config.json': JSON.stringify({ rules: { 'replacing-merge-tree-version': 'off' }, ignores: ['tinybird/datasources/unread.datasource'] }),
      'tinybird/datasources/events.datasource': EVENTS,
      'tinybird/datasources/users.datasource': USERS,
      'tinybird/datasources/unread.datasource': UNREAD,
      'tinybird/pipes/top_users.pipe': TOP_USERS,
    });
    const { code, stdout } = await run(['lint', 'tinybird', '-f', 'json'], root);
    expect(code).toBe(0);
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    // ignores drop the file from the results; users.datasource keeps only the warning.
    expect(results.map((r) => r.filePath)).toEqual(['tinybird/datasources/events.datasource', 'tinybird/datasources/users.datasource', 'tinybird/pipes/top_users.pipe']);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath} ${m.ruleId}`))).toEqual(['tinybird/datasources/users.datasource no-unused-datasource']);
  });

  test('an unknown rule id in the config exits 2 with a clear message and no stack', async () => {
    const root = createProject({ ...CLEAN, 'tb-refs.config.json': '{ "rules": { "no-cycles": "error" } }' });
    const { code, stdout, stderr } = await run(['lint'], root);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`tb-refs: Invalid config in ${path.join(root, 'tb-refs.config.json')}:\n  - rules: unknown rule "no-cycles" (did you mean "no-cycle"?)\n`);
  });

  test('a config that is not JSON exits 2', async () => {
    const root = createProject({ ...CLEAN, 'tb-refs.config.json': '{ rules: ' });
    const { code, stderr } = await run(['lint', '-f', 'json'], root);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^tb-refs: Config file .*tb-refs\.config\.json is not valid JSON: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('the "tb-refs" key of package.json is a config too', async () => {
    const root = createProject({ ...CLEAN, 'package.json': JSON.stringify({ name: 'x', 'tb-refs': { rules: { 'endpoint-token': ['error', { requiredTokens: ['other'] }] } } }) });
    const { code, stdout } = await run(['lint', '-f', 'json'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('"ruleId": "endpoint-token"');
  });
});

describe('tb-refs lint --rule', () => {
  const files = { ...CLEAN, 'datasources/users.datasource': USERS };

  test('runs only the named rules', async () => {
    const root = createProject(files);
    const { code, stdout } = await run(['lint', '--rule', 'no-unused-datasource', '-f', 'json'], root);
    expect(code).toBe(0);
    const ids = (JSON.parse(stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId));
    expect(ids).toEqual(['no-unused-datasource']);
  });

  test('is repeatable and comma-separated; a rule that is off by default runs as an error', async () => {
    const root = createProject({ ...files, 'pipes/top_users.pipe': TOP_USERS.replace('TOKEN "app_read" READ\n', '') });
    for (const argv of [['--rule', 'endpoint-token', '--rule', 'replacing-merge-tree-version'], ['--rule', 'endpoint-token,replacing-merge-tree-version']]) {
      const { code, stdout } = await run(['lint', ...argv, '-f', 'json'], root);
      expect(code).toBe(1);
      const found = (JSON.parse(stdout) as { messages: { ruleId: string; severity: number }[] }[]).flatMap((r) => r.messages.map((m) => `${m.ruleId}:${m.severity}`));
      expect(found.sort()).toEqual(['endpoint-token:2', 'replacing-merge-tree-version:2']);
    }
  });

  test('keeps the configured options and severities of the named rules, and beats overrides', () => {
    const config = {
      rules: { 'endpoint-token': ['warn', { requiredTokens: ['a'] }] as const, 'no-cycle': 'warn' as const },
      overrides: [{ files: ['pipes/**'], rules: { 'no-cycle': 'error' as const } }],
    };
    const restricted = restrictRules(config, new Set(['endpoint-token']));
    expect(restricted.rules?.['endpoint-token']).toEqual(['warn', { requiredTokens: ['a'] }]);
    expect(restricted.overrides?.at(-1)).toEqual({ files: ['**'], rules: expect.objectContaining({ 'no-cycle': 'off', 'unique-names': 'off' }) as unknown });
    expect(restricted.overrides?.at(-1)?.rules).not.toHaveProperty('endpoint-token');
    expect(restrictRules(config, new Set())).toBe(config);
  });
});

describe('tb-refs lint --fix', () => {
  const files = { ...CLEAN, 'pipes/top_users.pipe': WITH_UNUSED_DIRECTIVE };
  const flags = ['--report-unused-disable-directives'];

  test('without --fix the unused directive is a fixable error', async () => {
    const root = createProject(files);
    const { code, stdout } = await run(['lint', ...flags], root);
    expect(code).toBe(1);
    expect(stdout).toContain('unused-disable-directive');
    expect(stdout).toContain('1 error and 0 warnings potentially fixable with the `--fix` option.');
  });

  test('--fix writes the fixed file (keeping its mode) and a re-lint is clean', async () => {
    const root = createProject(files);
    const pipe = path.join(root, 'pipes/top_users.pipe');
    chmodSync(pipe, 0o640);
    const fixed = await run(['lint', ...flags, '--fix'], root);
    expect(fixed).toEqual({ code: 0, stdout: '✔ 2 files linted, no problems\n', stderr: 'tb-refs: fixed 1 file: pipes/top_users.pipe\n' });
    expect(readFileSync(pipe, 'utf8')).toBe(TOP_USERS);
    expect(statSync(pipe).mode & 0o777).toBe(0o640);
    expect(readdirSync(path.dirname(pipe))).toEqual(['top_users.pipe']);
    expect(await run(['lint', ...flags], root)).toEqual({ code: 0, stdout: '✔ 2 files linted, no problems\n', stderr: '' });
  });

  test('--fix-dry-run prints the unified diff, then the report, and writes nothing', async () => {
    const root = createProject(files);
    const { code, stdout, stderr } = await run(['lint', ...flags, '--fix-dry-run'], root);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        '--- a/pipes/top_users.pipe',
        '+++ b/pipes/top_users.pipe',
        '@@ -6,5 +6,4 @@',
        '     FROM events',
        '     GROUP BY user_id',
        ' ',
        '-# tb-refs-disable-next-line no-cycle -- not needed',
        ' TYPE endpoint',
        '',
        '✔ 2 files linted, no problems',
        '',
      ].join('\n'),
    );
    expect(readFileSync(path.join(root, 'pipes/top_users.pipe'), 'utf8')).toBe(WITH_UNUSED_DIRECTIVE);
  });

  test('--fix-dry-run with --format json keeps stdout pure JSON; the diff goes to stderr', async () => {
    const root = createProject(files);
    const { code, stdout, stderr } = await run(['lint', ...flags, '--fix-dry-run', '-f', 'json'], root);
    expect(code).toBe(0);
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
    expect(stderr).toContain('-# tb-refs-disable-next-line no-cycle -- not needed');
    // With the document in a file, stdout is free for the diff.
    const toFile = await run(['lint', ...flags, '--fix-dry-run', '-f', 'json', '-o', 'report.json'], root);
    expect(toFile.stdout).toContain('-# tb-refs-disable-next-line no-cycle -- not needed');
    expect(toFile.stderr).toBe('');
  });

  test('writeFixes refuses to write when a file changed since it was linted, and writes nothing', async () => {
    const root = createProject({ 'a.pipe': 'one\n', 'b.pipe': 'two\n' });
    const a = { absolutePath: path.join(root, 'a.pipe'), displayPath: 'a.pipe', before: 'one\n', after: 'ONE\n' };
    const b = { absolutePath: path.join(root, 'b.pipe'), displayPath: 'b.pipe', before: 'old two\n', after: 'TWO\n' };
    await expect(writeFixes([a, b])).rejects.toThrow('b.pipe changed while it was linted (or is not UTF-8 text); nothing was written. Run the command again.');
    expect(readFileSync(a.absolutePath, 'utf8')).toBe('one\n');
    expect(readFileSync(b.absolutePath, 'utf8')).toBe('two\n');
  });
});

describe('tb-refs lint: output', () => {
  test('--format json: stdout is only JSON, even on a terminal, with all files and ESLint counts', async () => {
    const root = createProject({ ...CLEAN, 'datasources/users.datasource': USERS });
    const { code, stdout, stderr } = await run(['lint', '-f', 'json'], root, { isTTY: true });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const results = JSON.parse(stdout) as Record<string, unknown>[];
    expect(results.map((r) => r['filePath'])).toEqual(['datasources/events.datasource', 'datasources/users.datasource', 'pipes/top_users.pipe']);
    expect(results[1]).toMatchObject({ errorCount: 1, warningCount: 1, fixableErrorCount: 0, fixableWarningCount: 0 });
    expect(Object.keys(results[1]!)).not.toContain('source');
  });

  test('--format sarif validates against the SARIF 2.1.0 schema', async () => {
    const root = createProject({ ...CLEAN, 'datasources/users.datasource': USERS });
    const { code, stdout } = await run(['lint', '-f', 'sarif', '--docs-base-url', 'https://example.com/tb-refs'], root);
    expect(code).toBe(1);
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    const log = JSON.parse(stdout) as { runs: { results: { ruleId: string }[]; tool: { driver: { rules: { helpUri?: string }[] } } }[] };
    expect(validateJsonSchema(schema, log)).toEqual([]);
    expect(log.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual(['no-unused-datasource', 'replacing-merge-tree-version']);
    // The base URL gets its missing final slash, so rules/<id>.md lands below it.
    expect(log.runs[0]!.tool.driver.rules.map((r) => r.helpUri)).toContain('https://example.com/tb-refs/rules/no-cycle.md');
  });

  test('--format github and markdown', async () => {
    const root = createProject({ ...CLEAN, 'datasources/users.datasource': USERS });
    const github = await run(['lint', '-f', 'github'], root);
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(/^::error file=datasources\/users\.datasource,line=5,col=1,endLine=5,endColumn=28,title=tb-refs\(replacing-merge-tree-version\)::/m);
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: 'abc123', GITHUB_WORKSPACE: path.dirname(root) };
    const markdown = await run(['lint', '-f', 'markdown'], root, { env });
    expect(markdown.stdout).toContain(`](https://github.com/acme/app/blob/abc123/${path.basename(root)}/datasources/users.datasource#L5)`);
  });

  test('colour follows --color/--no-color, and is never used for JSON', async () => {
    const root = createProject({ ...CLEAN, 'datasources/users.datasource': USERS });
    expect((await run(['lint', '--color'], root)).stdout).toContain('\u001b[');
    expect((await run(['lint', '--no-color'], root, { isTTY: true })).stdout).not.toContain('\u001b[');
    expect((await run(['lint', '-f', 'json', '--color'], root)).stdout).not.toContain('\u001b[');
  });

  test('--output-file writes the report there and nothing to stdout', async () => {
    const root = createProject({ ...CLEAN, 'datasources/users.datasource': USERS });
    const { code, stdout } = await run(['lint', '-f', 'sarif', '-o', 'out/report.sarif'], root);
    expect(code).toBe(2); // out/ does not exist
    expect(stdout).toBe('');
    const ok = await run(['lint', '-f', 'sarif', '-o', 'report.sarif'], root);
    expect(ok).toMatchObject({ code: 1, stdout: '' });
    expect(existsSync(path.join(root, 'report.sarif'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(root, 'report.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
  });

  test('several projects in one run, paths relative to the cwd; an overlapping path reports a file once', async () => {
    const root = createProject({
      'a/datasources/events.datasource': EVENTS,
      'a/pipes/top_users.pipe': TOP_USERS,
      'b/datasources/users.datasource': USERS,
    });
    const { code, stdout } = await run(['lint', 'a', 'b', 'b', '-f', 'json'], root);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string }[];
    expect(results.map((r) => r.filePath)).toEqual(['a/datasources/events.datasource', 'a/pipes/top_users.pipe', 'b/datasources/users.datasource']);
  });

  test('lint --help lists the options', async () => {
    const root = createProject(CLEAN);
    const { code, stdout } = await run(['lint', '--help'], root);
    expect(code).toBe(0);
    for (const flag of ['--format', '--fix', '--fix-dry-run', '--max-warnings', '--quiet', '--rule', '--report-unused-disable-directives', '--color', '--output-file', '--docs-base-url']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('"stylish", "json", "sarif", "github", "markdown"');
  });
});

test('the --format choices are the reporters', async () => {
  const { REPORTERS } = await import('../src/lint-output/index.js');
  const source = readFileSync(path.join(import.meta.dirname, '../src/commands/lint.ts'), 'utf8');
  const formats = /const FORMATS = \[([^\]]*)\]/.exec(source)?.[1]?.match(/'([a-z]+)'/g)?.map((s) => s.slice(1, -1));
  expect(formats).toEqual(Object.keys(REPORTERS));
});
