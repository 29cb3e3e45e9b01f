import type { BlockBody, DatafileToken, Directive, Range, Trivia } from './ast.js';
import { directiveKey } from './directives.js';
import { lineEnd } from './shlex.js';

/** One problem found while grouping lines; turned into a Diagnostic by the caller. */
export interface TreeProblem extends Range {
  readonly code: 'unclosedQuote' | 'unexpectedText';
}

/** Directives and trivia in file order, plus line-level problems. */
export interface DatafileTree {
  readonly items: (Directive | Trivia)[];
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
  let trailingBlankLines: readonly Range[] = [];

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
    const args: (Range & { text: string })[] = [];
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
        args.push({ start: t.start, end: t.end, text: t.image });
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
      const split = bodyToken ? splitBody(source, bodyToken) : { lines: [], trailing: [], bodyEnd: bodyStart };
      const bodyEnd = split.bodyEnd;
      block = { open: { start: open.start, end: open.end }, trailer, body: { start: bodyStart, end: bodyEnd }, lines: split.lines };
      if (bodyEnd > bodyStart) end = bodyEnd;
      if (bodyToken) k++;
      i = k;
      trailingBlankLines = split.trailing;
    } else {
      i = tokens[k]?.type === 'Newline' ? k + 1 : k;
    }

    const nameText = name.image;
    const value = block
      ? source.slice(block.body.start, block.body.end)
      : unquote(args.map((a) => a.text).join(' '));
    const valueRange = block
      ? block.body
      : args.length > 0
        ? { start: args[0]!.start, end: args[args.length - 1]!.end }
        : { start: name.end, end: name.end };
    items.push({
      type: 'Directive',
      name: nameText,
      key: unclosed ? undefined : directiveKey(nameText),
      nameRange: { start: name.start, end: name.end },
      indented,
      args,
      value,
      valueRange,
      block,
      comment,
      ...(unclosed ? { unbalancedQuote: true as const } : {}),
      start: name.start,
      end,
    });
    // Blank lines after a block's last non-blank line are trivia after it, not body lines.
    for (const blank of trailingBlankLines) items.push({ type: 'BlankLine', start: blank.start, end: blank.end });
    trailingBlankLines = [];
  }
  return { items, problems };
}

/** Indentation or a BOM before a line's first token. */
function isLeadingTrivia(t: DatafileToken): boolean {
  return t.type === 'Bom' || t.type === 'Whitespace';
}

/**
 * Lines of a block body token: the body lines up to the last non-blank one (without line
 * breaks), the blank lines after it (with their breaks, as trivia), and where the body ends.
 */
function splitBody(source: string, token: DatafileToken): { lines: Range[]; trailing: Range[]; bodyEnd: number } {
  const all: { start: number; end: number; next: number; blank: boolean }[] = [];
  let pos = token.start;
  while (pos < token.end) {
    let e = pos;
    e = Math.min(lineEnd(source, pos), token.end);
    let next = e;
    if (next < token.end) next += source.charCodeAt(next) === 13 && source.charCodeAt(next + 1) === 10 ? 2 : 1;
    let blank = true;
    for (let k = pos; k < e && blank; k++) {
      const c = source.charCodeAt(k);
      blank = c === 32 || c === 9 || c === 12 || c === 11;
    }
    all.push({ start: pos, end: e, next, blank });
    pos = next;
  }
  let last = all.length - 1;
  while (last >= 0 && all[last]!.blank) last--;
  if (last < 0) {
    return { lines: [], trailing: all.map((l) => ({ start: l.start, end: l.next })), bodyEnd: token.start };
  }
  return {
    lines: all.slice(0, last + 1).map((l) => ({ start: l.start, end: l.end })),
    trailing: all.slice(last + 1).map((l) => ({ start: l.start, end: l.next })),
    bodyEnd: all[last]!.end,
  };
}
