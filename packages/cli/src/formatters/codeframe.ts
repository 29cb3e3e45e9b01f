import type { Diagnostic, LineIndex } from '@tb-refs/core';
import { type Colors, type FormatterOptions, createColors, displayPath } from './formatter.js';

const CONTEXT_LINES = 2;

/**
 * One diagnostic in the oxlint/ESLint code-frame style: a `file:line:column  severity  message
 * ruleId` header, the surrounding lines with a gutter, a `^^^` underline under the first line of
 * the span, then `help:` and related locations. Without `lines` only the header and notes are shown.
 */
export function renderCodeFrame(
  diagnostic: Diagnostic,
  lines: LineIndex | undefined,
  options: FormatterOptions,
): string {
  const c = createColors(options.color);
  const paint = diagnostic.severity === 'error' ? c.red : c.yellow;
  const location = `${displayPath(diagnostic.file, options.cwd)}:${diagnostic.line}:${diagnostic.column}`;
  // Parser messages can span lines; indent the rest so the frame stays readable.
  const message = diagnostic.message.replace(/\r?\n/g, '\n  ');
  const out = [`${c.bold(location)}  ${paint(diagnostic.severity)}  ${message}  ${c.dim(diagnostic.ruleId)}`];
  if (lines) out.push(...renderLines(diagnostic, lines, c, paint));
  if (diagnostic.help !== undefined) out.push(`  ${c.cyan('help')}: ${diagnostic.help}`);
  for (const related of diagnostic.related ?? []) {
    const where = `${displayPath(related.file, options.cwd)}:${related.line}:${related.column}`;
    out.push(`  ${c.cyan('note')}: ${related.message} (${where})`);
  }
  return out.join('\n');
}

function renderLines(diagnostic: Diagnostic, lines: LineIndex, c: Colors, paint: Colors['red']): string[] {
  const target = diagnostic.line;
  const last = lastShownLine(lines, target);
  if (target < 1 || target > last) return [];
  const first = Math.max(1, target - CONTEXT_LINES);
  const end = Math.min(last, target + CONTEXT_LINES);
  const width = String(end).length;
  const out: string[] = [];
  for (let n = first; n <= end; n++) {
    const text = visible(lines.lineText(n));
    const gutter = c.dim(`${String(n).padStart(width)} |`);
    const marker = n === target ? paint('>') : ' ';
    out.push(`${marker} ${gutter}${text === '' ? '' : ` ${text}`}`);
    if (n === target) {
      out.push(`  ${' '.repeat(width)} ${c.dim('|')} ${paint(underline(diagnostic, lines.lineText(n)))}`);
    }
  }
  return out;
}

/** Carets from column to endColumn (exclusive), or to the end of the line for a multi-line span. */
function underline(diagnostic: Diagnostic, raw: string): string {
  const start = Math.min(Math.max(diagnostic.column - 1, 0), raw.length);
  const end = diagnostic.endLine === diagnostic.line ? Math.min(diagnostic.endColumn - 1, raw.length) : raw.length;
  // Keep tabs so the carets line up with the text above them, whatever the tab width.
  const indent = visible(raw.slice(0, start)).replace(/[^\t]/g, ' ');
  return indent + '^'.repeat(Math.max(1, end - start));
}

/** Drops a BOM: columns count it (the parser keeps it) but terminals show nothing for it. */
function visible(text: string): string {
  return text.replace(/\uFEFF/g, '');
}

/** The last line worth showing: a final line break leaves an empty last line that is only noise. */
function lastShownLine(lines: LineIndex, target: number): number {
  const count = lines.lineCount;
  return count > 1 && target < count && lines.lineText(count) === '' ? count - 1 : count;
}
