import type { Position, TextEdit } from '@tb-refs/core';
import type { ProjectFile, ProjectGraph } from '@tb-refs/graph';
import type {
  DatasourceModel, Directive, IncludeDirective, ParsedDatafile, PipeModel, PipeNode, Range, SchemaColumn, SqlBlock,
  TokenGrant,
} from '@tb-refs/parser';
import type { OptionsSchema } from './options-schema.js';

/** What a rule is about (ESLint's `meta.type`). */
export type RuleType = 'problem' | 'suggestion' | 'layout';

/** How sure and how serious a finding is (oxlint's categories). */
export type RuleCategory = 'correctness' | 'suspicious' | 'perf' | 'style';

/** `file` rules see one parsed file; `project` rules also read `context.graph`. */
export type RuleScope = 'file' | 'project';

/** A severity as written in configuration. */
export type SeverityName = 'off' | 'warn' | 'error';

/** A severity as accepted in configuration: a name, or ESLint's 0/1/2. */
export type SeverityLevel = SeverityName | 0 | 1 | 2;

/** Project-wide facts rules may rely on, set under `settings` in the config. */
export interface LintSettings {
  /** The column every ReplacingMergeTree uses as ENGINE_VER. @default 'updatedAt' */
  readonly versionColumn: string;
  /**
   * Datasources replicated row by row from Postgres: deduplicated by their own engine and read
   * with FINAL, so they are not raw landing tables.
   */
  readonly postgresDatasources: readonly string[];
}

/** Everything a rule declares about itself. */
export interface RuleMeta<MessageIds extends string, Options extends object> {
  readonly type: RuleType;
  readonly category: RuleCategory;
  readonly scope: RuleScope;
  readonly defaultSeverity: SeverityName;
  /** One sentence, no trailing period; equals the `description` of `rules/<id>.md`. */
  readonly description: string;
  /** True when the rule may attach a `fix` (applied by `--fix`). */
  readonly fixable: boolean;
  /** True when the rule may attach suggestions (never applied automatically). */
  readonly hasSuggestions?: boolean;
  /** Message templates by messageId; `{{name}}` placeholders are filled from `data`. */
  readonly messages: Readonly<Record<MessageIds, string>>;
  /** Shape of the options object (`["error", { … }]` in config). */
  readonly schema?: OptionsSchema;
  /** Options used when config gives none; config options are merged over them. */
  readonly defaultOptions: Options;
  /** Set by `defineRule`: `rules/<id>.md`. */
  readonly docsUrl?: string;
}

/** Data interpolated into a message. */
export type MessageData = Readonly<Record<string, string | number>>;

/** A location given as 1-based positions (end column exclusive). */
export interface SourceLocation {
  readonly start: Position;
  readonly end: Position;
}

/** A secondary location: in this file unless `file` says otherwise. */
export interface RelatedDescriptor {
  readonly file?: string;
  readonly range?: Range;
  readonly loc?: SourceLocation;
  readonly message: string;
}

/** A fix offered to the user but never applied by `--fix`. */
export interface SuggestionDescriptor {
  readonly messageId: string;
  readonly data?: MessageData;
  readonly fix: TextEdit | readonly TextEdit[];
}

/** What a rule passes to `context.report`; give `range` (file offsets) or `loc`. */
export interface ReportDescriptor<MessageIds extends string> {
  readonly messageId: MessageIds;
  readonly data?: MessageData;
  readonly range?: Range;
  readonly loc?: SourceLocation;
  /** Safe edits; several edits are merged into one (they must not overlap). */
  readonly fix?: TextEdit | readonly TextEdit[];
  readonly suggestions?: readonly SuggestionDescriptor[];
  /** One actionable sentence: how to fix it. */
  readonly help?: string;
  readonly related?: readonly RelatedDescriptor[];
}

/** What a rule sees while it runs on one file. */
export interface RuleContext<MessageIds extends string, Options extends object> {
  readonly id: string;
  /** The file being linted. */
  readonly file: ProjectFile;
  /** Shortcut for `file.parsed`. */
  readonly parsed: ParsedDatafile;
  /** The whole project. Only `scope: 'project'` rules may read it; others get an error. */
  readonly graph: ProjectGraph;
  /** Configured options merged over `meta.defaultOptions`. */
  readonly options: Options;
  readonly settings: LintSettings;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

/** The AST shapes a rule listener can visit, by visitor key. */
export interface VisitedNodes {
  File: ParsedDatafile;
  Directive: Directive;
  Datasource: DatasourceModel;
  SchemaColumn: SchemaColumn;
  Pipe: PipeModel;
  PipeNode: PipeNode;
  SqlBlock: SqlBlock;
  TokenGrant: TokenGrant;
  Include: IncludeDirective;
}

/** Callbacks by visitor key, plus `<Key>:exit` after the node's children. */
export type RuleListener = {
  readonly [K in keyof VisitedNodes]?: (node: VisitedNodes[K]) => void;
} & {
  readonly [K in keyof VisitedNodes as `${K}:exit`]?: (node: VisitedNodes[K]) => void;
};

/** A lint rule: metadata plus a `create` that returns visitor callbacks. */
export interface Rule<MessageIds extends string = string, Options extends object = object> {
  readonly id: string;
  readonly meta: RuleMeta<MessageIds, Options>;
  // Method syntax (not a property) keeps a typed rule assignable to `Rule` in the registry.
  create(context: RuleContext<MessageIds, Options>): RuleListener;
}

/** Any rule, whatever its messages and options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry is heterogeneous.
export type AnyRule = Rule<string, any>;
