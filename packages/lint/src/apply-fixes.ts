import type { Diagnostic, TextEdit } from '@tb-refs/core';

/** Passes `lintProject` makes at most when fixing: each pass re-lints the fixed text (ESLint). */
export const MAX_FIX_PASSES = 10;

/** The result of one fix pass over one file. */
export interface FixPassResult {
  readonly output: string;
  /** True when at least one fix was applied. */
  readonly fixed: boolean;
  /** Diagnostics whose fix was applied. */
  readonly applied: readonly Diagnostic[];
  /** Diagnostics with a fix that overlapped an earlier one and waits for the next pass. */
  readonly skipped: readonly Diagnostic[];
}

/**
 * Applies the fixes of `diagnostics` to `source` in one pass, ESLint's way: sorted by range,
 * skipping any fix that overlaps or touches the previous one (the next pass gets it after
 * re-linting). Pure: returns the new text, never writes.
 */
export function applyFixes(source: string, diagnostics: readonly Diagnostic[]): FixPassResult {
  const withFix = diagnostics.filter((d): d is Diagnostic & { fix: TextEdit } => d.fix !== undefined);
  if (withFix.length === 0) return { output: source, fixed: false, applied: [], skipped: [] };
  withFix.sort((a, b) => a.fix.range[0] - b.fix.range[0] || a.fix.range[1] - b.fix.range[1]);
  const applied: Diagnostic[] = [];
  const skipped: Diagnostic[] = [];
  let output = '';
  let lastPos = Number.NEGATIVE_INFINITY;
  for (const d of withFix) {
    const [start, end] = d.fix.range;
    if (lastPos >= start || start > end || start < 0 || end > source.length) {
      skipped.push(d);
      continue;
    }
    output += source.slice(Math.max(0, lastPos), start) + d.fix.text;
    lastPos = end;
    applied.push(d);
  }
  output += source.slice(Math.max(0, lastPos));
  return { output, fixed: applied.length > 0, applied, skipped };
}

/**
 * One edit equivalent to several non-overlapping edits: it spans them all and keeps the original
 * text between them. Returns undefined when two edits overlap.
 */
export function mergeEdits(source: string, edits: readonly TextEdit[]): TextEdit | undefined {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const first = sorted[0];
  if (!first) return undefined;
  let text = '';
  let pos = first.range[0];
  for (const e of sorted) {
    if (e.range[0] < pos) return undefined;
    text += source.slice(pos, e.range[0]) + e.text;
    pos = e.range[1];
  }
  return { range: [first.range[0], pos], text };
}
