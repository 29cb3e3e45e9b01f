// Directive tables of the classic CLI (tinybird-cli datafile.py) and the Forward CLI
// (tinybird/datafile/common.py); see ../shared/datafile-format.md §2.1, §3.1, §5.5.

const ENGINE_PARAMS = [
  'PARTITION_KEY', 'SORTING_KEY', 'PRIMARY_KEY', 'SAMPLING_KEY', 'TTL', 'SETTINGS', 'VER',
  'IS_DELETED', 'COLUMNS', 'SIGN', 'VERSION', 'JOIN_STRICTNESS', 'JOIN_TYPE', 'KEY_COLUMNS',
  // The TS SDK emits ENGINE_SUMMING_COLUMNS for SummingMergeTree; accepted beside ENGINE_COLUMNS.
  'SUMMING_COLUMNS',
] as const;

/** Every `ENGINE_*` directive, upper case. */
export const ENGINE_DIRECTIVES: ReadonlySet<string> = new Set(ENGINE_PARAMS.map((p) => `ENGINE_${p}`));

/** Kafka connector keys, in datasources, pipes (classic streams) and `.connection` files. */
export const KAFKA_DIRECTIVES: ReadonlySet<string> = new Set([
  'KAFKA_CONNECTION_NAME', 'KAFKA_TOPIC', 'KAFKA_GROUP_ID', 'KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_KEY',
  'KAFKA_SECRET', 'KAFKA_SCHEMA_REGISTRY_URL', 'KAFKA_TARGET_PARTITIONS', 'KAFKA_AUTO_OFFSET_RESET',
  'KAFKA_STORE_RAW_VALUE', 'KAFKA_STORE_HEADERS', 'KAFKA_STORE_BINARY_HEADERS', 'KAFKA_KEY_FORMAT',
  'KAFKA_VALUE_FORMAT', 'KAFKA_KEY_AVRO_DESERIALIZATION', 'KAFKA_SSL_CA_PEM', 'KAFKA_SASL_MECHANISM',
  'KAFKA_SECURITY_PROTOCOL', 'KAFKA_SASL_OAUTHBEARER_METHOD', 'KAFKA_SASL_OAUTHBEARER_AWS_REGION',
  'KAFKA_SASL_OAUTHBEARER_AWS_ROLE_ARN', 'KAFKA_SASL_OAUTHBEARER_AWS_EXTERNAL_ID',
]);

/** Import connector keys (BigQuery, Snowflake, S3, GCS, DynamoDB). */
export const IMPORT_DIRECTIVES: ReadonlySet<string> = new Set([
  'IMPORT_SERVICE', 'IMPORT_CONNECTION_NAME', 'IMPORT_SCHEDULE', 'IMPORT_STRATEGY',
  'IMPORT_EXTERNAL_DATASOURCE', 'IMPORT_BUCKET_URI', 'IMPORT_FROM_TIMESTAMP', 'IMPORT_QUERY',
  'IMPORT_TABLE_ARN', 'IMPORT_EXPORT_BUCKET',
]);

/** Sink (export) keys of pipe nodes. */
export const EXPORT_DIRECTIVES: ReadonlySet<string> = new Set([
  'EXPORT_SERVICE', 'EXPORT_CONNECTION_NAME', 'EXPORT_SCHEDULE', 'EXPORT_BUCKET_URI',
  'EXPORT_FILE_TEMPLATE', 'EXPORT_FORMAT', 'EXPORT_COMPRESSION', 'EXPORT_WRITE_STRATEGY',
  'EXPORT_STRATEGY', 'EXPORT_KAFKA_TOPIC',
]);

/** `.connection` file keys of the Forward CLI besides the Kafka ones. */
const CONNECTION_DIRECTIVES = [
  'S3_REGION', 'S3_ARN', 'S3_ACCESS_KEY', 'S3_SECRET', 'GCS_SERVICE_ACCOUNT_CREDENTIALS_JSON',
  'GCS_HMAC_ACCESS_ID', 'GCS_HMAC_SECRET',
];

/** Directives every kind of file shares (classic uses one table for all). */
const COMMON = [
  'DESCRIPTION', 'TOKEN', 'TAGS', 'VERSION', 'INCLUDE', 'SHARED_WITH', 'MAINTAINER',
  // Not allowed, but in the table: it ends a block and then fails (use ENGINE_SETTINGS).
  'SETTINGS',
];
const DATASOURCE_ONLY = [
  'SCHEMA', 'INDEXES', 'INDICES', 'ENGINE', 'FORWARD_QUERY', 'BACKFILL',
  // Legacy keys the classic parser still accepts (and ignores).
  'PARTITION_KEY', 'SORTING_KEY', 'PRIMARY_KEY', 'SAMPLING_KEY', 'TTL', 'SOURCE', 'FROM',
];
const PIPE_ONLY = [
  'NODE', 'SQL', 'TYPE', 'DATASOURCE', 'TARGET_DATASOURCE', 'COPY_SCHEDULE', 'COPY_MODE', 'MODE',
  'FILTER', 'RESOURCE', 'TEST', 'SCOPE', 'DEPLOYMENT_METHOD', 'CACHE',
];

/**
 * Every directive name either CLI knows, upper case. The classic CLI accepts any of them in any
 * file kind, so this one table decides where a `>` block ends (datafile-format.md §1.1).
 */
export const ALL_DIRECTIVES: ReadonlySet<string> = new Set([
  ...COMMON, ...DATASOURCE_ONLY, ...PIPE_ONLY, ...ENGINE_DIRECTIVES, ...KAFKA_DIRECTIVES,
  ...IMPORT_DIRECTIVES, ...EXPORT_DIRECTIVES, ...CONNECTION_DIRECTIVES,
]);

/** Upper-case keys of directive names, built once: lookups happen on every line. */
const LOWER_TO_KEY = new Map([...ALL_DIRECTIVES].map((d) => [d.toLowerCase(), d]));

/** The canonical (upper-case) directive for a word, or undefined when it is not a directive. */
export function directiveKey(word: string): string | undefined {
  return LOWER_TO_KEY.get(word.toLowerCase());
}

/** Directives that only make sense inside a pipe node (after `NODE`). */
export const NODE_DIRECTIVES: ReadonlySet<string> = new Set([
  'SQL', 'TYPE', 'DATASOURCE', 'TARGET_DATASOURCE', 'COPY_SCHEDULE', 'COPY_MODE', 'MODE', 'FILTER',
  'RESOURCE', 'TEST', 'SCOPE', 'DEPLOYMENT_METHOD', 'CACHE', 'ENGINE', ...ENGINE_DIRECTIVES,
  ...EXPORT_DIRECTIVES, 'KAFKA_CONNECTION_NAME', 'KAFKA_TOPIC',
]);

/**
 * Directive words that also start SQL lines; an indented one inside a SQL block is SQL, never a
 * swallowed directive.
 */
export const SQL_LOOKALIKE_DIRECTIVES: ReadonlySet<string> = new Set([
  'FROM', 'SETTINGS', 'TTL', 'FILTER', 'SOURCE', 'MODE', 'TEST', 'SCOPE', 'RESOURCE', 'CACHE',
  'PARTITION_KEY', 'SORTING_KEY', 'PRIMARY_KEY', 'SAMPLING_KEY', 'VERSION', 'MAINTAINER',
]);
