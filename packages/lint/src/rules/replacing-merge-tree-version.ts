// https://www.tinybird.co/docs/classic/cli/datafiles/datasource-files#engine-settings
// https://clickhouse.com/docs/engines/table-engines/mergetree-family/replacingmergetree
import type { ParsedDatafile, SchemaColumn, Setting } from '@tb-refs/parser';
import { defineRule } from '../define-rule.js';
import type { RuleContext } from '../rule.js';
import { directiveRange, keyColumns, unquotedValueRange } from '../utils/setting-value.js';

// ClickHouse accepts UInt*, Date, DateTime and DateTime64; Date is left out on purpose: two
// updates on the same day would tie and the kept row would be arbitrary again.
const VERSION_TYPE = /^(?:DateTime64\s*\(.*\)|DateTime(?:\s*\(.*\))?|UInt(?:8|16|32|64|128|256))$/;

const messages = {
  missingVer: 'ReplacingMergeTree "{{name}}" has no ENGINE_VER, so deduplication keeps an arbitrary row (the last one inserted), not the latest update.',
  wrongVer: 'ENGINE_VER of "{{name}}" is "{{actual}}" although the table has the version column "{{expected}}"; deduplication keeps the row with the highest "{{actual}}", which may not be the latest update.',
  missingColumn: 'ENGINE_VER column "{{column}}" is not in the SCHEMA of "{{name}}"; Tinybird rejects the datasource.',
  nullableVersion: 'Version column "{{column}}" is Nullable; ClickHouse does not accept a Nullable ENGINE_VER column.',
  badVersionType: 'Version column "{{column}}" has type {{type}}; ENGINE_VER needs a DateTime, DateTime64 or UInt* column to tell which row is the latest update.',
  verInSortingKey: 'Version column "{{column}}" is in ENGINE_SORTING_KEY, so every version is its own key and no row is ever deduplicated.',
  addVer: 'Add `ENGINE_VER {{column}}`.',
};
type MessageIds = keyof typeof messages;
type Options = { versionColumn?: string };

/** ReplacingMergeTree datasources (and materialized nodes creating one) must version rows. */
export const replacingMergeTreeVersion = defineRule({
  id: 'replacing-merge-tree-version',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'file',
    defaultSeverity: 'error',
    description: 'Require ENGINE_VER on ReplacingMergeTree, set to the version column, with a DateTime or UInt type, outside the sorting key',
    fixable: false,
    hasSuggestions: true,
    messages,
    schema: { type: 'object', properties: { versionColumn: { type: 'string', description: 'Overrides settings.versionColumn for these files.' } } },
    defaultOptions: {} as Options,
  },
  create(context) {
    const expected = context.options.versionColumn ?? context.settings.versionColumn;
    return {
      Datasource(ds) {
        check(context, expected, context.file.name, ds.engine, ds.engineSettings, ds.schema, ds.connectorSettings.size > 0);
      },
      PipeNode(node) {
        // A materialized node with ENGINE settings creates its target datasource on push.
        if (node.datasource) check(context, expected, node.datasource.value, node.engine, node.settings, undefined, false);
      },
    };
  },
});

function check(
  context: RuleContext<MessageIds, Options>, expected: string, name: string, engine: Setting | undefined,
  settings: ReadonlyMap<string, Setting>, schema: readonly SchemaColumn[] | undefined, hasConnector: boolean,
): void {
  if (!engine || engine.value.replace(/\(.*$/s, '').trim().toLowerCase() !== 'replacingmergetree') return;
  const source = context.parsed.source;
  const ver = settings.get('ENGINE_VER');
  if (!ver) {
    const column = schema?.find((c) => c.name === expected);
    const insertable = schema === undefined || (column !== undefined && isVersionColumn(column));
    context.report({
      messageId: 'missingVer',
      data: { name },
      range: directiveRange(engine.directive),
      help: `Add \`ENGINE_VER ${expected}\` so merges and FINAL keep the row with the newest ${expected}.`,
      ...(insertable ? { suggestions: [{ messageId: 'addVer' as const, data: { column: expected }, fix: insertVer(context.parsed, settings, engine, expected) }] } : {}),
    });
    return;
  }
  const actual = ver.value.replace(/^`|`$/g, '');
  const verRange = unquotedValueRange(source, ver.directive);
  // Tables without the project's version column (snapshots versioned by `computedAt`, say) may
  // version by another column; one that has it but versions by something else is a slip.
  if (actual !== expected && schema?.some((c) => c.name === expected)) {
    context.report({
      messageId: 'wrongVer', data: { name, actual, expected }, range: verRange,
      help: `Use \`ENGINE_VER ${expected}\`, or set settings.versionColumn if this project versions rows by another column.`,
    });
  }
  const column = schema?.find((c) => c.name === actual);
  // Connectors add implicit columns (`_timestamp` for DynamoDB, `__timestamp` for Kafka).
  const implicit = actual.startsWith('_') && hasConnector;
  if (schema && schema.length > 0 && !column && !implicit) {
    context.report({ messageId: 'missingColumn', data: { column: actual, name }, range: verRange, help: `Add \`${actual}\` to the SCHEMA or name an existing column.` });
  } else if (column?.nullable) {
    context.report({ messageId: 'nullableVersion', data: { column: actual }, range: column.typeRange ?? column, help: 'Make the column non-Nullable, with a DEFAULT for rows that have no version.' });
  } else if (column && !isVersionColumn(column)) {
    context.report({ messageId: 'badVersionType', data: { column: actual, type: column.dataType ?? 'unknown' }, range: column.typeRange ?? column, help: 'Use a DateTime64 update time or a UInt64 version counter.' });
  }
  const sorting = settings.get('ENGINE_SORTING_KEY');
  const inKey = sorting && keyColumns(source, sorting.directive).find((c) => c.name === actual);
  if (inKey) {
    context.report({ messageId: 'verInSortingKey', data: { column: actual }, range: inKey.range, help: `Remove \`${actual}\` from ENGINE_SORTING_KEY; the sorting key is what identifies a row.` });
  }
}

function isVersionColumn(column: SchemaColumn): boolean {
  return !column.nullable && column.dataType !== undefined && VERSION_TYPE.test(column.dataType.trim());
}

/** Inserts `ENGINE_VER col` on its own line after the last ENGINE directive, keeping the file's newline style. */
function insertVer(parsed: ParsedDatafile, settings: ReadonlyMap<string, Setting>, engine: Setting, column: string): { range: [number, number]; text: string } {
  const last = [engine, ...settings.values()].map((s) => s.directive).filter((d) => !d.indented).reduce((a, b) => (b.end > a.end ? b : a));
  const lines = parsed.lineIndex;
  const line = lines.positionAt(last.end).line;
  const eol = /\r\n/.test(parsed.source) ? '\r\n' : '\n';
  if (line < lines.lineCount) {
    const at = lines.lineStart(line + 1);
    return { range: [at, at], text: `ENGINE_VER ${column}${eol}` };
  }
  return { range: [parsed.source.length, parsed.source.length], text: `${eol}ENGINE_VER ${column}` };
}
