import { SqlKind as K, type SqlTokenList } from '@tb-refs/parser';
import { tagCode, wordCode } from './sql-words.js';

/** Kind reported past the last token: no {@link K} value. */
export const END = -1;

// One cursor is alive at a time (a scan is synchronous and never starts another), so every
// cursor writes into the same arrays: allocating them per SQL block was a large share of the
// graph's garbage.
let indexes = new Int32Array(4096);
let kinds = new Uint8Array(4096);
let codes = new Uint8Array(4096);

function ensureRoom(n: number): void {
  if (n <= indexes.length) return;
  const size = Math.max(n, indexes.length * 2);
  indexes = new Int32Array(size);
  kinds = new Uint8Array(size);
  codes = new Uint8Array(size);
}

/**
 * The significant tokens of a SQL text (no whitespace or comments), by position, with a read
 * position. Each position has a kind (see `SqlKind`) and a code: the word code of an identifier
 * (see `wordCode`; 0 for other identifiers) or the operator code of a template statement (see
 * `tagCode`). Images and offsets are read from the token list only where a scan needs them.
 * Valid until the next cursor is made.
 */
export class SqlCursor {
  readonly list: SqlTokenList;
  /** Number of significant tokens. */
  readonly length: number;
  pos = 0;
  /** File offset of the zero-width lead word, when there is one (at position 0). */
  readonly #leadAt: number;
  readonly #indexes: Int32Array;
  readonly #kinds: Uint8Array;
  readonly #codes: Uint8Array;

  /**
   * `leadAt`: put a zero-width `SELECT` identifier at this file offset before the tokens, so that
   * an expression reads as a query.
   */
  constructor(list: SqlTokenList, leadAt?: number) {
    ensureRoom(list.length + 1);
    // Locals: the loop runs once per token of every block, and module variables are reloaded on
    // every access.
    const idx = indexes;
    const ks = kinds;
    const cs = codes;
    const text = list.text;
    const base = list.base;
    const length = list.length;
    let n = 0;
    if (leadAt !== undefined) {
      idx[0] = -1;
      ks[0] = K.Identifier;
      cs[0] = wordCode('SELECT', 0, 6);
      n = 1;
    }
    for (let i = 0; i < length; i++) {
      const kind = list.kind(i);
      if (kind === K.Whitespace || kind === K.LineComment || kind === K.BlockComment || kind === K.TemplateComment) continue;
      let code = 0;
      if (kind === K.Identifier) code = wordCode(text, list.start(i) - base, list.end(i) - base);
      else if (kind === K.TemplateStatement) code = tagCode(text, list.start(i) - base, list.end(i) - base);
      idx[n] = i;
      ks[n] = kind;
      cs[n] = code;
      n++;
    }
    this.list = list;
    this.length = n;
    this.#leadAt = leadAt ?? -1;
    this.#indexes = indexes;
    this.#kinds = kinds;
    this.#codes = codes;
  }

  get done(): boolean {
    return this.pos >= this.length;
  }

  /** Kind of the token `ahead` of the read position; {@link END} past the last. */
  kind(ahead = 0): number {
    return this.kindAt(this.pos + ahead);
  }

  kindAt(p: number): number {
    return p < this.length ? this.#kinds[p]! : END;
  }

  /** Word code of the identifier `ahead` (see `W`); 0 for other identifiers, other tokens and past the end. */
  word(ahead = 0): number {
    const p = this.pos + ahead;
    return p < this.length && this.#kinds[p] === K.Identifier ? this.#codes[p]! : 0;
  }

  /** Operator code of the template statement `ahead` (see `Tag`); 0 for other tokens. */
  tag(ahead = 0): number {
    const p = this.pos + ahead;
    return p < this.length && this.#kinds[p] === K.TemplateStatement ? this.#codes[p]! : 0;
  }

  /** File offset where the token at position `p` starts. */
  startAt(p: number): number {
    const i = this.#indexes[p]!;
    return i < 0 ? this.#leadAt : this.list.start(i);
  }

  /** File offset just past the token at position `p`. */
  endAt(p: number): number {
    const i = this.#indexes[p]!;
    return i < 0 ? this.#leadAt : this.list.end(i);
  }

  imageAt(p: number): string {
    const i = this.#indexes[p]!;
    return i < 0 ? 'SELECT' : this.list.image(i);
  }

  /** Character code `k` of the token at position `p` (the lead word has none). */
  charCodeAt(p: number, k: number): number {
    const i = this.#indexes[p]!;
    return i < 0 ? 'SELECT'.charCodeAt(k) : this.list.charCode(i, k);
  }
}
