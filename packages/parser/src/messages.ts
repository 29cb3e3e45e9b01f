/**
 * Every `messageId` the parser reports (all with `ruleId: 'parse-error'`), in the order the
 * README documents them. The README table and the tests are checked against this list.
 */
export const PARSE_MESSAGE_IDS = [
  // Line layer
  'unbalancedQuote',
  'textAfterBlockOpen',
  'indentedDirective',
  'byteOrderMark',
  'unexpectedText',
  // Directives
  'unknownDirective',
  'settingsDirective',
  'tokenArgs',
  'badVersion',
  'includeWithoutPath',
  // Pipe structure
  'nodeWithoutName',
  'nodeWithoutSql',
  'emptySql',
  'duplicateSql',
  'sqlWithoutNode',
  'settingWithoutNode',
  'pipeWithoutNodes',
  'nodeInDatasource',
  'pipeDirectiveInDatasource',
  'datasourceDirectiveInPipe',
  // SCHEMA and INDEXES
  'trailingComma',
  'emptyColumn',
  'missingType',
  'unsupportedClause',
  'inlineHashComment',
  'missingIndexType',
  // SQL and templates
  'unclosedBlockComment',
  'templateWithoutMarker',
  'unclosedExpression',
  'unclosedStatement',
  'unclosedComment',
  'missingEnd',
  'extraEnd',
  'misplacedIntermediate',
  'unknownOperator',
  'forbiddenImport',
  'emptyExpression',
  'emptyStatement',
] as const;

/** A `messageId` of a parser diagnostic. */
export type ParseMessageId = (typeof PARSE_MESSAGE_IDS)[number];
