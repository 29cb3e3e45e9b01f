import { defineRule } from '../../src/define-rule.js';
import type { AnyRule } from '../../src/rule.js';

/** A file rule reporting every occurrence of `word` (optionally fixing it to `replacement`). */
export function wordRule(id: string, word: string, replacement?: string): AnyRule {
  return defineRule({
    id,
    meta: {
      type: 'problem', category: 'correctness', scope: 'file', defaultSeverity: 'error',
      description: `Test rule flagging ${word}`, fixable: replacement !== undefined,
      messages: { found: 'Found "{{word}}".' },
    },
    create(context) {
      return {
        File(parsed) {
          for (let i = parsed.source.indexOf(word); i >= 0; i = parsed.source.indexOf(word, i + 1)) {
            context.report({
              messageId: 'found', data: { word }, range: { start: i, end: i + word.length },
              ...(replacement === undefined ? {} : { fix: { range: [i, i + word.length], text: replacement } }),
            });
          }
        },
      };
    },
  });
}

/** Rules registry from a list. */
export function registry(...rules: AnyRule[]): Record<string, AnyRule> {
  return Object.fromEntries(rules.map((r) => [r.id, r]));
}
