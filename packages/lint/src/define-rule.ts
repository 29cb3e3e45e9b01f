import type { Rule, RuleContext, RuleListener, RuleMeta } from './rule.js';

/** What a rule file passes to {@link defineRule}: `meta.defaultOptions` may be left out. */
export interface RuleDefinition<MessageIds extends string, Options extends object> {
  readonly id: string;
  readonly meta: Omit<RuleMeta<MessageIds, Options>, 'defaultOptions' | 'docsUrl'> & { readonly defaultOptions?: Options };
  create(context: RuleContext<MessageIds, Options>): RuleListener;
}

/**
 * Types a rule: the messageId union is inferred from `meta.messages` and the options type from
 * `meta.defaultOptions`, so `context.report({ messageId })` and `context.options` are checked.
 * Fills in `docsUrl` (`rules/<id>.md`).
 *
 * @example
 * export const myRule = defineRule({ id: 'my-rule', meta: { …, messages: { bad: 'Bad {{x}}.' } }, create(context) { return {}; } });
 */
export function defineRule<MessageIds extends string, Options extends object = Record<never, never>>(
  definition: RuleDefinition<MessageIds, Options>,
): Rule<MessageIds, Options> {
  return {
    id: definition.id,
    meta: { ...definition.meta, defaultOptions: definition.meta.defaultOptions ?? ({} as Options), docsUrl: `rules/${definition.id}.md` },
    create: definition.create,
  };
}
