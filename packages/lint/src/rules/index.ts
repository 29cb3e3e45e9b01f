import type { AnyRule } from '../rule.js';
import { copyPipe } from './copy-pipe.js';
import { endpointReadsRawDatasource } from './endpoint-reads-raw-datasource.js';
import { endpointToken } from './endpoint-token.js';
import { engineSettings } from './engine-settings.js';
import { materializedPipe } from './materialized-pipe.js';
import { noCycle } from './no-cycle.js';
import { noSqlCommentOnDirectiveLine } from './no-sql-comment-on-directive-line.js';
import { noUnresolvedReference } from './no-unresolved-reference.js';
import { noUnusedDatasource } from './no-unused-datasource.js';
import { outputMatchesTarget } from './output-matches-target.js';
import { replacingMergeTreePartitionKey } from './replacing-merge-tree-partition-key.js';
import { replacingMergeTreeVersion } from './replacing-merge-tree-version.js';
import { uniqueNames } from './unique-names.js';

/** Every built-in rule by id, alphabetically. A test checks that every rule file is listed here. */
export const builtinRules = {
  'copy-pipe': copyPipe,
  'endpoint-reads-raw-datasource': endpointReadsRawDatasource,
  'endpoint-token': endpointToken,
  'engine-settings': engineSettings,
  'materialized-pipe': materializedPipe,
  'no-cycle': noCycle,
  'no-sql-comment-on-directive-line': noSqlCommentOnDirectiveLine,
  'no-unresolved-reference': noUnresolvedReference,
  'no-unused-datasource': noUnusedDatasource,
  'output-matches-target': outputMatchesTarget,
  'replacing-merge-tree-partition-key': replacingMergeTreePartitionKey,
  'replacing-merge-tree-version': replacingMergeTreeVersion,
  'unique-names': uniqueNames,
} as const satisfies Record<string, AnyRule>;
