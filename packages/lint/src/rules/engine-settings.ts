// https://www.tinybird.co/docs/classic/cli/datafiles/datasource-files#engine-settings
// https://clickhouse.com/docs/engines/table-engines/mergetree-family
import { didYouMean } from '@tb-refs/core';
import type { PipeNode, Range, SchemaColumn, Setting } from '@tb-refs/parser';
import { defineRule } from '../define-rule.js';
import type { RuleContext } from '../rule.js';
import { queryOutput } from '../utils/select-columns.js';
import { directiveRange, keyColumns, unquotedValueRange } from '../utils/setting-value.js';

/** What an engine takes: its parameters (in the parentheses), required settings, and whether MergeTree options apply. */
interface EngineSpec {
  readonly name: string;
  readonly params: readonly string[];
  readonly required: readonly string[];
  readonly options: boolean;
}

const OPTIONS = ['ENGINE_PARTITION_KEY', 'ENGINE_SORTING_KEY', 'ENGINE_PRIMARY_KEY', 'ENGINE_SAMPLING_KEY', 'ENGINE_TTL', 'ENGINE_SETTINGS'];

// datafile-format.md §2.3 (the classic CLI's ENABLED_ENGINES).
const ENGINES: readonly EngineSpec[] = [
  { name: 'MergeTree', params: [], required: [], options: true },
  { name: 'ReplacingMergeTree', params: ['ENGINE_VER', 'ENGINE_IS_DELETED'], required: ['ENGINE_SORTING_KEY'], options: true },
  // The TS SDK writes ENGINE_SUMMING_COLUMNS; the classic CLI reads ENGINE_COLUMNS.
  { name: 'SummingMergeTree', params: ['ENGINE_COLUMNS', 'ENGINE_SUMMING_COLUMNS'], required: [], options: true },
  { name: 'AggregatingMergeTree', params: [], required: ['ENGINE_SORTING_KEY'], options: true },
  { name: 'CollapsingMergeTree', params: ['ENGINE_SIGN'], required: ['ENGINE_SIGN', 'ENGINE_SORTING_KEY'], options: true },
  { name: 'VersionedCollapsingMergeTree', params: ['ENGINE_SIGN', 'ENGINE_VERSION'], required: ['ENGINE_SIGN', 'ENGINE_VERSION'], options: true },
  { name: 'Join', params: ['ENGINE_JOIN_STRICTNESS', 'ENGINE_JOIN_TYPE', 'ENGINE_KEY_COLUMNS'], required: ['ENGINE_JOIN_STRICTNESS', 'ENGINE_JOIN_TYPE', 'ENGINE_KEY_COLUMNS'], options: false },
  { name: 'Null', params: [], required: [], options: false },
];
const BY_NAME = new Map(ENGINES.map((e) => [e.name.toLowerCase(), e]));

/** Settings naming one column, and settings naming a comma list of columns. */
const COLUMN_PARAMS = new Set(['ENGINE_IS_DELETED', 'ENGINE_SIGN', 'ENGINE_VERSION']);
const COLUMN_LIST_PARAMS = new Set(['ENGINE_COLUMNS', 'ENGINE_SUMMING_COLUMNS', 'ENGINE_KEY_COLUMNS']);
/** Key expressions whose identifiers are columns (TTL is left out: `INTERVAL 1 DAY`). */
const KEY_SETTINGS = ['ENGINE_SORTING_KEY', 'ENGINE_PRIMARY_KEY', 'ENGINE_PARTITION_KEY', 'ENGINE_SAMPLING_KEY'];
/** Words of key expressions that are not columns (`toStartOfInterval(ts, INTERVAL 1 HOUR)`, `x DESC`). */
const KEY_KEYWORDS = new Set([
  'INTERVAL', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR', 'AND', 'OR', 'NOT', 'IN', 'IS',
  'NULL', 'TRUE', 'FALSE', 'DESC', 'ASC', 'AS',
]);
const ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  ENGINE_JOIN_STRICTNESS: ['ANY', 'ALL', 'SEMI', 'ANTI'],
  ENGINE_JOIN_TYPE: ['LEFT', 'INNER', 'RIGHT', 'FULL'],
};

const messages = {
  unknownEngine: 'Engine "{{engine}}" is not supported by Tinybird{{hint}}.',
  replicatedEngine: 'Engine "{{engine}}" is not accepted: Tinybird replicates every table itself, so only the non-replicated engine names are valid.',
  invalidSetting: '{{key}} is not a setting of the {{engine}} engine; Tinybird rejects the datasource ("not a valid option").',
  missingSetting: 'The {{engine}} engine needs {{key}}; Tinybird rejects the datasource without it.',
  isDeletedWithoutVer: 'ENGINE_IS_DELETED needs ENGINE_VER: ClickHouse only takes the is-deleted column after a version column.',
  emptySortingKey: 'ReplacingMergeTree needs a real ENGINE_SORTING_KEY: with `tuple()` every row has the same key and all but one are deleted on merge.',
  badValue: '{{key}} is "{{value}}", which is not one of {{allowed}}.',
  missingColumn: '{{key}} names "{{column}}", which is not a column of "{{name}}"; Tinybird rejects the datasource.',
  nullableInKey: 'Column "{{column}}" is Nullable, and ClickHouse does not allow Nullable columns in {{key}} (unless `allow_nullable_key` is set).',
  aggregateInKey: 'Column "{{column}}" is an AggregateFunction, which ClickHouse cannot use in {{key}}.',
};
type MessageIds = keyof typeof messages;
type Context = RuleContext<MessageIds, Record<never, never>>;

