import type { Position } from './diagnostic.js';

/**
 * Converts 0-based offsets to 1-based line/column positions. Lines break at `\n`, `\r\n` and a
 * lone `\r`, as Python's universal newlines (and so the Tinybird CLI) do.
 */
export class LineIndex {
  // Built on first use: most files parse without a diagnostic and never ask for a position.
  #lazyStarts: number[] | undefined;
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  get #starts(): number[] {
    return (this.#lazyStarts ??= lineStarts(this.text));
  }

  /** Number of lines; a text ending in a newline has an empty last line. */
  get lineCount(): number {
    return this.#starts.length;
  }

  /** Offset where the 1-based `line` starts. */
  lineStart(line: number): number {
    return this.#starts[Math.min(Math.max(line, 1), this.#starts.length) - 1] ?? 0;
  }

  /** The 1-based line's text without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.#starts.length ? this.lineStart(line + 1) : this.text.length;
    let end = next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }

  /** 1-based position of a 0-based offset (clamped to the text). */
  positionAt(offset: number): Position {
    const starts = this.#starts;
    const o = Math.min(Math.max(offset, 0), this.text.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - starts[lo]! + 1 };
  }

  /** 0-based offset of a 1-based position. */
  offsetAt(position: Position): number {
    return Math.min(this.lineStart(position.line) + position.column - 1, this.text.length);
  }
}

/** Offsets where lines start. Without a `\r` in the text, the native `\n` search does the work. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
