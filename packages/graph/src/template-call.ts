import type { Range } from '@tb-refs/parser';

/** A `TABLE('name')`/`table("name")` call found in a template expression. */
export interface TemplateTableCall {
  /** The literal name, or undefined when the argument is not a string literal. */
  readonly name?: string;
  /** Range of the literal's text, inside its quotes (file offsets). */
  readonly nameRange?: Range;
  readonly quote?: '"' | "'";
  /** Range of the whole call, `table(` to its closing `)`. */
  readonly range: Range;
}

/**
 * Finds `table(...)`/`TABLE(...)` calls in the Python expression of a template tag. `content`
 * starts at file offset `base`. A small scanner, so that strings and nested calls are skipped
 * the way Python reads them.
 */
export function findTableCalls(content: string, base: number): TemplateTableCall[] {
  const calls: TemplateTableCall[] = [];
  if (!mayCallTable(content)) return calls;
  let i = 0;
  let prevIdentEnd = -1;
  let prevIdent = '';
  let prevDot = false;
  while (i < content.length) {
    const c = content[i]!;
    if (c === '"' || c === "'") {
      i = skipString(content, i);
      prevIdent = '';
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < content.length && /[A-Za-z0-9_]/.test(content[i]!)) i++;
      prevIdent = prevDot ? '' : content.slice(start, i);
      prevIdentEnd = i;
      prevDot = false;
      continue;
    }
    if (c === '(' && (prevIdent === 'table' || prevIdent === 'TABLE') && onlySpaces(content, prevIdentEnd, i)) {
      const callStart = prevIdentEnd - prevIdent.length;
      const close = closingParen(content, i);
      let j = i + 1;
      while (j < content.length && /\s/.test(content[j]!)) j++;
      const q = content[j];
      let call: TemplateTableCall = { range: { start: base + callStart, end: base + close } };
      if (q === '"' || q === "'") {
        const end = skipString(content, j);
        let k = end;
        while (k < content.length && /\s/.test(content[k]!)) k++;
        // Only a literal that is the whole first argument names the table (`table('a' + b)` does not).
        if (content[end - 1] === q && end - 1 > j && (content[k] === ')' || content[k] === ',')) {
          call = { ...call, name: content.slice(j + 1, end - 1), nameRange: { start: base + j + 1, end: base + end - 1 }, quote: q };
        }
      }
      calls.push(call);
    }
    prevDot = c === '.';
    if (!/\s/.test(c)) prevIdent = '';
    i++;
  }
  return calls;
}

/**
 * False when `content` cannot hold a table call. Most tags are `String(x)`-style parameters:
 * callers skip them without the scan (and without its result array).
 */
export function mayCallTable(content: string): boolean {
  return content.includes('table') || content.includes('TABLE');
}

/** Offset just past the `)` that closes the `(` at `open`, or the end of `s` when unclosed. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      i = skipString(s, i);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
    i++;
  }
  return s.length;
}

function onlySpaces(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!/\s/.test(s[k]!)) return false;
  return true;
}

function skipString(s: string, start: number): number {
  const q = s[start];
  let i = start + 1;
  while (i < s.length) {
    if (s[i] === '\\') i += 2;
    else if (s[i] === q) return i + 1;
    else i++;
  }
  return s.length;
}
