import { afterEach, describe, expect, test, vi } from 'vitest';
import { main } from '../src/main.js';
import { CLEAN_DATASOURCE, CLEAN_PIPE, TYPO_DATASOURCE, cleanupProjects, createFakeIo, createProject } from './helpers.js';

afterEach(cleanupProjects);
// The first run loads the parser, which takes a while on a busy machine.
vi.setConfig({ testTimeout: 20_000 });

async function run(argv: string[], cwd: string, overrides?: Parameters<typeof createFakeIo>[1]) {
  const io = createFakeIo(cwd, overrides);
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('tb-refs check', () => {
  test('a clean project exits 0 with a one-line summary', async () => {
    const root = createProject({ 'datasources/events.datasource': CLEAN_DATASOURCE, 'pipes/top_users.pipe': CLEAN_PIPE });
    const { code, stdout, stderr } = await run(['check'], root);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '✔ 2 files checked, no problems\n', stderr: '' });
  });

  test('an unknown directive exits 1 and names file:line:column', async () => {
    const root = createProject({ 'datasources/events.datasource': TYPO_DATASOURCE, 'pipes/top_users.pipe': CLEAN_PIPE });
    const { code, stdout, stderr } = await run(['check', '.'], root);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^datasources\/events\.datasource:1:1 {2}error {2}.*ENGIN/m);
    expect(stdout).toContain('> 1 | ENGIN "MergeTree"');
    expect(stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, \d+ warnings?\) in 1 file\n$/);
  });

  test('reports every file and every problem in one run', async () => {
    const root = createProject({
      'a.datasource': TYPO_DATASOURCE,
      'b.datasource': TYPO_DATASOURCE.replace('ENGINE_SORTING_KEY', 'ENGINE_SORTNG_KEY'),
      'c.pipe': CLEAN_PIPE,
    });
    const { code, stdout } = await run(['check', '--format', 'json'], root);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { filePath: string; messages: { line: number }[] }[];
    expect(results.map((r) => r.filePath)).toEqual(['a.datasource', 'b.datasource', 'c.pipe']);
    expect(results[1]?.messages.map((m) => m.line)).toEqual(expect.arrayContaining([1, 2]));
  });

  test('--format json is only JSON, with ESLint-like counts and cwd-relative paths', async () => {
    const root = createProject({ 'datasources/events.datasource': TYPO_DATASOURCE, 'pipes/top_users.pipe': CLEAN_PIPE });
    const { code, stdout, stderr } = await run(['check', '-f', 'json'], root, { isTTY: true });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const results = JSON.parse(stdout) as {
      filePath: string;
      messages: { file: string; severity: string; line: number; column: number; ruleId: string }[];
      errorCount: number;
      warningCount: number;
    }[];
    expect(results).toHaveLength(2);
    const [events, pipe] = results;
    expect(pipe).toEqual({ filePath: 'pipes/top_users.pipe', messages: [], errorCount: 0, warningCount: 0 });
    expect(events?.filePath).toBe('datasources/events.datasource');
    expect(events?.errorCount).toBe(events?.messages.filter((m) => m.severity === 'error').length);
    expect(events?.warningCount).toBe(events?.messages.filter((m) => m.severity === 'warning').length);
    expect(events?.messages[0]).toMatchObject({ file: 'datasources/events.datasource', line: 1, column: 1, ruleId: 'parse-error' });
  });

  test('--quiet drops warnings but keeps errors', async () => {
    // A BOM is a parser warning; the typo is an error.
    const root = createProject({ 'bom.pipe': `\uFEFF${CLEAN_PIPE}`, 'typo.datasource': TYPO_DATASOURCE });
    const loud = JSON.parse((await run(['check', '-f', 'json'], root)).stdout) as { warningCount: number }[];
    expect(loud.reduce((n, r) => n + r.warningCount, 0)).toBeGreaterThan(0);
    const quiet = await run(['check', '-f', 'json', '--quiet'], root);
    const results = JSON.parse(quiet.stdout) as { warningCount: number; messages: { severity: string }[] }[];
    expect(quiet.code).toBe(1);
    expect(results.every((r) => r.warningCount === 0 && r.messages.every((m) => m.severity === 'error'))).toBe(true);
    expect(results.some((r) => r.messages.length > 0)).toBe(true);
  });

  test('warnings alone exit 0', async () => {
    const root = createProject({ 'bom.pipe': `\uFEFF${CLEAN_PIPE}` });
    const { code, stdout } = await run(['check'], root);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^bom\.pipe:1:1 {2}warning/m);
  });

  test('.gitignore\'d files and node_modules are skipped', async () => {
    const root = createProject({
      '.gitignore': 'build/\n',
      'pipes/top_users.pipe': CLEAN_PIPE,
      'build/broken.datasource': TYPO_DATASOURCE,
      'node_modules/pkg/broken.datasource': TYPO_DATASOURCE,
    });
    const { code, stdout } = await run(['check', '-f', 'json'], root);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { filePath: string }[]).map((r) => r.filePath)).toEqual(['pipes/top_users.pipe']);
  });

  test('single files and several paths can be given', async () => {
    const root = createProject({ 'a/x.pipe': CLEAN_PIPE, 'b/y.datasource': TYPO_DATASOURCE, 'c/z.pipe': CLEAN_PIPE });
    const { code, stdout } = await run(['check', 'a', 'b/y.datasource', '-f', 'json'], root);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { filePath: string }[]).map((r) => r.filePath)).toEqual(['a/x.pipe', 'b/y.datasource']);
  });

  test('colour follows the TTY, --no-color, --color and NO_COLOR', async () => {
    const root = createProject({ 'typo.datasource': TYPO_DATASOURCE });
    const ansi = '\u001b[';
    expect((await run(['check'], root, { isTTY: true })).stdout).toContain(ansi);
    expect((await run(['check'], root, { isTTY: false })).stdout).not.toContain(ansi);
    expect((await run(['check', '--no-color'], root, { isTTY: true })).stdout).not.toContain(ansi);
    expect((await run(['check'], root, { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ansi);
    expect((await run(['check', '--color'], root, { isTTY: false })).stdout).toContain(ansi);
  });
});

describe('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
  test.for([
    { name: 'missing path', argv: ['check', 'nope'], message: 'tb-refs: path "nope" does not exist\n' },
    { name: 'unknown flag', argv: ['check', '--bogus'], message: /^tb-refs: Unknown argument: bogus\n/ },
    { name: 'unknown command', argv: ['chek'], message: /^tb-refs: Unknown command "chek"\. Did you mean "check"\?\n/ },
    { name: 'no command', argv: [], message: /^tb-refs: Specify a command\./ },
    { name: 'bad format', argv: ['check', '--format', 'xml'], message: /Argument: format, Given: "xml"/ },
    { name: 'not a datafile', argv: ['check', 'notes.md'], message: /"notes\.md" is not a Tinybird datafile/ },
    { name: 'option without its value', argv: ['lint', '.', '--config'], message: /^tb-refs: Not enough arguments following: config\nRun "tb-refs lint --help"/ },
    { name: 'single-valued option given twice', argv: ['lint', '.', '--format', 'json', '--format', 'json'], message: /^tb-refs: --format was given more than once; give it once\.\n/ },
    { name: 'single-valued option given twice (check)', argv: ['check', '--format', 'json', '--format', 'stylish'], message: /^tb-refs: --format was given more than once/ },
  ])('$name', async ({ argv, message }) => {
    const root = createProject({ 'a.pipe': CLEAN_PIPE, 'notes.md': '' });
    const { code, stdout, stderr } = await run(argv, root);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('help and version', () => {
  test('--help prints usage to stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run(['check', '--help'], '/');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('tb-refs check [paths..]');
    expect(stdout).toContain('--format');
  });

  test('--version prints the package version', async () => {
    const { code, stdout } = await run(['--version'], '/');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
