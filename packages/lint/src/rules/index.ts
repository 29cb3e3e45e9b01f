import type { AnyRule } from '../rule.js';
import { endpointReadsRawDatasource } from './endpoint-reads-raw-datasource.js';
import { endpointToken } from './endpoint-token.js';
import { noCycle } from './no-cycle.js';
import { noUnresolvedReference } from './no-unresolved-reference.js';
import { noUnusedDatasource } from './no-unused-datasource.js';
import { replacingMergeTreeVersion } from './replacing-merge-tree-version.js';
import { uniqueNames } from './unique-names.js';

/** Every built-in rule by id, alphabetically. A test checks that every rule file is listed here. */
export const builtinRules = {
  'endpoint-reads-raw-datasource': endpointReadsRawDatasource,
  'endpoint-token': endpointToken,
  'no-cycle': noCycle,
  'no-unresolved-reference': noUnresolvedReference,
  'no-unused-datasource': noUnusedDatasource,
  'replacing-merge-tree-version': replacingMergeTreeVersion,
  'unique-names': uniqueNames,
} as const satisfies Record<string, AnyRule>;
