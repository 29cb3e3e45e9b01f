import type { Diagnostic, LineIndex, Severity, TextEdit } from '@tb-refs/core';
import { didYouMean } from '@tb-refs/core';
import type { Range } from '@tb-refs/parser';

/** Rule id of the diagnostics about directives that suppress nothing. */
export const UNUSED_DIRECTIVE_RULE_ID = 'unused-disable-directive';

/** An inline suppression comment (`# tb-refs-disable-next-line a, b -- reason`). */
export interface DisableDirective {
  readonly kind: 'disable-next-line' | 'disable-line' | 'disable-file';
  /** Rule ids it names; empty means every rule. */
  readonly rules: readonly string[];
  readonly reason?: string;
  /** 1-based line of the comment. */
  readonly line: number;
  /** From the comment marker (`#` or `--`) to the end of the comment text. */
  readonly range: Range;
  /** What removing the directive deletes: its whole line for own-line directives. */
  readonly removal: Range;
}

// `#` is the datafile comment (also dropped from SQL blocks by the CLI); `--` is a SQL comment.
const DIRECTIVE = /(#|--)[ \t]*tb-refs-(disable-next-line|disable-line|disable-file)(?![\w-])(.*)$/;

/**
 * Finds the suppression comments of a file. `disable-next-line` and `disable-file` must be alone
 * on their line; `disable-line` may end any line (`-- tb-refs-disable-line rule-id` in SQL).
 */
export function parseDisableDirectives(source: string, lines: LineIndex): DisableDirective[] {
  if (!source.includes('tb-refs-disable')) return [];
  const directives: DisableDirective[] = [];
  for (let line = 1; line <= lines.lineCount; line++) {
    const text = lines.lineText(line);
    const m = DIRECTIVE.exec(text);
    if (!m) continue;
    const kind = m[2] as DisableDirective['kind'];
    const before = text.slice(0, m.index);
    const ownLine = before.trim() === '';
    if (kind !== 'disable-line' && !ownLine) continue;
    const [ruleText = '', ...reasonParts] = (m[3] ?? '').split(/\s-{2,}(?:\s|$)/);
    const reason = reasonParts.join(' -- ').trim();
    const start = lines.lineStart(line);
    const commentEnd = start + text.trimEnd().length;
    const nextLineStart = line < lines.lineCount ? lines.lineStart(line + 1) : source.length;
    const removal = ownLine
      ? { start, end: nextLineStart }
      : { start: start + before.trimEnd().length, end: commentEnd };
    directives.push({
      kind,
      rules: ruleText.split(/[\s,]+/).filter(Boolean),
      ...(reason ? { reason } : {}),
      line,
      range: { start: start + m.index, end: commentEnd },
      removal,
    });
  }
  return directives;
}

/** Options of {@link applyDisableDirectives}. */
export interface ApplyDirectivesOptions {
  /** Report directives that suppress nothing, at this severity. @default 'off' */
  readonly reportUnused?: 'off' | 'warn' | 'error';
  /** Rule ids that exist, to point out typos in unused directives. */
  readonly knownRules?: readonly string[];
  readonly file: string;
  readonly lines: LineIndex;
}

/** The diagnostics left after suppression, the suppressed ones, and the unused directives. */
export interface DirectiveOutcome {
  readonly messages: Diagnostic[];
  readonly suppressed: Diagnostic[];
}

/**
 * Drops rule diagnostics that a directive covers and, when asked, reports directives (or rule ids
 * in them) that covered nothing. Parse errors cannot be suppressed.
 */
export function applyDisableDirectives(
  diagnostics: readonly Diagnostic[], directives: readonly DisableDirective[], options: ApplyDirectivesOptions,
): DirectiveOutcome {
  if (directives.length === 0) return { messages: [...diagnostics], suppressed: [] };
  const used = directives.map(() => new Set<string>());
  const messages: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  for (const d of diagnostics) {
    let hit = false;
    if (d.ruleId !== 'parse-error') {
      directives.forEach((dir, i) => {
        if (!covers(dir, d)) return;
        hit = true;
        used[i]!.add(dir.rules.length === 0 ? '*' : d.ruleId);
      });
    }
    (hit ? suppressed : messages).push(d);
  }
  const level = options.reportUnused ?? 'off';
  if (level === 'off') return { messages, suppressed };
  const severity: Severity = level === 'warn' ? 'warning' : 'error';
  directives.forEach((dir, i) => {
    const usedRules = used[i]!;
    const unused = dir.rules.length === 0 ? (usedRules.size === 0 ? ['*'] : []) : dir.rules.filter((r) => !usedRules.has(r));
    if (unused.length === 0) return;
    const whole = unused.length === dir.rules.length || dir.rules.length === 0;
    messages.push(unusedDiagnostic(dir, unused, whole, severity, options));
  });
  return { messages, suppressed };
}

function covers(dir: DisableDirective, d: Diagnostic): boolean {
  if (dir.rules.length > 0 && !dir.rules.includes(d.ruleId)) return false;
  if (dir.kind === 'disable-file') return true;
  return d.line === (dir.kind === 'disable-next-line' ? dir.line + 1 : dir.line);
}

function unusedDiagnostic(
  dir: DisableDirective, unused: readonly string[], whole: boolean, severity: Severity, options: ApplyDirectivesOptions,
): Diagnostic {
  const s = options.lines.positionAt(dir.range.start);
  const e = options.lines.positionAt(dir.range.end);
  const known = options.knownRules ?? [];
  const unknown = unused.filter((r) => r !== '*' && known.length > 0 && !known.includes(r));
  const what = unused[0] === '*' ? 'no problems were reported on the lines it covers' : `no problems were reported from ${unused.map((r) => `"${r}"`).join(', ')}`;
  const hints = unknown.map((r) => {
    const hint = didYouMean(r, known);
    return ` "${r}" is not a rule${hint ? `; did you mean "${hint}"?` : '.'}`;
  });
  const fix: TextEdit | undefined = whole ? { range: [dir.removal.start, dir.removal.end], text: '' } : undefined;
  return {
    ruleId: UNUSED_DIRECTIVE_RULE_ID,
    severity,
    message: `Unused tb-refs-${dir.kind} directive (${what}).${hints.join('')}`,
    file: options.file,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    ...(fix ? { fix } : {}),
    help: whole ? 'Remove the directive.' : `Remove ${unused.map((r) => `"${r}"`).join(', ')} from the directive.`,
  };
}
