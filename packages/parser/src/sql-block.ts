import type { Range, SqlBlock } from './ast.js';
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
};

/**
 * Tokenises the SQL in `range` and checks its lexical and template structure. `%` as the first
 * non-blank character marks a templated query (datafile-format.md §4.1).
 */
export function buildSqlBlock(source: string, range: Range, reporter: Reporter | undefined): SqlBlock {
  const text = source.slice(range.start, range.end);
  const tokens = lexSql(text, range.start);
  let firstSignificant = 0;
  while (firstSignificant < tokens.length && tokens[firstSignificant]!.type === 'Whitespace') firstSignificant++;
  const head = tokens[firstSignificant];
  const templated = head !== undefined && head.type === 'Operator' && head.image === '%';
  const marker = templated ? { start: head.start, end: head.end } : undefined;
  const scan = scanTemplate(text, range.start);
  if (reporter) {
    for (const t of tokens) {
      if (t.type === 'Unterminated') {
        const what = t.image.startsWith("'")
          ? ['String literal is never closed.', "Close it with `'`, or escape a quote inside it as `\\'`."]
          : t.image.startsWith('`') || t.image.startsWith('"')
            ? ['Quoted identifier is never closed.', `Close it with \`${t.image[0]}\`.`]
            : t.image.startsWith('/*')
              ? ['Block comment is never closed.', 'Close it with `*/`.']
              : undefined;
        if (what) reporter.error('unbalancedQuote', t, what[0]!, what[1]);
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
