/** One token of a directive line, as Python's `shlex` (non-POSIX, whitespace_split) splits it. */
export interface ShlexToken {
  readonly start: number;
  readonly end: number;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const HASH = 35;
const DQUOTE = 34;
const SQUOTE = 39;

function isShlexSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}

/**
 * Splits `text[start, end)` (one line without its break) the way the Tinybird CLI tokenises a
 * datafile line: quotes group words and stay in the token, `#` starts a comment anywhere outside
 * quotes. Returns `null` when a quote is unbalanced: the CLI then treats the whole line as one
 * opaque token, so such a line is never a directive.
 */
export function shlexLine(text: string, start: number, end: number): ShlexToken[] | null {
  const tokens: ShlexToken[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isShlexSpace(c)) {
      i++;
      continue;
    }
    if (c === HASH) break;
    const tokenStart = i;
    if (c === DQUOTE || c === SQUOTE) {
      const close = text.indexOf(c === DQUOTE ? '"' : "'", i + 1);
      if (close < 0 || close >= end) return null;
      i = close + 1;
    } else {
      while (i < end) {
        const d = text.charCodeAt(i);
        if (isShlexSpace(d) || d === HASH) break;
        i++;
      }
    }
    tokens.push({ start: tokenStart, end: i });
  }
  return tokens;
}

// Whether the text last asked about contains a CR at all: without one, a line ends at the next
// LF and `indexOf` finds it far faster than a character loop.
let crText: string | undefined;
let crFree = false;

/** True when `text` has no CR: its lines end at LF only. Cached for the text last asked about. */
export function isCrFree(text: string): boolean {
  if (text !== crText) {
    crText = text;
    crFree = text.indexOf('\r') < 0;
  }
  return crFree;
}

/** Offset just past the line break at `offset` (`\r\n` counts as one break). */
export function afterLineBreak(text: string, offset: number): number {
  return offset + (text.charCodeAt(offset) === 13 && text.charCodeAt(offset + 1) === 10 ? 2 : 1);
}

/** End of the line that starts at or contains `offset`, before its line break. */
export function lineEnd(text: string, offset: number): number {
  if (isCrFree(text)) {
    const lf = text.indexOf('\n', offset);
    return lf < 0 ? text.length : lf;
  }
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) break;
    i++;
  }
  return i;
}

/** True when `offset` is the first character of a line. */
export function isLineStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const p = text.charCodeAt(offset - 1);
  return p === LF || p === CR;
}

/** Start of the line containing `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const p = text.charCodeAt(i - 1);
    if (p === LF || p === CR) break;
    i--;
  }
  return i;
}