/** The columns ENGINE settings may name, and what is known of them. */
interface KnownColumns {
  readonly has: (name: string) => boolean;
  readonly column?: (name: string) => SchemaColumn | undefined;
  /** Connector tables (Kafka, DynamoDB, …) add `_`/`__` columns that the SCHEMA does not list. */
  readonly implicitUnderscore: boolean;
}

/** ENGINE_* settings must be valid for the engine, complete, and name existing columns. */
export const engineSettings = defineRule({
  id: 'engine-settings',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'file',
    defaultSeverity: 'error',
    description: 'Require ENGINE_* settings that the engine accepts, the ones it needs, and columns that exist in the SCHEMA',
    fixable: false,
    messages,
  },
  create(context) {
    return {
      Datasource(ds) {
        if (context.parsed.kind !== 'datasource') return;
        // Settings (and columns) may come from an included file this rule cannot see.
        const complete = ds.includes.length === 0;
        const byName = new Map(ds.schema.map((c) => [c.name, c]));
        const columns: KnownColumns | undefined = complete && ds.schema.length > 0
          ? { has: (n) => byName.has(n), column: (n) => byName.get(n), implicitUnderscore: ds.connectorSettings.size > 0 }
          : undefined;
        check(context, context.file.name, ds.engine, ds.engineSettings, columns, complete);
      },
      Pipe(pipe) {
        if (context.parsed.kind !== 'pipe' || pipe.includes.length > 0) return;
        pipe.nodes.forEach((node, index) => {
          const settings = engineSettingsOf(node);
          if (!node.engine && settings.size === 0) return;
          check(context, node.datasource?.value ?? node.targetDatasource?.value ?? node.name, node.engine, settings, outputColumns(pipe.nodes, index), true);
        });
      },
    };
  },
});

