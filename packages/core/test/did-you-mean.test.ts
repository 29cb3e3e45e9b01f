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
});

describe('compareDiagnostics', () => {
  const d = (file: string, line: number, column: number, ruleId: string): Diagnostic => ({
    ruleId, severity: 'error', message: '', file, line, column, endLine: line, endColumn: column + 1,
  });
  test('orders by file, line, column, then rule id', () => {
    const sorted = [d('b', 1, 1, 'x'), d('a', 2, 1, 'x'), d('a', 1, 5, 'x'), d('a', 1, 5, 'a'), d('a', 1, 1, 'z')].sort(compareDiagnostics);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.column}:${x.ruleId}`)).toEqual(['a:1:1:z', 'a:1:5:a', 'a:1:5:x', 'a:2:1:x', 'b:1:1:x']);
  });
});
