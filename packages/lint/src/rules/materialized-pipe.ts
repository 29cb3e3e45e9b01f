// https://www.tinybird.co/docs/forward/work-with-data/optimize/materialized-views
// https://www.tinybird.co/docs/classic/cli/datafiles/pipe-files#materialized-pipes
import type { PipeNode } from '@tb-refs/parser';
import { defineRule } from '../define-rule.js';
import { targetReference } from '../utils/node-target.js';
import { directiveRange } from '../utils/setting-value.js';

/** Node types that make a pipe something other than a plain query (datafile-format.md §3.2). */
const OUTPUT_TYPES = new Set(['endpoint', 'copy', 'materialized', 'sink', 'stream']);

/** Materialized pipes need one materialized node and a target; no pipe has two output nodes. */
export const materializedPipe = defineRule({
  id: 'materialized-pipe',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'project',
    defaultSeverity: 'error',
    description: 'Require one materialized node with a datasource target per materialized pipe, and at most one endpoint, copy, materialized or sink node per pipe',
    fixable: false,
    messages: {
      missingDatasource: 'Materialized node "{{node}}" has no DATASOURCE; Tinybird rejects a materialized view that does not say which datasource it writes.',
      datasourceNotDatasource: 'DATASOURCE "{{name}}" is a {{kind}}, not a datasource; a materialized view can only write a datasource.',
      multipleMaterialized: 'Node "{{node}}" is a second materialized node in this pipe (after "{{first}}"); a pipe can hold only one materialized view.',
      mixedOutputs: 'Node "{{node}}" is TYPE {{type}}, but node "{{first}}" is already TYPE {{firstType}}; a pipe can have only one endpoint, copy, materialized or sink node.',
    },
  },
  create(context) {
    return {
      Pipe(pipe) {
        if (context.parsed.kind !== 'pipe') return;
        const outputs = pipe.nodes.filter((n) => n.nodeType !== undefined && OUTPUT_TYPES.has(n.nodeType));
        const first = outputs[0];
        for (const node of outputs) {
          const at = typeRange(node);
          if (first && node !== first) {
            const related = [{ range: first.nameRange, message: `"${first.name}" is TYPE ${first.nodeType!}.` }];
            if (node.nodeType === 'materialized' && first.nodeType === 'materialized') {
              context.report({
                messageId: 'multipleMaterialized', data: { node: node.name, first: first.name }, range: at, related,
                help: 'Move each materialized view into its own .pipe file.',
              });
            } else if (!(node.nodeType === 'copy' && first.nodeType === 'copy')) {
              // Two copy nodes are reported by copy-pipe.
              context.report({
                messageId: 'mixedOutputs', data: { node: node.name, type: node.nodeType!, first: first.name, firstType: first.nodeType! }, range: at, related,
                help: 'Split the pipe: one .pipe file per endpoint, copy, materialized view or sink.',
              });
            }
          }
          if (node.nodeType !== 'materialized') continue;
          if (!node.datasource) {
            context.report({
              messageId: 'missingDatasource', data: { node: node.name }, range: at,
              help: node.targetDatasource ? 'Materialized nodes name their target with DATASOURCE; TARGET_DATASOURCE is for copy nodes.' : 'Add `DATASOURCE <datasource>` after TYPE materialized.',
            });
            continue;
          }
          const ref = targetReference(context.graph, context.file.path, node.datasource);
          // A name that resolves to nothing is reported by no-unresolved-reference; ENGINE settings
          // in the node make it a datasource the push creates.
          if (ref && (ref.resolution === 'pipe' || ref.resolution === 'node')) {
            context.report({
              messageId: 'datasourceNotDatasource', data: { name: ref.name, kind: ref.resolution }, range: ref.range,
              help: 'Name a .datasource file, or describe the datasource to create with ENGINE settings in this node.',
            });
          }
        }
      },
    };
  },
});

/** The node's TYPE line, or its name. */
function typeRange(node: PipeNode): { start: number; end: number } {
  const type = node.directives.find((d) => d.key === 'TYPE');
  return type ? directiveRange(type) : node.nameRange;
}
