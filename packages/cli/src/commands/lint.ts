import { UsageError } from '@tb-refs/core';
import type { Argv, CommandModule } from 'yargs';
import type { CommandContext } from './command-context.js';

// Kept in sync with lint-output/index.ts (a test checks it); listed here so `--help` stays cheap.
const FORMATS = ['stylish', 'json', 'sarif', 'github', 'markdown'] as const;

/**
 * The options of `tb-refs lint`, in `--help` order. One table for yargs and for
 * {@link parseLintArgv}, which reads the common command lines without yargs.
 */
const LINT_OPTIONS = {
  format: { alias: 'f', describe: 'Output format', choices: FORMATS, default: 'stylish' as const },
  fix: { describe: 'Apply safe fixes and write the changed files', type: 'boolean', default: false },
  'fix-dry-run': { describe: 'Print the unified diff of the safe fixes; write nothing', type: 'boolean', default: false },
  'max-warnings': { describe: 'Exit 1 when there are more warnings than this', type: 'number' },
  quiet: { describe: 'Report errors only, not warnings', type: 'boolean', default: false },
  rule: {
    describe: 'Run only this rule (repeatable, or comma-separated)',
    type: 'string',
    array: true,
    coerce: (v: string[]) => v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
  },
  'report-unused-disable-directives': {
    describe: 'Report tb-refs-disable directives that suppress nothing, as errors (fixable)',
    type: 'boolean',
    default: false,
  },
  color: {
    describe: 'Colour the stylish output (default: when stdout is a terminal and NO_COLOR is unset)',
    type: 'boolean',
  },
  'output-file': { alias: 'o', describe: 'Write the report to this file instead of stdout', type: 'string' },
  'docs-base-url': {
    describe: 'Absolute URL that rules/<id>.md is resolved against (SARIF helpUri, Markdown and stylish links)',
    type: 'string',
  },
  config: {
    alias: 'c',
    describe: 'Use this config file (tb-refs.config.json, or a package.json with a "tb-refs" key) instead of searching upward from each project',
    type: 'string',
    requiresArg: true,
  },
  cache: {
    describe: 'Reuse the results of the last run when no datafile, the config or the version changed (node_modules/.cache/tb-refs); ignored with --fix',
    type: 'boolean',
    default: false,
  },
  'changed-since': {
    describe: 'Report only the datafiles changed since this git revision (committed, uncommitted or untracked) and the files whose findings depend on them',
    type: 'string',
    requiresArg: true,
  },
} as const;

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
        .options(LINT_OPTIONS)
        .example('$0 lint tinybird', 'lint the sample project')
        .example('$0 lint tinybird/pipes/top_pages.pipe --cache', 'a pre-commit hook: the whole project is read, one file is reported')
        .example('$0 lint tinybird --changed-since origin/main', 'in a pull request: the changed files and what depends on them')
        .example('$0 lint . --format sarif -o tb-refs.sarif', 'for GitHub code scanning')
        .example('$0 lint . --format github', 'annotations in a GitHub Actions job')
        .example('$0 lint . --fix-dry-run', 'show what --fix would change'),
    handler: (args) => runLintCommand(args, context),
  };
}

/** Runs `tb-refs lint` with parsed arguments, from yargs or from {@link parseLintArgv}. */
export async function runLintCommand(args: LintArgs, context: CommandContext): Promise<void> {
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
}

interface OptionSpec {
  readonly alias?: string;
  readonly type?: 'boolean' | 'string' | 'number';
  readonly array?: boolean;
  readonly choices?: readonly string[];
  readonly default?: unknown;
  readonly coerce?: (values: string[]) => unknown;
}

const SPECS: Readonly<Record<string, OptionSpec>> = LINT_OPTIONS;
/** The option named `name`; own keys only, so `--constructor` is not Object.prototype's. */
function specOf(name: string): OptionSpec | undefined {
  return Object.hasOwn(SPECS, name) ? SPECS[name] : undefined;
}
const BY_ALIAS = new Map(Object.entries(SPECS).flatMap(([name, spec]) => (spec.alias === undefined ? [] : [[spec.alias, name] as const])));

/**
 * The arguments of `tb-refs lint` (argv after `lint`) read without yargs, or undefined when the
 * command line is not one this reader is sure to read exactly as yargs does; main() then hands it
 * to yargs, which also owns every message. Loading yargs and the help text it renders after each
 * command cost about a fifth of a cold lint of a large project. Declined: --help, --version,
 * unknown, repeated or camelCase options, `--`, short-option bundles, empty or option-like values,
 * numbers as paths, `true`/`false` after a flag (yargs takes them as its value), a format that is
 * not a choice, and anything but a plain whole number for --max-warnings. A test runs both parsers
 * on many command lines and checks they agree.
 */
export function parseLintArgv(argv: readonly string[]): LintArgs | undefined {
  const given = new Map<string, unknown>();
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('-')) {
      // yargs reads number-like words as numbers before the positional is made a string.
      if (token === '' || /^(?:\d|\.\d|0x)/i.test(token)) return undefined;
      paths.push(token);
      continue;
    }
    const match = /^(?:--([a-z]+(?:-[a-z]+)*)(?:=([^]+))?|-([a-z]))$/.exec(token);
    if (!match) return undefined;
    let name = match[1] ?? BY_ALIAS.get(match[3]!);
    let value: string | undefined = match[2];
    let spec = name === undefined ? undefined : specOf(name);
    let negated = false;
    if (spec === undefined && name?.startsWith('no-')) {
      name = name.slice(3);
      spec = specOf(name);
      negated = true;
      if (spec?.type !== 'boolean') return undefined;
    }
    if (name === undefined || spec === undefined) return undefined;
    if (given.has(name) && !spec.array) return undefined;
    const next = argv[i + 1];
    if (spec.type === 'boolean') {
      if (value !== undefined || next === 'true' || next === 'false') return undefined;
      given.set(name, !negated);
      continue;
    }
    if (negated) return undefined;
    if (spec.array) {
      // yargs' arrays take every following word that is not an option.
      const values = value === undefined ? [] : [value];
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) values.push(argv[++i]!);
      if (values.length === 0 || values.includes('')) return undefined;
      given.set(name, [...((given.get(name) as string[] | undefined) ?? []), ...values]);
      continue;
    }
    if (value === undefined) {
      value = next;
      i++;
    }
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    if (spec.choices !== undefined && !spec.choices.includes(value)) return undefined;
    if (spec.type === 'number') {
      if (!/^(?:0|[1-9]\d{0,14})$/.test(value)) return undefined;
      given.set(name, Number(value));
    } else {
      given.set(name, value);
    }
  }
  const args: Record<string, unknown> = { paths };
  for (const [name, spec] of Object.entries(SPECS)) {
    const value = given.has(name) ? given.get(name) : spec.default;
    args[name] = spec.coerce !== undefined && value !== undefined ? spec.coerce(value as string[]) : value;
  }
  return args as unknown as LintArgs;
}
