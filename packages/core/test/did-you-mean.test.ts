import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareDiagnostics, type Diagnostic } from '../src/diagnostic.js';
import { didYouMean, editDistance } from '../src/did-you-mean.js';

describe('didYouMean', () => {
  test.for([
    ['ENGIN', ['ENGINE', 'ENGINE_VER', 'NODE'], 'ENGINE'],
    ['engine_sorting_keys', ['ENGINE_SORTING_KEY', 'ENGINE_PARTITION_KEY'], 'ENGINE_SORTING_KEY'],
    ['activitie', ['activities', 'members'], 'activities'],
    ['zzz', ['activities', 'members'], undefined],
    ['a', ['b'], 'b'],
  ] as const)('%s → %s', ([input, candidates, expected]) => {
    expect(didYouMean(input, candidates)).toBe(expected);
  });

  test('editDistance is exact below the bound and exceeds it above', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  test('editDistance agrees with the textbook table, within and beyond the bound', () => {
    // Few letters, so that strings share prefixes, suffixes and inner runs.
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '_', 'é', '\u{1F600}'), maxLength: 12 });
    fc.assert(
      fc.property(text, text, fc.option(fc.nat(8), { nil: undefined }), (a, b, max) => {
        const exact = textbookDistance(a, b);
        const got = editDistance(a, b, max);
        if (max === undefined || exact <= max) expect(got).toBe(exact);
        else expect(got).toBeGreaterThan(max);
      }),
      { numRuns: 2000 },
    );
  });

  test('didYouMean picks the first closest candidate within a third of the length, as a full comparison would', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', '_', 'A', 'é'), minLength: 1, maxLength: 24 });
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 20 }), (input, candidates) => {
        const needle = input.toLowerCase();
        const max = Math.max(1, Math.floor(needle.length / 3));
        let best: string | undefined;
        let bestDistance = max + 1;
        for (const c of candidates) {
          const d = textbookDistance(needle, c.toLowerCase());
          if (d < bestDistance) [best, bestDistance] = [c, d];
        }
        expect(didYouMean(input, candidates)).toBe(best);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Levenshtein distance over UTF-16 code units, the full table. */
function textbookDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

describe('compareDiagnostics', () => {
  const d = (file: string, line: number, column: number, ruleId: string): Diagnostic => ({
    ruleId, severity: 'error', message: '', file, line, column, endLine: line, endColumn: column + 1,
  });
  test('orders by file, line, column, then rule id', () => {
    const sorted = [d('b', 1, 1, 'x'), d('a', 2, 1, 'x'), d('a', 1, 5, 'x'), d('a', 1, 5, 'a'), d('a', 1, 1, 'z')].sort(compareDiagnostics);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.column}:${x.ruleId}`)).toEqual(['a:1:1:z', 'a:1:5:a', 'a:1:5:x', 'a:2:1:x', 'b:1:1:x']);
  });
});
