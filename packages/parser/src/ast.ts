import type { Diagnostic, LineIndex } from '@tb-refs/core';
import type { SqlTokenList } from './sql-tokens.js';

/** Half-open range of 0-based offsets into the file text. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** What kind of datafile a file is, decided by its extension. */
export type DatafileKind = 'datasource' | 'pipe' | 'incl' | 'connection';

/** Token types of the datafile (line) layer. Concatenated, their images are the file. */
export type DatafileTokenType =
  | 'Bom'
  | 'Newline'
  | 'Whitespace'
  | 'Comment'
  | 'Word'
  | 'QuotedValue'
  | 'UnclosedQuote'
  | 'BlockOpen'
  | 'BlockTrailer'
  | 'BlockCloser'
  | 'BlockBody'
  | 'Unknown';

/** A token of the datafile layer. */
export interface DatafileToken extends Range {
  readonly type: DatafileTokenType;
  readonly image: string;
}

/** Token types of the ClickHouse + Tornado-template SQL lexer. */
export type SqlTokenType =
  | 'Whitespace'
  | 'LineComment'
  | 'BlockComment'
  | 'TemplateExpression'
  | 'TemplateStatement'
  | 'TemplateComment'
  | 'String'
  | 'QuotedIdentifier'
  | 'DoubleQuotedIdentifier'
  | 'Number'
  | 'Identifier'
  | 'EnvVariable'
  | 'Operator'
  | 'LParen'
  | 'RParen'
  | 'LBracket'
  | 'RBracket'
  | 'LBrace'
  | 'RBrace'
  | 'Comma'
  | 'Dot'
  | 'Semicolon'
  | 'Unterminated'
  | 'Unknown';

/** A token of SQL text; `start`/`end` are offsets in the whole file. */
export interface SqlToken extends Range {
  readonly type: SqlTokenType;
  readonly image: string;
}

/** A Tornado template tag (`{{ }}`, `{% %}`, `{# #}`) found in SQL, with its nesting. */
export interface TemplateTag extends Range {
  readonly kind: 'expression' | 'statement' | 'comment' | 'escape';
  /** For statements: the operator word (`if`, `elif`, `else`, `end`, `for`, `set`, …). */
  readonly keyword: string;
  /** The text between the delimiters, untrimmed. */
  readonly content: string;
  /** Offset where `content` starts. */
  readonly contentStart: number;
  /** False when the closing delimiter is missing. */
  readonly closed: boolean;
}

/** A branch of a `{% if %}`/`{% for %}` block: the text range its body covers. */
export interface TemplateBranch extends Range {
  /** The tag that opens this branch (`if`, `elif`, `else`, `for`, …). */
  readonly tag: TemplateTag;
}

/** The SQL of a node (or a FORWARD_QUERY/IMPORT_QUERY block), tokenised with file offsets. */
export interface SqlBlock extends Range {
  readonly type: 'SqlBlock';
  /** The raw text of `range` (indentation and comment lines kept). */
  readonly text: string;
  /** True when the SQL starts with the `%` template marker. */
  readonly templated: boolean;
  /** Range of the `%` marker when templated. */
  readonly marker?: Range;
  /** The tokens as objects, made on first use from `tokenList`. */
  readonly tokens: readonly SqlToken[];
  /** The tokens in compact form: walk this in code that reads every block of a project. */
  readonly tokenList: SqlTokenList;
  readonly templateTags: readonly TemplateTag[];
  /** Conditional regions: the body of every `{% if/elif/else/for %}` branch. */
  readonly branches: readonly TemplateBranch[];
}

/** A `>` block body: the lines after `DIRECTIVE >` up to the next column-0 directive. */
export interface BlockBody {
  /** Range of the `>`. */
  readonly open: Range;
  /** Text after `>` on the opening line (discarded by the CLI). */
  readonly trailer?: Range;
  /** From the start of the first body line to the end of the last non-blank body line. */
  readonly body: Range;
  /** Every line of the body, including blank and `#` lines, without line breaks. */
  readonly lines: readonly Range[];
}

/** One directive line (or block) of a datafile. */
export interface Directive extends Range {
  readonly type: 'Directive';
  /** The directive word as written. */
  readonly name: string;
  /** Upper-case canonical name, or undefined for an unknown directive. */
  readonly key: string | undefined;
  readonly nameRange: Range;
  /** True when the directive word is indented. */
  readonly indented: boolean;
  /** The value tokens (shlex tokens after the name; quotes kept), single-line form only. */
  readonly args: readonly (Range & { readonly text: string })[];
  /** `args.length`, known without making the args (they are made on first read). */
  readonly argCount: number;
  /**
   * The value as the CLI sees it: single-line args joined by one space with outer quotes removed,
   * or the raw block text.
   */
  readonly value: string;
  /** Where the value is written: args span or block body. Empty at the name's end if no value. */
  readonly valueRange: Range;
  readonly block?: BlockBody;
  /** A trailing `# comment` on the directive line. */
  readonly comment?: Range;
  /** The line has an unbalanced quote, so the CLI reads it as one opaque token. */
  readonly unbalancedQuote?: true;
}

