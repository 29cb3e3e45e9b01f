import { LineIndex } from '@tb-refs/core';

/**
 * Line and column of file offsets, the same as `LineIndex.positionAt`, for a caller that visits
 * the offsets of one file after another mostly in increasing order: it counts line breaks from
 * the previous offset instead of building a table of line starts. The graph asks for positions
 * in nearly every file, and a `LineIndex` per file would build a table for each.
 */
export class LinePositions {
  /** The file whose breaks are counted (compared by identity: texts may be equal and long). */
  #file: { readonly source: string } | undefined;
  #text = '';
  /** The file's line table, made on its first backward seek. */
  #lines: LineIndex | undefined;
  #hasCR = false;
  /** Line breaks before this offset are counted. */
  #at = 0;
  #line = 1;
  #lineStart = 0;
  /** 1-based position of the last offset sought. */
  line = 1;
  column = 1;

  /** Sets `line` and `column` to the position of `offset` in `file`'s source. */
  seek(file: { readonly source: string }, offset: number): void {
    if (file !== this.#file) {
      this.#file = file;
      this.#text = file.source;
      this.#lines = undefined;
      this.#hasCR = this.#text.indexOf('\r') >= 0;
      this.#rewind();
    }
    const text = this.#text;
    const o = Math.min(Math.max(offset, 0), text.length);
    // Backwards without starting over: a pipe's DATASOURCE line may come before its node's SQL,
    // and counting from the start for each node would cost the file's length each time.
    if (o < this.#at) this.#countBack(o);
    else if (this.#hasCR) this.#countMixed(text, o);
    else this.#countLF(text, o);
    this.line = this.#line;
    this.column = o - this.#lineStart + 1;
  }

  #rewind(): void {
    this.#at = 0;
    this.#line = 1;
    this.#lineStart = 0;
  }

  /**
   * Moves back to `to` (before `#at`) with the file's LineIndex, a binary search: counting back
   * could cost a long line's length on every backward step.
   */
  #countBack(to: number): void {
    const { line, column } = (this.#lines ??= new LineIndex(this.#text)).positionAt(to);
    this.#at = to;
    this.#line = line;
    this.#lineStart = to - (column - 1);
  }

  #countLF(text: string, to: number): void {
    for (let k = text.indexOf('\n', this.#at); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) {
      this.#line++;
      this.#lineStart = k + 1;
    }
    this.#at = to;
  }

  /** Breaks at `\n`, `\r\n` (after the `\n`) and a lone `\r`, as `LineIndex` reads them. */
  #countMixed(text: string, to: number): void {
    for (let k = this.#at; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) {
        this.#line++;
        this.#lineStart = k + 1;
      }
    }
    this.#at = to;
  }
}
