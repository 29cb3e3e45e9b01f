import { LineIndex } from '@tb-refs/core';
import type { ResourceTarget } from '../datafile-edits.js';
import type { PlannedEdit } from '../plan.js';
import { nameSpan, sqlReferencesIn } from '../sql-text.js';
import { plannedEdit } from '../text-edits.js';

// Tinybird test files (datafile-format.md §5.2): classic `tb test` YAML is a list of one-key maps
// whose values hold `sql:` and `pipe:` (`pipe: name` or `pipe:\n  name: x`); regression YAML has
// `- pipe: 'name'`; Forward tests are `- name: <test name>` items in `tests/<pipe>.yaml`. The
// text is edited in place, line by line, so quoting, comments and layout never change.

interface Line {
  readonly start: number;
  readonly end: number;
  readonly indent: number;
  /** Offset where the key (after list markers) starts, or -1 for blank and comment lines. */
  readonly keyStart: number;
}

const KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)/;

/** Edits to the `pipe` names and `sql` queries of a Tinybird test YAML file. */
export function testYamlEdits(path: string, source: string, target: ResourceTarget, newName: string): PlannedEdit[] {
  const lines = splitLines(source);
  const index = new LineIndex(source);
  const edits: PlannedEdit[] = [];
  const stack: { indent: number; key: string }[] = [];
  const isDatasource = target.kind === 'datasource';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.keyStart < 0) continue;
    const match = KEY.exec(source.slice(line.keyStart, line.end));
    if (!match) continue;
    const keyIndent = line.keyStart - line.start;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= keyIndent) stack.pop();
    const key = match[1]!;
    const parent = stack[stack.length - 1]?.key;
    const valueStart = skipSpaces(source, line.keyStart + match[0].length, line.end);
    const value = scalarRange(source, valueStart, line.end);
    stack.push({ indent: keyIndent, key });
    const block = source[valueStart] === '|' || source[valueStart] === '>';
    // Block scalars (and multi-line plain scalars) continue on more-indented lines; their text is
    // data, never keys, so the scan resumes after them.
    let end = block ? valueStart : value.end;
    let j = i + 1;
    const scalar = block || value.end > value.start;
    while (scalar && j < lines.length && (lines[j]!.keyStart < 0 || lines[j]!.indent > keyIndent)) {
      if (lines[j]!.keyStart >= 0 || block) end = Math.max(end, trimEnd(source, lines[j]!.start, lines[j]!.end));
      j++;
    }
    const start = block ? (lines[i + 1]?.start ?? end) : value.start;
    i = j - 1;
    if (key === 'sql') {
      if (end > start) {
        for (const r of sqlReferencesIn(source.slice(start, end), start)) {
          if (r.database === undefined && nameSpan(r.name, target.name, isDatasource) !== undefined) {
            edits.push(plannedEdit(path, source, index, r.range.start, r.range.start + target.name.length, newName, 'test sql'));
          }
        }
      }
    } else if (target.kind === 'pipe' && ((key === 'pipe' && value.end > value.start) || (key === 'name' && parent === 'pipe'))) {
      if (source.slice(value.start, value.end) === target.name) {
        edits.push(plannedEdit(path, source, index, value.start, value.end, newName, 'test pipe'));
      }
    }
  }
  return edits;
}

/** The text of a one-line scalar without quotes and trailing comment. */
function scalarRange(source: string, start: number, end: number): { start: number; end: number } {
  const q = source[start];
  if (q === '"' || q === "'") {
    const close = source.indexOf(q, start + 1);
    return close > start && close < end ? { start: start + 1, end: close } : { start, end: start };
  }
  let stop = end;
  const comment = source.slice(start, end).search(/[ \t]#/);
  if (comment >= 0) stop = start + comment;
  return { start, end: trimEnd(source, start, stop) };
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= source.length) {
    let end = start;
    while (end < source.length && source[end] !== '\n' && source[end] !== '\r') end++;
    let p = start;
    while (p < end && source[p] === ' ') p++;
    const indent = p - start;
    // `- key:` and `- - key:` put the key two columns further in per marker.
    while (source[p] === '-' && (source[p + 1] === ' ' || source[p + 1] === '\t')) p = skipSpaces(source, p + 1, end);
    const blank = p >= end || source[p] === '#';
    lines.push({ start, end, indent, keyStart: blank ? -1 : p });
    if (end >= source.length) break;
    start = end + (source[end] === '\r' && source[end + 1] === '\n' ? 2 : 1);
  }
  return lines;
}

function skipSpaces(source: string, from: number, end: number): number {
  let p = from;
  while (p < end && (source[p] === ' ' || source[p] === '\t')) p++;
  return p;
}

function trimEnd(source: string, start: number, end: number): number {
  let e = end;
  while (e > start && (source[e - 1] === ' ' || source[e - 1] === '\t')) e--;
  return e;
}
