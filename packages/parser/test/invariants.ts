import { expect } from 'vitest';
import { printDatafile, type ParsedDatafile, type Range, type SqlBlock } from '../src/index.js';

// Properties every parse must have, whatever the input: used by the corpus and fuzz tests.

function inside(range: Range, outer: Range): boolean {
  return outer.start <= range.start && range.start <= range.end && range.end <= outer.end;
}

function sqlBlocks(parsed: ParsedDatafile): SqlBlock[] {
  const blocks: (SqlBlock | undefined)[] = [parsed.datasource?.forwardQuery, parsed.datasource?.importQuery];
  for (const n of parsed.pipe?.nodes ?? []) blocks.push(n.sql);
  return blocks.filter((b): b is SqlBlock => b !== undefined);
}

/**
 * Returns the first broken invariant as a message, or undefined. Written without `expect` so
 * that property tests stay fast; {@link expectInvariants} turns it into an assertion.
 */
export function brokenInvariant(source: string, parsed: ParsedDatafile, fileName: string): string | undefined {
  if (printDatafile(parsed) !== source) return 'printDatafile does not round-trip';
  const file = { start: 0, end: source.length };

  let at = 0;
  for (const t of parsed.tokens) {
    if (t.start !== at || t.end !== t.start + t.image.length) return `token gap or overlap at ${at}`;
    if (source.slice(t.start, t.end) !== t.image) return `token image differs from source at ${t.start}`;
    if (t.type === 'Unknown') return `the line lexer could not place the text at ${t.start}`;
    at = t.end;
  }
  if (at !== source.length) return 'tokens do not reach the end of the source';

  // Items cover the file: between two items there is at most the line break that ends a
  // directive line, a BOM at the very start, and the indentation of the next directive.
  let previousEnd = 0;
  for (const item of [...parsed.items, { start: source.length, end: source.length }]) {
    if (!inside(item, file)) return `item out of the source: ${item.start}-${item.end}`;
    if (item.start < previousEnd) return `items overlap at ${item.start}`;
    if (!/^(\r\n|\r|\n)?\uFEFF?[ \t]*$/.test(source.slice(previousEnd, item.start))) return `text between items at ${previousEnd}-${item.start} belongs to no item`;
    previousEnd = item.end;
  }
  for (const d of parsed.directives) {
    if (source.slice(d.nameRange.start, d.nameRange.end) !== d.name) return `directive name range is not its name at ${d.start}`;
    if (!inside(d.valueRange, file) || !inside(d.nameRange, d)) return `directive ranges out of place at ${d.start}`;
    for (const a of d.args) if (source.slice(a.start, a.end) !== a.text) return `arg text differs from source at ${a.start}`;
    if (d.block) {
      for (const l of d.block.lines) if (!inside(l, file) || /[\r\n]/.test(source.slice(l.start, l.end))) return `bad block line at ${l.start}`;
    }
  }
  for (const b of sqlBlocks(parsed)) {
    if (source.slice(b.start, b.end) !== b.text) return `SQL text differs from source at ${b.start}`;
    let pos = b.start;
    for (const t of b.tokens) {
      if (t.start !== pos || source.slice(t.start, t.end) !== t.image) return `SQL token gap or wrong image at ${pos}`;
      pos = t.end;
    }
    if (pos !== b.end) return `SQL tokens do not cover the block ending at ${b.end}`;
    for (const tag of b.templateTags) if (!inside(tag, b)) return `template tag outside its block at ${tag.start}`;
    for (const br of b.branches) if (!inside(br, b)) return `branch outside its block at ${br.start}`;
  }
  for (const c of parsed.datasource?.schema ?? []) {
    if (!inside(c.nameRange, c) || !inside(c, file)) return `schema column range out of place at ${c.start}`;
  }

  const lineCount = parsed.lineIndex.lineCount;
  for (const d of parsed.diagnostics) {
    if (d.file !== fileName) return `diagnostic file is ${d.file}`;
    if (d.severity !== 'error' && d.severity !== 'warning') return `bad severity ${String(d.severity)}`;
    if (!d.messageId || !d.message) return 'diagnostic without messageId or message';
    for (const [line, column] of [[d.line, d.column], [d.endLine, d.endColumn]] as const) {
      if (!Number.isInteger(line) || line < 1 || line > lineCount) return `diagnostic line ${line} outside 1..${lineCount}`;
      const max = parsed.lineIndex.lineText(line).length + 1;
      if (!Number.isInteger(column) || column < 1 || column > max) return `diagnostic column ${column} outside 1..${max} on line ${line}`;
    }
    if (d.endLine < d.line || (d.endLine === d.line && d.endColumn < d.column)) return `diagnostic ends before it starts: ${JSON.stringify(d)}`;
  }
  return undefined;
}

export function expectInvariants(source: string, parsed: ParsedDatafile, fileName: string): void {
  expect(brokenInvariant(source, parsed, fileName)).toBeUndefined();
}
