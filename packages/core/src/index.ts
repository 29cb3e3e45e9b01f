export type { Diagnostic, Position, RelatedLocation, Severity, Suggestion, TextEdit } from './diagnostic.js';
export { compareDiagnostics } from './diagnostic.js';
export { LineIndex } from './line-index.js';
export { ConfigError, InternalError, UsageError, isKnownError } from './errors.js';
export { didYouMean, editDistance } from './did-you-mean.js';
export { isPatternSpace } from './pattern-space.js';
