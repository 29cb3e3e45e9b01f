import type { SqlToken } from './ast.js';
import { scanSql } from './sql-scanner.js';

/**
 * Tokenises SQL text taken from a file at `base`, returning tokens with file offsets. Every
 * character belongs to a token; whitespace and comments are kept.
 */
export function lexSql(text: string, base: number): SqlToken[] {
  return scanSql(text, base).toArray();
}
