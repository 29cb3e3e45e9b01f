import { type Diagnostic, InternalError, type LineIndex, type RelatedLocation, type Severity, type TextEdit } from '@tb-refs/core';
import { mergeEdits } from './apply-fixes.js';
import type { AnyRule, MessageData, ReportDescriptor, SourceLocation } from './rule.js';
import type { Range } from '@tb-refs/parser';

/** Fills `{{name}}` placeholders; unknown ones are left as written (the RuleTester flags them). */
export function interpolate(template: string, data: MessageData | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/** What the translator needs to know about the file being linted and its neighbours. */
export interface TranslateTarget {
  readonly rule: AnyRule;
  readonly severity: Severity;
  readonly file: string;
  readonly source: string;
  readonly lines: LineIndex;
  /** Line index of another project file, for `related` locations there. */
  readonly linesOf: (file: string) => LineIndex | undefined;
}

/**
 * Turns a rule's `report()` call into a Diagnostic. A malformed report (unknown messageId, no
 * location, a fix from a rule not marked fixable, overlapping edits) is a bug in the rule, so it
 * throws `InternalError`; the linter names the rule and file.
 */
export function translateReport(descriptor: ReportDescriptor<string>, target: TranslateTarget): Diagnostic {
  const { rule } = target;
  const template = (rule.meta.messages as Record<string, string>)[descriptor.messageId];
  if (template === undefined) throw new InternalError(`unknown messageId "${descriptor.messageId}"`);
  const { start, end } = locate(descriptor, target.lines);
  let fix: TextEdit | undefined;
  if (descriptor.fix !== undefined) {
    if (!rule.meta.fixable) throw new InternalError('reported a fix but meta.fixable is false');
    fix = toEdit(descriptor.fix, target.source);
  }
  const suggestions = descriptor.suggestions?.map((s) => {
    const text = (rule.meta.messages as Record<string, string>)[s.messageId];
    if (text === undefined) throw new InternalError(`unknown suggestion messageId "${s.messageId}"`);
    return { messageId: s.messageId, message: interpolate(text, s.data), fix: toEdit(s.fix, target.source) };
  });
  const related = descriptor.related?.map((r): RelatedLocation => {
    const file = r.file ?? target.file;
    const lines = file === target.file ? target.lines : target.linesOf(file);
    const pos = r.loc?.start ?? (r.range && lines ? lines.positionAt(r.range.start) : { line: 1, column: 1 });
    return { file, line: pos.line, column: pos.column, message: r.message };
  });
  return {
    ruleId: rule.id,
    severity: target.severity,
    message: interpolate(template, descriptor.data),
    messageId: descriptor.messageId,
    file: target.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    ...(fix ? { fix } : {}),
    ...(suggestions && suggestions.length > 0 ? { suggestions } : {}),
    ...(descriptor.help ? { help: descriptor.help } : {}),
    ...(related && related.length > 0 ? { related } : {}),
  };
}

function locate(descriptor: { range?: Range; loc?: SourceLocation }, lines: LineIndex): SourceLocation {
  if (descriptor.loc) return descriptor.loc;
  if (descriptor.range) {
    return { start: lines.positionAt(descriptor.range.start), end: lines.positionAt(Math.max(descriptor.range.end, descriptor.range.start)) };
  }
  throw new InternalError('report() needs a range or a loc');
}

function toEdit(fix: TextEdit | readonly TextEdit[], source: string): TextEdit {
  const edits = isEditList(fix) ? fix : [fix];
  const merged = mergeEdits(source, edits);
  if (!merged) throw new InternalError('reported overlapping or empty fix edits');
  return merged;
}

function isEditList(fix: TextEdit | readonly TextEdit[]): fix is readonly TextEdit[] {
  return Array.isArray(fix);
}
