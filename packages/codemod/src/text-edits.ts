import { InternalError, type LineIndex, type TextEdit } from '@tb-refs/core';
import type { EditKind, PlannedEdit } from './plan.js';

/**
 * Applies non-overlapping edits to `text`. Edits may come in any order; two edits of the same
 * range collapse into one when they agree, and overlapping edits are a bug (InternalError).
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = dedupe(edits);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    const [start, end] = e.range;
    if (start < pos || end < start || end > text.length) {
      throw new InternalError(`Overlapping or out-of-range edit [${start}, ${end}) (text length ${text.length}).`);
    }
    out += text.slice(pos, start) + e.text;
    pos = end;
  }
  return out + text.slice(pos);
}

/** Sorted edits with exact duplicates removed (the same range reached by two paths). */
export function dedupe<T extends TextEdit>(edits: readonly T[]): T[] {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  return sorted.filter((e, i) => {
    const prev = sorted[i - 1];
    return !(prev && prev.range[0] === e.range[0] && prev.range[1] === e.range[1] && prev.text === e.text);
  });
}

/** Builds a planned edit that replaces `[start, end)` of `source` by `after`. */
export function plannedEdit(file: string, source: string, lines: LineIndex, start: number, end: number, after: string, kind: EditKind): PlannedEdit {
  const s = lines.positionAt(start);
  const e = lines.positionAt(end);
  return {
    file, kind, range: [start, end], text: after, before: source.slice(start, end), after,
    line: s.line, column: s.column, endLine: e.line, endColumn: e.column,
  };
}
