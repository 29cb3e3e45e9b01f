// https://www.tinybird.co/docs/classic/cli/datafiles/pipe-files (TOKEN)
import { pipeTypeOf } from '@tb-refs/graph';
import type { PipeModel, Range } from '@tb-refs/parser';
import { defineRule } from '../define-rule.js';
import { directiveRange } from '../utils/setting-value.js';

type Options = { requiredTokens: string[]; includeDefaultPipes: boolean };

/** Endpoints must say which token may read them, in the datafile. */
export const endpointToken = defineRule({
  id: 'endpoint-token',
  meta: {
    type: 'suggestion',
    category: 'suspicious',
    scope: 'file',
    defaultSeverity: 'off',
    description: 'Require a TOKEN … READ line on every endpoint',
    fixable: false,
    messages: {
      missingToken: 'Endpoint "{{name}}" grants no token READ access; only admin tokens can call it, so the apps that use it get 403 after the next push.',
      missingNamedToken: 'Endpoint "{{name}}" does not grant READ to the token "{{token}}".',
    },
    schema: {
      type: 'object',
      properties: {
        requiredTokens: { type: 'array', items: { type: 'string' }, description: 'Token names every endpoint must grant READ to.' },
        includeDefaultPipes: { type: 'boolean', description: 'Also check pipes without TYPE, which the classic CLI publishes on their last node.' },
      },
    },
    defaultOptions: { requiredTokens: [], includeDefaultPipes: true } as Options,
  },
  create(context) {
    return {
      Pipe(pipe) {
        if (context.parsed.kind !== 'pipe') return;
        const type = pipeTypeOf(context.parsed);
        if (type !== 'endpoint' && !(type === 'default' && context.options.includeDefaultPipes)) return;
        // TOKEN lines may come from an included file, which a file rule cannot see.
        if (pipe.includes.length > 0) return;
        const range = endpointLocation(pipe);
        if (!range) return;
        const readers = new Set(pipe.tokens.filter((t) => t.permission.toUpperCase() === 'READ').map((t) => t.name));
        const name = context.file.name;
        if (readers.size === 0 && context.options.requiredTokens.length === 0) {
          context.report({ messageId: 'missingToken', data: { name }, range, help: 'Add `TOKEN "<token name>" READ` above the first NODE.' });
          return;
        }
        for (const token of context.options.requiredTokens) {
          if (readers.has(token)) continue;
          context.report({ messageId: 'missingNamedToken', data: { name, token }, range, help: `Add \`TOKEN "${token}" READ\` above the first NODE.` });
        }
      },
    };
  },
});

/** The `TYPE endpoint` line, or the NODE name of the node a classic default pipe publishes (its last). */
function endpointLocation(pipe: PipeModel): Range | undefined {
  for (const node of pipe.nodes) {
    if (node.nodeType !== 'endpoint') continue;
    const type = node.directives.find((d) => d.key === 'TYPE');
    return type ? directiveRange(type) : node.nameRange;
  }
  return pipe.nodes[pipe.nodes.length - 1]?.nameRange;
}
