import type { CustomPatternMatcherReturn, TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain-runtime.js';
import type { DatafileToken, DatafileTokenType } from './ast.js';
import { directiveKey } from './directives.js';
import { afterLineBreak, isCrFree, isLineStart, lineEnd, lineStartOf, shlexLine } from './shlex.js';

// The line layer follows the classic CLI's block rule (datafile-format.md §1.1): a `DIRECTIVE >`
// line opens a block (lexer mode "block") that runs until a non-empty line starting at column 0
// whose first shlex token is a directive, except lines starting with `from`.

function match(text: string, start: number, end: number): CustomPatternMatcherReturn | null {
  return end > start ? [text.slice(start, end)] : null;
}

const Bom = createToken({
  name: 'Bom',
  pattern: (text, offset) => (offset === 0 && text.charCodeAt(0) === 0xfeff ? ['\uFEFF'] : null),
  line_breaks: false,
  start_chars_hint: ['\uFEFF'],
});
const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true });
const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t]+/ });
const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/ });

// The line last asked about and the offset of its block-opening `>` (-1: none). A line such as
// `a b > > > …` offers the pattern many `>` candidates; finding the line and shlex-splitting it
// once per line keeps lexing linear.
let openText: string | undefined;
let openLineStart = -1;
let openLineEnd = -1;
let openAt = -1;

/** Offset of the block-opening `>` on the line containing `offset`, or -1. */
function blockOpenOffset(text: string, offset: number): number {
  if (text !== openText || offset < openLineStart || offset > openLineEnd) {
    openText = text;
    openLineStart = lineStartOf(text, offset);
    openLineEnd = lineEnd(text, offset);
    const arg = shlexLine(text, openLineStart, openLineEnd)?.[1];
    openAt = arg && arg.end === arg.start + 1 && text.charCodeAt(arg.start) === 62 ? arg.start : -1;
  }
  return openAt;
}

/** `>` as the first argument of a directive line opens a block. */
const BlockOpen = createToken({
  name: 'BlockOpen',
  pattern: (text, offset) => {
    if (text.charCodeAt(offset) !== 62) return null;
    return blockOpenOffset(text, offset) === offset ? ['>'] : null;
  },
  line_breaks: false,
  start_chars_hint: ['>'],
  push_mode: 'block',
});
const QuotedValue = createToken({ name: 'QuotedValue', pattern: /"[^"\r\n]*"|'[^'\r\n]*'/ });
const UnclosedQuote = createToken({ name: 'UnclosedQuote', pattern: /["'][^\r\n]*/ });
// The first character is written as positive ranges (anything but blanks, `#` and quotes):
// chevrotain cannot index a complement set for its first-character optimisation.
const Word = createToken({ name: 'Word', pattern: /[\0-\x08\x0B\x0C\x0E-\x1F!$-&(-\uFFFF][^ \t\r\n#]*/ });

/** Text after `>` on the line that opens a block. */
const BlockTrailer = createToken({
  name: 'BlockTrailer',
  pattern: (text, offset) => (isLineStart(text, offset) ? null : match(text, offset, lineEnd(text, offset))),
  line_breaks: false,
});

/**
 * The first shlex token of the line starting at `offset` when that line ends an open block: it
 * starts at column 0, its first token is a directive, and it does not start with `from` (the
 * classic CLI's exemption for SQL's FROM).
 */
function closerAt(text: string, offset: number, end: number): { start: number; end: number } | undefined {
  const c = text.charCodeAt(offset);
  if (c === 32 || c === 9 || c === 10 || c === 13 || offset >= end) return undefined;
  if (end - offset >= 4 && (c === 102 || c === 70) && text.slice(offset, offset + 4).toLowerCase() === 'from') return undefined;
  const first = shlexLine(text, offset, end)?.[0];
  if (!first || directiveKey(text.slice(first.start, first.end)) === undefined) return undefined;
  return first;
}

/** The directive word of a column-0 line that ends the open block. */
const BlockCloser = createToken({
  name: 'BlockCloser',
  pattern: (text, offset) => {
    if (!isLineStart(text, offset)) return null;
    const first = closerAt(text, offset, lineEnd(text, offset));
    return first ? match(text, first.start, first.end) : null;
  },
  line_breaks: false,
  pop_mode: true,
});

/**
 * Every line of a block body up to the line that closes it (or the end of the file), line breaks
 * included: one token per body, so long SQL costs the lexer one match instead of one per line.
 */
const BlockBody = createToken({
  name: 'BlockBody',
  pattern: (text, offset) => {
    if (!isLineStart(text, offset)) return null;
    if (isCrFree(text)) {
      // Jump from line to line with indexOf (a native search, faster than a regex with a
      // lookahead): indented and blank lines never close a block.
      for (let nl = text.indexOf('\n', offset); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
        const i = nl + 1;
        const c = text.charCodeAt(i);
        if (c === 32 || c === 9 || c === 10 || i >= text.length) continue;
        if (closerAt(text, i, lineEnd(text, i))) return match(text, offset, i);
      }
      return match(text, offset, text.length);
    }
    let lineStart = offset;
    for (;;) {
      let i = lineEnd(text, lineStart);
      if (i >= text.length) return match(text, offset, text.length);
      i = afterLineBreak(text, i);
      if (i >= text.length) return match(text, offset, i);
      // Indented and blank lines never close a block: skip the directive check for them.
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && closerAt(text, i, lineEnd(text, i))) return match(text, offset, i);
      lineStart = i;
    }
  },
  line_breaks: true,
});

const topMode: TokenType[] = [Bom, Newline, Whitespace, Comment, BlockOpen, QuotedValue, UnclosedQuote, Word];
const blockMode: TokenType[] = [BlockTrailer, BlockCloser, BlockBody, Newline];

/** The line layer's token types by lexer mode. */
export const DATAFILE_LEXER_DEFINITION = { modes: { top: topMode, block: blockMode }, defaultMode: 'top' };

// Chevrotain's definition checks cost a few milliseconds at every process start, on the path of
// every command; test/datafile-lexer.test.ts runs them on this same definition instead.
const datafileLexer = new Lexer(DATAFILE_LEXER_DEFINITION, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
  recoveryEnabled: true,
  skipValidations: true,
});

/**
 * Splits a datafile into line-layer tokens that cover every character. Characters the lexer
 * cannot place (there should be none) become `Unknown` tokens, so printing stays lossless.
 */
export function lexDatafile(text: string): DatafileToken[] {
  const result = datafileLexer.tokenize(text);
  openText = undefined;
  const out: DatafileToken[] = [];
  let pos = 0;
  for (const t of result.tokens) {
    if (t.startOffset > pos) out.push({ type: 'Unknown', image: text.slice(pos, t.startOffset), start: pos, end: t.startOffset });
    const end = t.startOffset + t.image.length;
    out.push({ type: t.tokenType.name as DatafileTokenType, image: t.image, start: t.startOffset, end });
    pos = end;
  }
  if (pos < text.length) out.push({ type: 'Unknown', image: text.slice(pos), start: pos, end: text.length });
  return out;
}