/** A whole-line `#` comment or blank line between directives. */
export interface Trivia extends Range {
  readonly type: 'CommentLine' | 'BlankLine';
}

/** A column of a datasource SCHEMA. */
export interface SchemaColumn extends Range {
  readonly type: 'SchemaColumn';
  /** Name without backticks. */
  readonly name: string;
  readonly nameRange: Range;
  readonly backticked: boolean;
  /** Full type as written (e.g. `LowCardinality(Nullable(String))`), or undefined. */
  readonly dataType?: string;
  readonly typeRange?: Range;
  /** True when the type is `Nullable(T)` (also inside LowCardinality). */
  readonly nullable: boolean;
  /** `$.a.b` without the `json:` prefix. */
  readonly jsonPath?: string;
  readonly jsonPathRange?: Range;
  readonly defaultKind?: 'DEFAULT' | 'MATERIALIZED' | 'ALIAS';
  readonly defaultExpression?: string;
  readonly defaultRange?: Range;
  readonly codec?: string;
  readonly codecRange?: Range;
}

/** An INDEXES line: `name expr TYPE kind GRANULARITY n`. */
export interface IndexDefinition extends Range {
  readonly type: 'IndexDefinition';
  readonly name: string;
  readonly expression: string;
  readonly indexType: string;
  readonly granularity?: number;
}

/** A `TOKEN name PERMISSION` line. */
export interface TokenGrant extends Range {
  readonly type: 'TokenGrant';
  readonly name: string;
  readonly permission: string;
  readonly directive: Directive;
}

/** A `K=V` variable of an INCLUDE line. */
export interface IncludeVariable extends Range {
  readonly name: string;
  readonly value: string;
  /** Where `value` is written in the file. */
  readonly valueRange: Range;
}

/** An `INCLUDE "path.incl" "K=V"…` line. */
export interface IncludeDirective extends Range {
  readonly type: 'Include';
  readonly path: string;
  readonly pathRange: Range;
  readonly variables: readonly IncludeVariable[];
  readonly directive: Directive;
}

/** A directive whose value is a plain setting (ENGINE_*, KAFKA_*, COPY_MODE, …). */
export interface Setting {
  readonly key: string;
  readonly value: string;
  readonly directive: Directive;
}

/** A node of a pipe (or of an `.incl` fragment). */
export interface PipeNode extends Range {
  readonly type: 'PipeNode';
  readonly name: string;
  readonly nameRange: Range;
  readonly directive: Directive;
  readonly description?: string;
  readonly sql?: SqlBlock;
  /** Lower-case node type when TYPE is set (`endpoint`, `copy`, `materialized`, `sink`, …). */
  readonly nodeType?: string;
  readonly datasource?: Setting;
  readonly targetDatasource?: Setting;
  readonly copySchedule?: Setting;
  readonly copyMode?: Setting;
  readonly engine?: Setting;
  /** ENGINE_*, EXPORT_*, KAFKA_* and other node settings, by upper-case key. */
  readonly settings: ReadonlyMap<string, Setting>;
  readonly directives: readonly Directive[];
}

/** Everything common to datasource, pipe and include models. */
interface ModelBase {
  readonly description?: string;
  readonly tokens: readonly TokenGrant[];
  readonly tags: readonly string[];
  readonly version?: number;
  readonly includes: readonly IncludeDirective[];
}

/** The typed model of a `.datasource` file. */
export interface DatasourceModel extends ModelBase {
  readonly type: 'Datasource';
  readonly schema: readonly SchemaColumn[];
  readonly schemaDirective?: Directive;
  readonly indexes: readonly IndexDefinition[];
  readonly engine?: Setting;
  /** ENGINE_* settings by upper-case key. */
  readonly engineSettings: ReadonlyMap<string, Setting>;
  /** KAFKA_*, IMPORT_*, EXPORT_* settings by upper-case key. */
  readonly connectorSettings: ReadonlyMap<string, Setting>;
  readonly forwardQuery?: SqlBlock;
  /** IMPORT_QUERY as SQL when it is a block or a quoted query. */
  readonly importQuery?: SqlBlock;
}

/** The typed model of a `.pipe` file (also used for `.incl` fragments with nodes). */
export interface PipeModel extends ModelBase {
  readonly type: 'Pipe';
  readonly nodes: readonly PipeNode[];
}

/** The result of parsing one datafile. Never thrown away: every input yields one. */
export interface ParsedDatafile {
  readonly fileName: string;
  readonly kind: DatafileKind;
  readonly source: string;
  readonly lineIndex: LineIndex;
  /** The lossless token stream of the line layer: their images concatenated are `source`. */
  readonly tokens: readonly DatafileToken[];
  /** Directives and trivia lines in file order. */
  readonly items: readonly (Directive | Trivia)[];
  readonly directives: readonly Directive[];
  readonly datasource?: DatasourceModel;
  readonly pipe?: PipeModel;
  readonly diagnostics: readonly Diagnostic[];
}
