import type { Range, SqlBlock, SqlToken } from './ast.js';
import type { Reporter } from './reporter.js';
import { lexSql } from './sql-lexer.js';
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
function significantIndex(tokens: readonly SqlToken[], from: number): number {
  // The block body starts at the start of a line.
  let lineBlank = from === 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'Whitespace') {
      if (/[\r\n]/.test(t.image)) lineBlank = true;
      continue;
    }
    if (lineBlank && t.type === 'LineComment' && t.image.startsWith('#')) continue;
    return i;
  }
  return tokens.length;
}

/**
 * True when the CLI would find no query in the block: nothing but blank lines, whole `#` comment
 * lines and the `%` marker.
 */
export function isEmptySql(block: SqlBlock): boolean {
  const first = significantIndex(block.tokens, 0);
  const rest = block.templated ? significantIndex(block.tokens, first + 1) : first;
  return rest >= block.tokens.length;
}

/**
 * Tokenises the SQL in `range` and checks its lexical and template structure. `%` as the first
 * non-blank character marks a templated query (datafile-format.md §4.1).
 */
export function buildSqlBlock(source: string, range: Range, reporter: Reporter | undefined): SqlBlock {
  const text = source.slice(range.start, range.end);
  const tokens = lexSql(text, range.start);
  const head = tokens[significantIndex(tokens, 0)];
  const templated = head !== undefined && head.type === 'Operator' && head.image === '%';
  const marker = templated ? { start: head.start, end: head.end } : undefined;
  const scan = scanTemplate(text, range.start);
  if (reporter) {
    for (const t of tokens) {
      if (t.type === 'Unterminated') reportUnterminated(t, reporter);
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
  return {
    type: 'SqlBlock',
    text,
    templated,
    marker,
    tokens,
    templateTags: scan.tags,
    branches: scan.branches,
    start: range.start,
    end: range.end,
  };
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
