export type {
  BlockBody, DatafileKind, DatafileToken, DatafileTokenType, DatasourceModel, Directive,
  IncludeDirective, IncludeVariable, IndexDefinition, ParsedDatafile, PipeModel, PipeNode, Range,
  SchemaColumn, Setting, SqlBlock, SqlToken, SqlTokenType, TemplateBranch, TemplateTag, TokenGrant,
  Trivia,
} from './ast.js';
export { datafileKindOf, parseDatafile, printDatafile } from './parse.js';
export type { ParseOptions } from './parse.js';
export { lexSql } from './sql-lexer.js';
export { scanSql } from './sql-scanner.js';
export { SQL_TOKEN_TYPES, SqlKind, SqlTokenList } from './sql-tokens.js';
export { sqlBlockOf } from './sql-block.js';
export { scanTemplate } from './template.js';
export { ALL_DIRECTIVES, ENGINE_DIRECTIVES, directiveKey } from './directives.js';
export { unquote } from './datafile-tree.js';
export { PARSE_MESSAGE_IDS } from './messages.js';
export type { ParseMessageId } from './messages.js';