function check(
  context: Context, name: string, engineSetting: Setting | undefined, settings: ReadonlyMap<string, Setting>,
  columns: KnownColumns | undefined, complete: boolean,
): void {
  const source = context.parsed.source;
  // No ENGINE: Tinybird creates a MergeTree.
  const written = engineSetting?.value.trim() ?? 'MergeTree';
  const engineName = written.replace(/\(.*$/s, '').trim();
  const spec = BY_NAME.get(engineName.toLowerCase());
  if (!spec) {
    const range = engineSetting ? unquotedValueRange(source, engineSetting.directive) : { start: 0, end: 0 };
    const base = /^Replicated(\w+)$/i.exec(engineName)?.[1];
    if (base !== undefined && BY_NAME.has(base.toLowerCase())) {
      context.report({ messageId: 'replicatedEngine', data: { engine: engineName }, range, help: `Use \`ENGINE ${BY_NAME.get(base.toLowerCase())!.name}\`.` });
      return;
    }
    const hint = didYouMean(engineName, ENGINES.map((e) => e.name));
    context.report({
      messageId: 'unknownEngine', data: { engine: engineName, hint: hint ? `; did you mean "${hint}"` : '' }, range,
      help: hint ? `Use \`ENGINE ${hint}\`.` : `Use one of ${ENGINES.map((e) => e.name).join(', ')}.`,
    });
    return;
  }
  for (const [key, setting] of settings) {
    if (spec.params.includes(key) || (spec.options && OPTIONS.includes(key))) continue;
    const owners = ENGINES.filter((e) => e.params.includes(key)).map((e) => e.name);
    context.report({
      messageId: 'invalidSetting', data: { key, engine: spec.name }, range: setting.directive.nameRange,
      help: owners.length > 0 ? `${key} belongs to ${owners.join(' and ')}; remove it or change the engine.` : `The ${spec.name} engine takes no ${key}; remove it.`,
    });
  }
  const at = engineSetting ? directiveRange(engineSetting.directive) : undefined;
  if (complete && at) {
    for (const key of spec.required) {
      if (settings.has(key)) continue;
      context.report({ messageId: 'missingSetting', data: { engine: spec.name, key }, range: at, help: `Add \`${key} <value>\`.` });
    }
  }
  if (spec.name === 'ReplacingMergeTree') {
    const isDeleted = settings.get('ENGINE_IS_DELETED');
    if (isDeleted && !settings.has('ENGINE_VER') && complete) {
      context.report({ messageId: 'isDeletedWithoutVer', range: isDeleted.directive.nameRange, help: 'Add `ENGINE_VER <version column>`.' });
    }
    const sorting = settings.get('ENGINE_SORTING_KEY');
    if (sorting && /^\(?\s*tuple\(\s*\)\s*\)?$/i.test(sorting.value.trim())) {
      context.report({ messageId: 'emptySortingKey', range: unquotedValueRange(source, sorting.directive), help: 'Sort by the columns that identify a row, e.g. `ENGINE_SORTING_KEY id`.' });
    }
  }
  for (const [key, allowed] of Object.entries(ALLOWED_VALUES)) {
    const setting = settings.get(key);
    if (!setting || !spec.params.includes(key) || allowed.includes(setting.value.trim().toUpperCase())) continue;
    context.report({
      messageId: 'badValue', data: { key, value: setting.value, allowed: allowed.join(', ') }, range: unquotedValueRange(source, setting.directive),
      help: `Use one of ${allowed.join(', ')}.`,
    });
  }
  if (!columns) return;
  const exists = (column: string): boolean => columns.has(column) || (columns.implicitUnderscore && column.startsWith('_'));
  for (const [key, setting] of settings) {
    if (!spec.params.includes(key) || !(COLUMN_PARAMS.has(key) || COLUMN_LIST_PARAMS.has(key))) continue;
    for (const ref of columnNames(source, setting, COLUMN_LIST_PARAMS.has(key))) {
      if (exists(ref.name)) continue;
      context.report({ messageId: 'missingColumn', data: { key, column: ref.name, name }, range: ref.range, help: 'Name a column of the SCHEMA (without quotes or expressions).' });
    }
  }
  if (!spec.options) return;
  const nullableAllowed = /allow_nullable_key\s*=\s*(?:1|true)/i.test(settings.get('ENGINE_SETTINGS')?.value ?? '');
  for (const key of KEY_SETTINGS) {
    const setting = settings.get(key);
    if (!setting) continue;
    for (const ref of keyColumns(source, setting.directive)) {
      if (KEY_KEYWORDS.has(ref.name.toUpperCase()) && !columns.has(ref.name)) continue;
      if (!exists(ref.name)) {
        context.report({ messageId: 'missingColumn', data: { key, column: ref.name, name }, range: ref.range, help: 'Use columns of the SCHEMA in key expressions.' });
        continue;
      }
      const column = columns.column?.(ref.name);
      if (!column || (key !== 'ENGINE_SORTING_KEY' && key !== 'ENGINE_PRIMARY_KEY')) continue;
      if (column.nullable && !nullableAllowed) {
        context.report({ messageId: 'nullableInKey', data: { column: ref.name, key }, range: ref.range, help: 'Make the column non-Nullable (with a DEFAULT), or wrap it, e.g. `ifNull(col, \'\')`.' });
      } else if (/^AggregateFunction\s*\(/i.test(column.dataType ?? '')) {
        context.report({ messageId: 'aggregateInKey', data: { column: ref.name, key }, range: ref.range, help: 'Sort by the grouping columns, not by aggregate states.' });
      }
    }
  }
}

/** ENGINE_* settings of a pipe node. */
function engineSettingsOf(node: PipeNode): Map<string, Setting> {
  const out = new Map<string, Setting>();
  for (const [key, setting] of node.settings) if (key.startsWith('ENGINE_')) out.set(key, setting);
  return out;
}

/**
 * The columns a materialized node's query produces, standing in for the SCHEMA of the datasource
 * its ENGINE settings create: only from the node itself and earlier nodes (a file rule does not
 * read other files), so `SELECT *` from a datasource gives up.
 */
function outputColumns(nodes: readonly PipeNode[], index: number): KnownColumns | undefined {
  const outputs = new Map<number, ReturnType<typeof queryOutput>>();
  const of = (i: number): ReturnType<typeof queryOutput> => {
    if (outputs.has(i)) return outputs.get(i);
    outputs.set(i, undefined);
    const sql = nodes[i]!.sql;
    const output = sql && queryOutput(sql, (table) => {
      for (let j = i - 1; j >= 0; j--) {
        if (nodes[j]!.name !== table) continue;
        const earlier = of(j);
        return earlier && earlier.unnamed.length === 0 ? earlier.columns.map((c) => c.name) : undefined;
      }
      return undefined;
    });
    outputs.set(i, output);
    return output;
  };
  const output = of(index);
  if (!output || output.unnamed.length > 0) return undefined;
  const names = new Set(output.columns.flatMap((c) => (c.qualifiedName ? [c.name, c.qualifiedName] : [c.name])));
  return { has: (n) => names.has(n), implicitUnderscore: false };
}

/** Column names in a setting's value (one, or a comma list), without backticks, with their ranges. */
function columnNames(source: string, setting: Setting, list: boolean): { name: string; range: Range }[] {
  const inner = unquotedValueRange(source, setting.directive);
  const text = source.slice(inner.start, inner.end);
  const out: { name: string; range: Range }[] = [];
  const re = list ? /[^,]+/g : /^.+$/gs;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const name = trimmed.replace(/^`(.*)`$/s, '$1');
    const start = inner.start + m.index + lead;
    out.push({ name, range: { start, end: start + trimmed.length } });
  }
  return out;
}
