import type { Directive, Range } from '@tb-refs/parser';

/** The range of a single-line directive's value without its outer quotes. */
export function unquotedValueRange(source: string, directive: Directive): Range {
  const r = directive.valueRange;
  const first = source[r.start];
  if ((first === '"' || first === "'") && r.end - r.start >= 2 && source[r.end - 1] === first) {
    return { start: r.start + 1, end: r.end - 1 };
  }
  return r;
}

/** From the directive word to the end of its value, leaving out a trailing `# comment`. */
export function directiveRange(directive: Directive): Range {
  return { start: directive.start, end: Math.max(directive.nameRange.end, directive.valueRange.end) };
}

/** Column names used in a key expression (`a, toDate(b)`, `(a, b)`), with file offsets; function names are left out. */
export function keyColumns(source: string, directive: Directive): { name: string; range: Range }[] {
  const inner = unquotedValueRange(source, directive);
  const text = source.slice(inner.start, inner.end);
  const columns: { name: string; range: Range }[] = [];
  const re = /`([^`]+)`|([A-Za-z_][\w]*)|'(?:[^'\\]|\\.)*'/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1] ?? m[2];
    if (name === undefined) continue;
    const after = text.slice(re.lastIndex).trimStart();
    if (m[2] !== undefined && after.startsWith('(')) continue;
    columns.push({ name, range: { start: inner.start + m.index, end: inner.start + re.lastIndex } });
  }
  return columns;
}
