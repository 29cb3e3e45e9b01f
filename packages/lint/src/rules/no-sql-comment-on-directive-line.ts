// https://www.tinybird.co/docs/classic/cli/datafiles (datafile-format.md §1.2, §7.8)
import { defineRule } from '../define-rule.js';

/** Directives whose value is free text or SQL, where `--` means what it says. */
const TEXT_VALUES = new Set(['DESCRIPTION', 'SQL', 'FORWARD_QUERY', 'IMPORT_QUERY']);

/** A `--` after a directive's value is part of the value, not a comment. */
export const noSqlCommentOnDirectiveLine = defineRule({
  id: 'no-sql-comment-on-directive-line',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'file',
    defaultSeverity: 'error',
    description: 'Disallow `--` comments after a directive value, which the CLI reads as part of the value',
    fixable: true,
    messages: {
      sqlComment: '`{{comment}}` is read as part of the {{key}} value, `{{value}}`: only `#` starts a comment on a directive line.',
    },
  },
  create(context) {
    const source = context.parsed.source;
    return {
      Directive(d) {
        if (d.key === undefined || d.block || TEXT_VALUES.has(d.key)) return;
        const at = d.args.findIndex((a) => a.text.startsWith('--'));
        if (at < 0) return;
        const first = d.args[at]!;
        const last = d.args[d.args.length - 1]!;
        const comment = source.slice(first.start, last.end);
        context.report({
          messageId: 'sqlComment', data: { comment: shorten(comment), key: d.key, value: shorten(d.value) },
          range: { start: first.start, end: last.end },
          help: 'Start the comment with `#` instead, or move it to a line of its own.',
          fix: { range: [first.start, first.start + 2], text: '#' },
        });
      },
    };
  },
});

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
