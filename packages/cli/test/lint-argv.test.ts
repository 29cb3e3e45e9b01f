import fc from 'fast-check';
import type { CommandModule } from 'yargs';
import { describe, expect, test } from 'vitest';
import { type LintArgs, lintCommand, parseLintArgv } from '../src/commands/lint.js';
import { yargsCli } from '../src/run-yargs.js';
import { createFakeIo } from './helpers.js';

const KEYS = [
  'paths', 'format', 'fix', 'fix-dry-run', 'max-warnings', 'quiet', 'rule', 'report-unused-disable-directives', 'color',
  'output-file', 'docs-base-url', 'config', 'cache', 'changed-since',
] as const satisfies readonly (keyof LintArgs)[];

/** What yargs hands the lint handler for `tb-refs lint …argv`, or the error it fails with. */
async function viaYargs(argv: readonly string[]): Promise<Partial<LintArgs> | { error: string }> {
  let captured: LintArgs | undefined;
  const context = { io: createFakeIo('/'), exitCode: 0 };
  const lint: CommandModule<object, LintArgs> = { ...lintCommand(context), handler: (args) => void (captured = args) };
  try {
    await yargsCli(['lint', ...argv], [lint as CommandModule<object, never>]).parseAsync(['lint', ...argv], {}, () => {});
  } catch (error) {
    return { error: String(error) };
  }
  if (captured === undefined) return { error: 'no handler call (help or version)' };
  return Object.fromEntries(KEYS.map((k) => [k, captured![k]])) as Partial<LintArgs>;
}

describe('parseLintArgv reads what yargs reads, or declines', () => {
  // Command lines from the README, the GitHub Action, pre-commit and CI: none may need yargs.
  test.for([
    [],
    ['.'],
    ['tinybird'],
    ['tinybird', '--format', 'json'],
    ['.', '-f', 'sarif', '-o', 'tb-refs.sarif'],
    ['.', '--format=github', '--max-warnings', '0'],
    ['tinybird/pipes/top_pages.pipe', 'tinybird/datasources/events.datasource', '--cache'],
    ['tinybird', '--changed-since', 'origin/main', '--format', 'markdown', '--output-file', 'summary.md'],
    ['--fix', '--quiet', '--no-color', 'a', 'b'],
    ['--fix-dry-run', '--color', '--report-unused-disable-directives', '--docs-base-url', 'https://github.com/acme/tb-refs/blob/main/'],
    ['--rule', 'no-cycle,unique-names', '--rule', 'copy-pipe'],
    ['-c', 'tb-refs.config.json', '.'],
    ['--config=x/package.json', '..'],
  ])('%j', async (argv) => {
    const fast = parseLintArgv(argv);
    expect(fast).toBeDefined();
    expect(fast).toEqual(await viaYargs(argv));
  });

  test.for([
    ['--help'], ['-h'], ['--version'], ['--bogus'], ['-q'], ['--maxWarnings', '1'], ['--format', 'xml'], ['-f'], ['--config'],
    ['--max-warnings', '-1'], ['--max-warnings', 'abc'], ['--max-warnings', '1.5'], ['--format', 'json', '--format', 'json'],
    ['--', '.'], ['-'], ['--fix', 'true'], ['--color=false'], ['2024'], ['--rule'], ['-fo', 'x'], ['--fix', '--no-fix'],
  ])('declines %j', (argv) => {
    expect(parseLintArgv(argv)).toBeUndefined();
  });

  // Words an argv is made of: options, their aliases, good and bad values, paths.
  const WORDS = [
    '--format', '-f', 'json', 'stylish', 'xml', '--format=sarif', '--fix', '--no-fix', '--fix-dry-run', '--max-warnings', '--max-warnings=2',
    '3', '0', '-1', '007', '1e3', '--quiet', '--rule', '--rule=no-cycle', 'no-cycle', 'a,b', ' c , ,d', '--color', '--no-color', 'true', 'false',
    '-o', 'out.txt', '--output-file=x=y', '--docs-base-url', 'https://x.y/', '--config', '-c', 'cfg.json', '--cache', '--no-cache',
    '--changed-since', 'HEAD~1', '.', '..', './tinybird', 'tinybird', 'lint', 'check', '0x1f', '.5', '--', '-', '', '--help', '-h',
    '--version', '--maxWarnings', '--no-format', '--no-rule', '-x', '--unknown=1', '--report-unused-disable-directives',
  ];

  // yargs takes some 10 ms a command line, so the runs are few but only accepted lines count.
  test('on random command lines', { timeout: 60_000 }, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), async (argv) => {
        const fast = parseLintArgv(argv);
        fc.pre(fast !== undefined);
        accepted++;
        expect(fast).toEqual(await viaYargs(argv));
      }),
      { numRuns: 150, maxSkipsPerRun: 1000 },
    );
    expect(accepted).toBe(150);
  });
});
