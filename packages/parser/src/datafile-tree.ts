import type { BlockBody, DatafileToken, Directive, Range, Trivia } from './ast.js';
import { DirectiveNode } from './directive-node.js';
import { directiveKey } from './directives.js';
import { exactList } from './shared.js';
import { afterLineBreak, lineEnd } from './shlex.js';

// The directive line being read: its args' bounds (start, end pairs) and images, reused from
// line to line. Each directive keeps what it needs as numbers (see DirectiveNode).
const argBoundsScratch: number[] = [];
const argImagesScratch: string[] = [];

/** One problem found while grouping lines; turned into a Diagnostic by the caller. */
export interface TreeProblem extends Range {
  readonly code: 'unclosedQuote' | 'unexpectedText';
}

/** Directives and trivia in file order, plus line-level problems. */
export interface DatafileTree {
  readonly items: readonly (Directive | Trivia)[];
  readonly problems: TreeProblem[];
}

/** Removes one pair of outer quotes when the whole value is quoted (the CLI's `_unquote`). */
export function unquote(value: string): string {
  if (value.length >= 2) {
    const a = value[0];
    const b = value[value.length - 1];
    if ((a === '"' || a === "'") && (b === '"' || b === "'")) return value.slice(1, -1);
  }
  return value;
}

/**
 * Groups line-layer tokens into directives (with their blocks) and trivia lines. The lexer has
 * already decided where blocks end, so this is a single pass over the tokens.
 */
export function buildTree(source: string, tokens: readonly DatafileToken[]): DatafileTree {
  const items: (Directive | Trivia)[] = [];
  const problems: TreeProblem[] = [];
  let i = 0;
  const n = tokens.length;
  // Blank lines after a block's last non-blank line (from, to): trivia after the directive.
  let blankFrom = 0;
  let blankTo = 0;

  while (i < n) {
    const lineStart = tokens[i]!.start;
    // Leading trivia of a line: BOM and indentation.
    let j = i;
    while (j < n && isLeadingTrivia(tokens[j]!)) j++;
    const first = tokens[j];
    if (!first || first.type === 'Newline') {
      const end = first ? first.end : source.length;
      items.push({ type: 'BlankLine', start: lineStart, end });
      i = first ? j + 1 : j;
      continue;
    }
    if (first.type === 'Comment') {
      const nl = tokens[j + 1];
      items.push({ type: 'CommentLine', start: lineStart, end: nl ? nl.end : first.end });
      i = nl ? j + 2 : j + 1;
      continue;
    }
    if (first.type === 'BlockBody' || first.type === 'BlockTrailer' || first.type === 'Unknown') {
      // Only reachable on malformed token streams; keep the text as a problem, never drop it.
      problems.push({ code: 'unexpectedText', start: first.start, end: first.end });
      items.push({ type: 'BlankLine', start: lineStart, end: first.end });
      i = j + 1;
      continue;
    }

    // A directive line: name, args, optional comment, optional block.
    const name = first;
    const indented = name.start > lineStart && tokens[i]!.type === 'Whitespace';
    let argCount = 0;
    let firstImage = '';
    let comment: Range | undefined;
    let block: BlockBody | undefined;
    let unclosed = name.type === 'UnclosedQuote';
    let k = j + 1;
    let lineEndOffset = name.end;
    for (; k < n; k++) {
      const t = tokens[k]!;
      if (t.type === 'Newline' || t.type === 'BlockOpen') break;
      lineEndOffset = t.end;
      if (t.type === 'Whitespace') continue;
      if (t.type === 'Comment') comment = { start: t.start, end: t.end };
      else {
        if (t.type === 'UnclosedQuote') unclosed = true;
        if (argCount === 0) firstImage = t.image;
        argBoundsScratch[argCount * 2] = t.start;
        argBoundsScratch[argCount * 2 + 1] = t.end;
        argImagesScratch[argCount++] = t.image;
      }
    }
    if (unclosed) {
      problems.push({ code: 'unclosedQuote', start: name.start, end: lineEndOffset });
    }
    let end = lineEndOffset;
    const open = tokens[k];
    if (open && open.type === 'BlockOpen') {
      // Everything after `>` up to the line break is the trailer; body lines follow.
      k++;
      let trailer: Range | undefined;
      if (tokens[k]?.type === 'BlockTrailer') {
        const t = tokens[k]!;
        // Reported (as a warning) by the model builder, which knows the directive.
        trailer = { start: t.start, end: t.end };
        k++;
      }
      end = trailer ? trailer.end : open.end;
      // Skip the opening line's break; the body is one token up to the closing line.
      if (tokens[k]?.type === 'Newline') k++;
      const bodyToken = tokens[k]?.type === 'BlockBody' ? tokens[k] : undefined;
      const bodyStart = tokens[k]?.start ?? source.length;
      const bodyEnd = bodyToken ? bodyTextEnd(source, bodyToken) : bodyStart;
      block = new LazyBlockBody(source, open.start, trailer, { start: bodyStart, end: bodyEnd });
      if (bodyEnd > bodyStart) end = bodyEnd;
      if (bodyToken) {
        blankFrom = bodyEnd > bodyToken.start ? Math.min(afterLineBreak(source, bodyEnd), bodyToken.end) : bodyToken.start;
        blankTo = bodyToken.end;
        k++;
      }
      i = k;
    } else {
      i = tokens[k]?.type === 'Newline' ? k + 1 : k;
    }

    const key = unclosed ? undefined : directiveKey(name.image);
    // The canonical key is one shared string; the image is a new one per directive.
    const nameText = key === name.image ? key : name.image;
    let value: string;
    if (block) value = source.slice(block.body.start, block.body.end);
    else if (argCount <= 1) value = unquote(firstImage);
    else value = unquote(joinedArgs(source, argCount));
    items.push(new DirectiveNode(source, nameText, key, name.start, name.end, indented, argBoundsScratch, argCount, value, block, comment, unclosed, end));
    if (blankFrom < blankTo) {
      pushBlankLines(source, blankFrom, blankTo, items);
      blankFrom = blankTo = 0;
    }
  }
  return { items: exactList(items), problems };
}

