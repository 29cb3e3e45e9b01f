import type { Range, SqlBlock, SqlToken, TemplateBranch, TemplateTag } from './ast.js';
import type { Reporter } from './reporter.js';
import { exactList } from './shared.js';
import { scanSql, scanSqlIn } from './sql-scanner.js';
import { SqlKind as K, type SqlTokenList } from './sql-tokens.js';
import { scanTemplate, type TemplateProblem } from './template.js';

const TEMPLATE_MESSAGES: Record<TemplateProblem['code'], (p: TemplateProblem) => [string, string]> = {
  unclosedExpression: () => ['Template expression `{{` is never closed.', 'Add the closing `}}`.'],
  unclosedStatement: () => ['Template tag `{%` is never closed.', 'Add the closing `%}`.'],
  unclosedComment: () => ['Template comment `{#` is never closed.', 'Add the closing `#}`.'],
  missingEnd: (p) => [`Missing {% end %} for this {% ${p.keyword} %} block.`, 'Close the block with `{% end %}` (Tornado syntax, not `{% endif %}`).'],
  extraEnd: () => ['This {% end %} closes no open block.', 'Remove it, or add the `{% if %}`/`{% for %}` it should close.'],
  misplacedIntermediate: (p) => [`{% ${p.keyword} %} is outside a block it can belong to.`, 'Move it inside the matching `{% if %}` (or `{% for %}`/`{% try %}`) block.'],
  unknownOperator: (p) => [`Unknown template operator "${p.keyword}".`, 'Use if/elif/else/end, for, set or a `{{ }}` expression; `endif`/`endfor` are Jinja, Tinybird uses `{% end %}`.'],
  forbiddenImport: () => ['Imports are forbidden in Tinybird templates.', 'Remove the import; use the built-in template functions.'],
  emptyExpression: () => ['Empty template expression `{{ }}`.', 'Put an expression inside or remove it.'],
  emptyStatement: () => ['Empty template tag `{% %}`.', 'Put a statement (if, for, set, end, …) inside or remove it.'],
};

/**
 * Index of the first token at or after `from` that the CLI sees: it drops blank lines and whole
 * `#` comment lines from a block before looking at the SQL (datafile-format.md §1.1 step 3), so
 * those are skipped; a `--` comment line is kept and counts. Returns `tokens.length` if none.
 */
function significantIndex(tokens: SqlTokenList, from: number): number {
  // The block body starts at the start of a line.
  let lineBlank = from === 0;
  for (let i = from; i < tokens.length; i++) {
    const kind = tokens.kind(i);
    if (kind === K.Whitespace) {
      if (tokens.hasLineBreak(i)) lineBlank = true;
      continue;
    }
    if (lineBlank && kind === K.LineComment && tokens.charCode(i, 0) === 35) continue;
    return i;
  }
  return tokens.length;
}

/**
 * True when the CLI would find no query in the block: nothing but blank lines, whole `#` comment
 * lines and the `%` marker.
 */
export function isEmptySql(block: SqlBlock): boolean {
  const first = significantIndex(block.tokenList, 0);
  const rest = block.templated ? significantIndex(block.tokenList, first + 1) : first;
  return rest >= block.tokenList.length;
}

/** A SQL block whose token objects are made only when some caller asks for them. */
class LazySqlBlock implements SqlBlock {
  readonly type = 'SqlBlock';
  readonly text: string;
  readonly templated: boolean;
  readonly marker?: Range;
  readonly tokenList: SqlTokenList;
  readonly templateTags: readonly TemplateTag[];
  readonly branches: readonly TemplateBranch[];
  readonly start: number;
  readonly end: number;
  #tokens: SqlToken[] | undefined;

  constructor(text: string, base: number, tokenList: SqlTokenList, marker: Range | undefined, templateTags: readonly TemplateTag[], branches: readonly TemplateBranch[]) {
    this.text = text;
    this.templated = marker !== undefined;
    if (marker) this.marker = marker;
    this.tokenList = tokenList;
    this.templateTags = templateTags;
    this.branches = branches;
    this.start = base;
    this.end = base + text.length;
  }

  get tokens(): readonly SqlToken[] {
    return (this.#tokens ??= this.tokenList.toArray());
  }
}

/**
 * Tokenises the SQL in `range` and checks its lexical and template structure. `%` as the first
 * non-blank character marks a templated query (datafile-format.md §4.1).
 */
export function buildSqlBlock(source: string, range: Range, reporter: Reporter | undefined): SqlBlock {
  return makeSqlBlock(scanSqlIn(source, range.start, range.end, range.start), reporter);
}

function makeSqlBlock(tokens: SqlTokenList, reporter: Reporter | undefined): SqlBlock {
  const { text, base } = tokens;
  const head = significantIndex(tokens, 0);
  const templated = head < tokens.length && tokens.kind(head) === K.Operator && tokens.charCode(head, 0) === 37;
  const marker = templated ? { start: tokens.start(head), end: tokens.end(head) } : undefined;
  const scan = scanTemplate(text, base);
  if (reporter) {
    if (tokens.hasUnterminated) {
      for (let i = 0; i < tokens.length; i++) {
        if (tokens.kind(i) === K.Unterminated) reportUnterminated(tokens.token(i), reporter);
      }
    }
    for (const p of scan.problems) {
      const [message, help] = TEMPLATE_MESSAGES[p.code](p);
      reporter.error(p.code, p, message, help);
    }
    if (!templated) {
      const tag = scan.tags.find((t) => t.kind !== 'comment');
      if (tag) {
        reporter.error(
          'templateWithoutMarker',
          tag,
          'Template syntax in a query that does not start with `%`; Tinybird sends it to ClickHouse as is.',
          'Put `%` on its own line as the first line of the SQL block.',
        );
      }
    }
  }
  return new LazySqlBlock(text, base, tokens, marker, exactList(scan.tags), exactList(scan.branches));
}

/**
 * The SQL block of `text` found outside a datafile (a test YAML, a TypeScript string), which
 * starts at file offset `base`. Problems are not reported.
 */
export function sqlBlockOf(text: string, base: number): SqlBlock {
  return makeSqlBlock(scanSql(text, base), undefined);
}

/** Reports an unclosed quote or block comment, on the line where it opens. */
function reportUnterminated(t: SqlToken, reporter: Reporter): void {
  const opener = t.image[0];
  // An unclosed block comment runs to the end of the text; point at its first line only.
  const lineBreak = t.image.search(/[\r\n]/);
  const range = { start: t.start, end: lineBreak < 0 ? t.end : t.start + lineBreak };
  if (opener === "'") {
    reporter.error('unbalancedQuote', range, 'String literal is never closed.', "Close it with `'`, or escape a quote inside it as `\\'`.");
  } else if (opener === '`' || opener === '"') {
    reporter.error('unbalancedQuote', range, 'Quoted identifier is never closed.', `Close it with \`${opener}\`.`);
  } else if (t.image.startsWith('/*')) {
    reporter.error('unclosedBlockComment', range, 'Block comment is never closed.', 'Close it with `*/`.');
  }
  // Unclosed template tags are reported by the template scan.
}
