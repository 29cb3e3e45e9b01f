// https://clickhouse.com/docs/engines/table-engines/mergetree-family/replacingmergetree
// https://clickhouse.com/docs/guides/replacing-merge-tree#choosing-a-partitioning-key
import type { Setting } from '@tb-refs/parser';
import { defineRule } from '../define-rule.js';
import type { RuleContext } from '../rule.js';
import { keyColumns } from '../utils/setting-value.js';

const messages = {
  versionInPartitionKey: 'ENGINE_PARTITION_KEY uses the version column "{{column}}": an update that falls in another partition than the row\'s older versions is never merged with them (ReplacingMergeTree deduplicates within a partition), so the duplicates stay for every query without FINAL.',
  isDeletedInPartitionKey: 'ENGINE_PARTITION_KEY uses the is-deleted column "{{column}}": a deletion falls in another partition than the row it deletes, so merges never remove that row.',
};
type MessageIds = keyof typeof messages;

/** A ReplacingMergeTree must not be partitioned by a column that changes with every version of a row. */
export const replacingMergeTreePartitionKey = defineRule({
  id: 'replacing-merge-tree-partition-key',
  meta: {
    type: 'problem',
    category: 'suspicious',
    scope: 'file',
    defaultSeverity: 'warn',
    description: 'Disallow partitioning a ReplacingMergeTree by its version or is-deleted column',
    fixable: false,
    messages,
  },
  create(context) {
    return {
      Datasource(ds) {
        if (context.parsed.kind === 'datasource') check(context, ds.engine, ds.engineSettings);
      },
      PipeNode(node) {
        // A materialized node whose ENGINE settings create its target datasource.
        if (context.parsed.kind === 'pipe' && node.engine) check(context, node.engine, node.settings);
      },
    };
  },
});

function check(context: RuleContext<MessageIds, Record<never, never>>, engine: Setting | undefined, settings: ReadonlyMap<string, Setting>): void {
  if (!engine || engine.value.replace(/\(.*$/s, '').trim().toLowerCase() !== 'replacingmergetree') return;
  const partition = settings.get('ENGINE_PARTITION_KEY');
  if (!partition) return;
  const unquote = (s: Setting | undefined): string | undefined => s?.value.trim().replace(/^`(.*)`$/s, '$1');
  const version = unquote(settings.get('ENGINE_VER'));
  const isDeleted = unquote(settings.get('ENGINE_IS_DELETED'));
  for (const ref of keyColumns(context.parsed.source, partition.directive)) {
    if (ref.name === version) {
      context.report({
        messageId: 'versionInPartitionKey', data: { column: ref.name }, range: ref.range,
        help: 'Partition by a column that never changes for a row (its creation time, say), or drop the partition key.',
      });
    } else if (ref.name === isDeleted) {
      context.report({
        messageId: 'isDeletedInPartitionKey', data: { column: ref.name }, range: ref.range,
        help: 'Partition by a column that never changes for a row (its creation time, say).',
      });
    }
  }
}
