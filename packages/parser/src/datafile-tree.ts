import type { BlockBody, DatafileToken, Directive, Range, Trivia } from './ast.js';
import { directiveKey } from './directives.js';

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
    if (first.type === 'BlockLine' || first.type === 'BlockTrailer' || first.type === 'Unknown') {
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
      const lines: Range[] = [];
      let bodyStart = -1;
      let bodyEnd = -1;
      end = trailer ? trailer.end : open.end;
      // Skip the opening line's break, then take body lines until the closer or EOF.
      if (tokens[k]?.type === 'Newline') k++;
      bodyStart = tokens[k]?.start ?? source.length;
      while (k < n) {
        const t = tokens[k]!;
        if (t.type === 'BlockCloser') break;
        if (t.type === 'BlockLine') {
          lines.push({ start: t.start, end: t.end });
          if (t.image.trim() !== '') bodyEnd = t.end;
          k++;
          if (tokens[k]?.type === 'Newline') k++;
        } else if (t.type === 'Newline') {
          lines.push({ start: t.start, end: t.start });
          k++;
        } else break;
      }
      if (bodyEnd < 0) bodyEnd = bodyStart;
      // Blank lines after the last non-blank one are trivia after the block, not body lines.
      while (lines.length > 0 && lines[lines.length - 1]!.start >= bodyEnd && bodyEnd > bodyStart) lines.pop();
      if (bodyEnd === bodyStart) lines.length = 0;
      block = { open: { start: open.start, end: open.end }, trailer, body: { start: bodyStart, end: bodyEnd }, lines };
      if (bodyEnd > bodyStart) end = bodyEnd;
      i = k;
      // Blank lines after the body belong to the trivia that follows, not to the block: step
      // back over them so they are reported as BlankLine items.
      i = rewindTrailingBlankLines(tokens, i, bodyEnd, bodyEnd > bodyStart);
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
  }
  return { items, problems };
}

/** Indentation, a BOM, or a whitespace-only line left over after a block's last line. */
function isLeadingTrivia(t: DatafileToken): boolean {
  return t.type === 'Bom' || t.type === 'Whitespace' || (t.type === 'BlockLine' && t.image.trim() === '');
}

/**
 * The body ends at its last non-blank line; walk the token index back so that the trailing
 * blank `BlockLine`/`Newline` tokens after `bodyEnd` are re-read as blank trivia lines.
 */
function rewindTrailingBlankLines(tokens: readonly DatafileToken[], index: number, bodyEnd: number, hasBody: boolean): number {
  let k = index;
  while (k > 0 && tokens[k - 1]!.start >= bodyEnd) k--;
  // Keep the line break that ends the last body line with the block. An empty body has no last
  // line: the line break at `bodyEnd` is then a blank line of its own.
  if (hasBody && tokens[k]?.type === 'Newline' && tokens[k]!.start === bodyEnd) k++;
  return k;
}
