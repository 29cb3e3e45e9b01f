import { UsageError } from '@tb-refs/core';
import type { Argv, CommandModule } from 'yargs';
import type { CommandContext } from './command-context.js';

// Kept in sync with lint-output/index.ts (a test checks it); listed here so `--help` stays cheap.
const FORMATS = ['stylish', 'json', 'sarif', 'github', 'markdown'] as const;

/** Parsed arguments of `tb-refs lint` (kebab-case keys, as yargs' types see them). */
export interface LintArgs {
  readonly paths: string[];
  readonly format: (typeof FORMATS)[number];
  readonly fix: boolean;
  readonly 'fix-dry-run': boolean;
  readonly 'max-warnings': number | undefined;
  readonly quiet: boolean;
  readonly rule: string[] | undefined;
  readonly 'report-unused-disable-directives': boolean;
  readonly color: boolean | undefined;
  readonly 'output-file': string | undefined;
  readonly 'docs-base-url': string | undefined;
  readonly config: string | undefined;
  readonly cache: boolean;
  readonly 'changed-since': string | undefined;
}

/** `tb-refs lint [paths..]`: run the lint rules on Tinybird projects. */
export function lintCommand(context: CommandContext): CommandModule<object, LintArgs> {
  return {
    command: 'lint [paths..]',
    describe: 'Lint Tinybird projects with the graph-aware rules (config: tb-refs.config.json)',
    builder: (yargs: Argv) =>
      yargs
        .positional('paths', {
          describe: 'Project directories, or datafiles: each is linted with its whole project (found upward from it) and only its findings are reported; the config is found upward from each project',
          type: 'string',
          array: true,
          default: [] as string[],
          defaultDescription: '.',
        })
        .option('format', { alias: 'f', describe: 'Output format', choices: FORMATS, default: 'stylish' as const })
        .option('fix', { describe: 'Apply safe fixes and write the changed files', type: 'boolean', default: false })
        .option('fix-dry-run', { describe: 'Print the unified diff of the safe fixes; write nothing', type: 'boolean', default: false })
        .option('max-warnings', { describe: 'Exit 1 when there are more warnings than this', type: 'number' })
        .option('quiet', { describe: 'Report errors only, not warnings', type: 'boolean', default: false })
        .option('rule', {
          describe: 'Run only this rule (repeatable, or comma-separated)',
          type: 'string',
          array: true,
          coerce: (v: string[]) => v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
        })
        .option('report-unused-disable-directives', {
          describe: 'Report tb-refs-disable directives that suppress nothing, as errors (fixable)',
          type: 'boolean',
          default: false,
        })
        .option('color', {
          describe: 'Colour the stylish output (default: when stdout is a terminal and NO_COLOR is unset)',
          type: 'boolean',
        })
        .option('output-file', { alias: 'o', describe: 'Write the report to this file instead of stdout', type: 'string' })
        .option('docs-base-url', {
          describe: 'Absolute URL that rules/<id>.md is resolved against (SARIF helpUri, Markdown and stylish links)',
          type: 'string',
        })
        .option('config', {
          alias: 'c',
          describe: 'Use this config file (tb-refs.config.json, or a package.json with a "tb-refs" key) instead of searching upward from each project',
          type: 'string',
          requiresArg: true,
        })
        .option('cache', {
          describe: 'Reuse the results of the last run when no datafile, the config or the version changed (node_modules/.cache/tb-refs); ignored with --fix',
          type: 'boolean',
          default: false,
        })
        .option('changed-since', {
          describe: 'Report only the datafiles changed since this git revision (committed, uncommitted or untracked) and the files whose findings depend on them',
          type: 'string',
          requiresArg: true,
        })
        .example('$0 lint tinybird', 'lint the sample project')
        .example('$0 lint tinybird/pipes/top_pages.pipe --cache', 'a pre-commit hook: the whole project is read, one file is reported')
        .example('$0 lint tinybird --changed-since origin/main', 'in a pull request: the changed files and what depends on them')
        .example('$0 lint . --format sarif -o tb-refs.sarif', 'for GitHub code scanning')
        .example('$0 lint . --format github', 'annotations in a GitHub Actions job')
        .example('$0 lint . --fix-dry-run', 'show what --fix would change'),
    handler: async (args) => {
      const { io } = context;
      // Not yargs' conflicts(): it counts the `false` defaults as given.
      if (args.fix && args['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
      const maxWarnings = args['max-warnings'];
      if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) {
        throw new UsageError(`--max-warnings: expected a whole number >= 0, found ${String(maxWarnings)}`);
      }
      // Loaded here so `--help` and usage errors don't pay for the parser, graph and rules.
      const { runLint } = await import('../run-lint.js');
      context.exitCode = await runLint(
        {
          paths: args.paths,
          format: args.format,
          fix: args.fix,
          fixDryRun: args['fix-dry-run'],
          maxWarnings,
          quiet: args.quiet,
          rules: args.rule ?? [],
          reportUnusedDisableDirectives: args['report-unused-disable-directives'],
          color: args.color,
          outputFile: args['output-file'],
          docsBaseUrl: args['docs-base-url'],
          config: args.config,
          cache: args.cache,
          changedSince: args['changed-since'],
        },
        io,
      );
    },
  };
}
