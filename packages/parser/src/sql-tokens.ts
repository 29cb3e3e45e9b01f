import type { SqlToken, SqlTokenType } from './ast.js';

/** Every SQL token type; a token's kind is its index here. */
export const SQL_TOKEN_TYPES: readonly SqlTokenType[] = [
  'Whitespace', 'LineComment', 'BlockComment', 'TemplateExpression', 'TemplateStatement',
  'TemplateComment', 'String', 'QuotedIdentifier', 'DoubleQuotedIdentifier', 'Number',
  'Identifier', 'EnvVariable', 'Operator', 'LParen', 'RParen', 'LBracket', 'RBracket', 'LBrace',
  'RBrace', 'Comma', 'Dot', 'Semicolon', 'Unterminated', 'Unknown',
];

/** Kind numbers of {@link SQL_TOKEN_TYPES}, for code that walks a {@link SqlTokenList}. */
export const SqlKind = {
  Whitespace: 0, LineComment: 1, BlockComment: 2, TemplateExpression: 3, TemplateStatement: 4,
  TemplateComment: 5, String: 6, QuotedIdentifier: 7, DoubleQuotedIdentifier: 8, Number: 9,
  Identifier: 10, EnvVariable: 11, Operator: 12, LParen: 13, RParen: 14, LBracket: 15,
  RBracket: 16, LBrace: 17, RBrace: 18, Comma: 19, Dot: 20, Semicolon: 21, Unterminated: 22,
  Unknown: 23,
} as const satisfies Record<SqlTokenType, number>;

/**
 * The tokens of one SQL text as numbers instead of one object per token. A project's parsed
 * files stay alive for the whole lint run, and hundreds of thousands of small token objects made
 * garbage collection the largest cost of building the graph. Tokens are contiguous (every
 * character belongs to exactly one), so each token is one number: its offset in the text times
 * 32 plus its kind. They live in a window of a typed array (shared with other lists, see
 * scanSql), whose contents the garbage collector never copies or scans.
 */
export class SqlTokenList {
  /** The SQL text. */
  readonly text: string;
  /** File offset of `text`. */
  readonly base: number;
  readonly #packed: Uint32Array | Float64Array;
  /** Index of token 0 in `#packed`. */
  readonly #from: number;
  readonly #length: number;
  /**
   * True when a token is `Unterminated` (an unclosed string, comment or template tag), as the
   * scan counted them: checking for them needs no pass over the tokens.
   */
  readonly hasUnterminated: boolean;

  /** The tokens are `packed[from]` to `packed[from + length - 1]`. */
  constructor(text: string, base: number, packed: Uint32Array | Float64Array, from: number, length: number, hasUnterminated: boolean) {
    this.text = text;
    this.base = base;
    this.#packed = packed;
    this.#from = from;
    this.#length = length;
    this.hasUnterminated = hasUnterminated;
  }

  get length(): number {
    return this.#length;
  }

  /** Kind number of token `i` (see {@link SqlKind}). */
  kind(i: number): number {
    return this.#packed[this.#from + i]! % 32;
  }

  type(i: number): SqlTokenType {
    return SQL_TOKEN_TYPES[this.kind(i)]!;
  }

  /** File offset where token `i` starts. */
  start(i: number): number {
    return this.base + offsetOf(this.#packed[this.#from + i]!);
  }

  /** File offset just past token `i`. */
  end(i: number): number {
    return this.base + (i + 1 < this.#length ? offsetOf(this.#packed[this.#from + i + 1]!) : this.text.length);
  }

  image(i: number): string {
    return this.text.slice(this.start(i) - this.base, this.end(i) - this.base);
  }

  /** Character code at offset `k` inside token `i`. */
  charCode(i: number, k: number): number {
    return this.text.charCodeAt(this.start(i) - this.base + k);
  }

  /** True when token `i` contains a line break. */
  hasLineBreak(i: number): boolean {
    for (let k = this.start(i) - this.base, end = this.end(i) - this.base; k < end; k++) {
      const c = this.text.charCodeAt(k);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  token(i: number): SqlToken {
    const start = this.start(i);
    const end = this.end(i);
    return { type: SQL_TOKEN_TYPES[this.kind(i)]!, image: this.text.slice(start - this.base, end - this.base), start, end };
  }

  toArray(): SqlToken[] {
    const out: SqlToken[] = new Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.token(i);
    return out;
  }
}

// Division, not a shift: offsets past 2^26 give packed values beyond 31-bit integers.
function offsetOf(packed: number): number {
  return (packed - (packed % 32)) / 32;
}
