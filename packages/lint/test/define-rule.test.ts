import { expect, it } from 'vitest';
import { defineRule } from '../src/define-rule.js';

it('infers messageIds and options, and links the doc', () => {
  const rule = defineRule({
    id: 'typed',
    meta: {
      type: 'problem', category: 'correctness', scope: 'file', defaultSeverity: 'error', description: 'Typed', fixable: false,
      messages: { known: 'Known {{x}}.' },
      schema: { type: 'object', properties: { limit: { type: 'integer' } } },
      defaultOptions: { limit: 3 },
    },
    create(context) {
      const limit: number = context.options.limit;
      return {
        File: () => {
          context.report({ messageId: 'known', data: { x: limit }, range: { start: 0, end: 0 } });
          // @ts-expect-error -- not a messageId of this rule (checked by tsconfig.test.json)
          context.report({ messageId: 'unknown', range: { start: 0, end: 0 } });
        },
      };
    },
  });
  expect(rule.meta.docsUrl).toBe('rules/typed.md');
  expect(rule.meta.defaultOptions).toEqual({ limit: 3 });
});

it('defaults options to an empty object', () => {
  const rule = defineRule({
    id: 'plain',
    meta: { type: 'problem', category: 'correctness', scope: 'file', defaultSeverity: 'warn', description: 'Plain', fixable: false, messages: { m: 'M.' } },
    create: () => ({}),
  });
  expect(rule.meta.defaultOptions).toEqual({});
});