/** Indentation or a BOM before a line's first token. */
function isLeadingTrivia(t: DatafileToken): boolean {
  return t.type === 'Bom' || t.type === 'Whitespace';
}

/**
 * Where a block body token's text ends: the end of its last non-blank line, or the token's start
 * when every line is blank. The blank lines after it are trivia (see buildTree). Body lines
 * themselves are not stored: see {@link LazyBlockBody}. The walk goes backwards from the end, so
 * only trailing blank lines and the last line with text are read.
 */
function bodyTextEnd(source: string, token: DatafileToken): number {
  let end = token.end;
  while (end > token.start) {
    // The line ending at `end` (a break, or the token's end) starts after the previous break.
    let lineStop = end;
    const last = source.charCodeAt(end - 1);
    if (last === 10) lineStop = end - 1 > token.start && source.charCodeAt(end - 2) === 13 ? end - 2 : end - 1;
    else if (last === 13) lineStop = end - 1;
    let lineStart = lineStop;
    while (lineStart > token.start) {
      const c = source.charCodeAt(lineStart - 1);
      if (c === 10 || c === 13) break;
      lineStart--;
    }
    if (!isBlank(source, lineStart, lineStop)) return lineStop;
    end = lineStart;
  }
  return token.start;
}

/** The lines from `start` to `end`, with their breaks, as BlankLine items. */
function pushBlankLines(source: string, start: number, end: number, items: (Directive | Trivia)[]): void {
  for (let pos = start; pos < end; ) {
    const e = Math.min(lineEnd(source, pos), end);
    const next = e < end ? afterLineBreak(source, e) : e;
    items.push({ type: 'BlankLine', start: pos, end: next });
    pos = next;
  }
}

/**
 * The images of the line's args joined by one space, as the CLI joins its shlex tokens. Args are
 * usually one space apart, and then the joined text is a single slice of the line.
 */
function joinedArgs(source: string, count: number): string {
  const b = argBoundsScratch;
  let oneSpaceApart = true;
  for (let k = 1; k < count && oneSpaceApart; k++) oneSpaceApart = b[2 * k] === b[2 * k - 1]! + 1 && source.charCodeAt(b[2 * k - 1]!) === 32;
  if (oneSpaceApart) return source.slice(b[0], b[2 * count - 1]);
  return argImagesScratch.slice(0, count).join(' ');
}

function isBlank(source: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = source.charCodeAt(k);
    if (c !== 32 && c !== 9 && c !== 12 && c !== 11) return false;
  }
  return true;
}

/** The lines between `start` and `end`, without their breaks. */
function lineRanges(source: string, start: number, end: number): Range[] {
  const out: Range[] = [];
  let pos = start;
  while (pos < end) {
    const e = Math.min(lineEnd(source, pos), end);
    out.push({ start: pos, end: e });
    pos = e < end ? afterLineBreak(source, e) : e;
  }
  return out;
}

/**
 * A block body whose line ranges are made on first use: a project has tens of thousands of
 * SQL lines, and almost nothing reads them one by one.
 */
class LazyBlockBody implements BlockBody {
  readonly trailer: Range | undefined;
  readonly body: Range;
  readonly #source: string;
  /** Where the one-character `>` is: its range is made on first use (see DirectiveNode). */
  readonly #openAt: number;
  #lines: Range[] | undefined;

  constructor(source: string, openAt: number, trailer: Range | undefined, body: Range) {
    this.#source = source;
    this.#openAt = openAt;
    // Always set, even to undefined: one object shape for every block.
    this.trailer = trailer;
    this.body = body;
  }

  get open(): Range {
    return { start: this.#openAt, end: this.#openAt + 1 };
  }

  get lines(): readonly Range[] {
    return (this.#lines ??= this.body.end > this.body.start ? lineRanges(this.#source, this.body.start, this.body.end) : []);
  }
}
