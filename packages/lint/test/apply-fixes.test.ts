import type { Diagnostic, TextEdit } from '@tb-refs/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FIX_PASSES, applyFixes, mergeEdits } from '../src/apply-fixes.js';
import { defineRule } from '../src/define-rule.js';
import { lintProject } from '../src/linter.js';
import { projectOf } from './helpers/project.js';
import { registry, wordRule } from './helpers/test-rules.js';

const at = (start: number, end: number, text: string): Diagnostic => ({
  ruleId: 'r', severity: 'error', message: 'm', file: 'f', line: 1, column: start + 1, endLine: 1, endColumn: end + 1, fix: { range: [start, end], text },
});

describe('applyFixes', () => {
  it('applies non-overlapping fixes in range order, whatever the input order', () => {
    const r = applyFixes('abcdef', [at(4, 5, 'E'), at(0, 1, 'A'), at(2, 2, '+')]);
    expect(r.output).toBe('Ab+cdEf');
    expect(r.fixed).toBe(true);
    expect(r.skipped).toEqual([]);
  });

  it('skips a fix that overlaps or touches the previous one (ESLint)', () => {
    const r = applyFixes('abcdef', [at(0, 3, 'X'), at(2, 4, 'Y'), at(3, 5, 'Z')]);
    expect(r.output).toBe('Xdef');
    expect(r.skipped.map((d) => d.fix!.text)).toEqual(['Y', 'Z']);
  });

  it('ignores diagnostics without fixes and out-of-range fixes', () => {
    const { fix: _ignored, ...plain } = at(0, 1, '');
    void _ignored;
    const r = applyFixes('abc', [plain, at(2, 9, 'x')]);
    expect(r).toMatchObject({ output: 'abc', fixed: false });
  });

  it('equals applying disjoint, non-touching edits one by one from the end', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ maxLength: 3 })), { maxLength: 6 }), (text, raw) => {
      const edits: TextEdit[] = [];
      let pos = 0;
      for (const [gap, len, replacement] of raw) {
        const start = pos + gap % 5 + (edits.length > 0 ? 1 : 0);
        const end = start + len;
        if (end > text.length) break;
        edits.push({ range: [start, end], text: replacement });
        pos = end;
      }
      let expected = text;
      for (const e of [...edits].reverse()) expected = expected.slice(0, e.range[0]) + e.text + expected.slice(e.range[1]);
      const shuffled = [...edits].reverse().map((e, i) => ({ ...at(e.range[0], e.range[1], e.text), message: String(i) }));
      expect(applyFixes(text, shuffled).output).toBe(expected);
    }));
  });
});

describe('mergeEdits', () => {
  it('spans the edits and keeps the text between them', () => {
    expect(mergeEdits('abcdef', [{ range: [4, 5], text: 'E' }, { range: [1, 2], text: 'B' }])).toEqual({ range: [1, 5], text: 'BcdE' });
  });

  it('refuses overlapping edits', () => {
    expect(mergeEdits('abcdef', [{ range: [1, 3], text: '' }, { range: [2, 4], text: '' }])).toBeUndefined();
  });
});

describe('lintProject with fix', () => {
  it('re-lints and fixes again until nothing is left (overlapping fixes wait for the next pass)', () => {
    const rules = registry(wordRule('shorten', 'aa', 'a'));
    const graph = projectOf({ 'pipes/p.pipe': 'NODE n\nSQL >\n    SELECT 1 -- aaaa\n' });
    const [r] = lintProject(graph, { rules: { shorten: 'error' } }, { rules, fix: true });
    expect(r!.output).toBe('NODE n\nSQL >\n    SELECT 1 -- a\n');
    expect(r!.messages).toEqual([]);
    expect(graph.files[0]!.parsed.source).toBe('NODE n\nSQL >\n    SELECT 1 -- aaaa\n');
  });

  it(`stops after ${MAX_FIX_PASSES} passes`, () => {
    const forever = defineRule({
      id: 'forever',
      meta: { type: 'layout', category: 'style', scope: 'file', defaultSeverity: 'error', description: 'Always fixes', fixable: true, messages: { more: 'More.' } },
      create(context) {
        return { File: (p) => context.report({ messageId: 'more', range: { start: p.source.length, end: p.source.length }, fix: { range: [p.source.length, p.source.length], text: 'x' } }) };
      },
    });
    const [r] = lintProject(projectOf({ 'pipes/p.pipe': 'NODE n\nSQL >\n    SELECT 1 --' }), { rules: { forever: 'error' } }, { rules: { forever }, fix: true });
    expect(r!.output).toBe(`NODE n\nSQL >\n    SELECT 1 --${'x'.repeat(MAX_FIX_PASSES)}`);
    expect(r!.fixableCount).toBe(1);
  });

  it('has no output when nothing was fixed', () => {
    const [r] = lintProject(projectOf({ 'pipes/p.pipe': 'NODE n\nSQL >\n    SELECT 1\n' }), {}, { fix: true });
    expect(r!.output).toBeUndefined();
  });
});
