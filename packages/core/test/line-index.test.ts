import { describe, expect, test } from 'vitest';
import { LineIndex } from '../src/line-index.js';

describe('LineIndex', () => {
  test.for([
    ['LF', 'ab\ncd\n', 4, { line: 2, column: 2 }],
    ['CRLF', 'ab\r\ncd', 5, { line: 2, column: 2 }],
    ['lone CR', 'ab\rcd', 3, { line: 2, column: 1 }],
    ['start', 'ab', 0, { line: 1, column: 1 }],
    ['end of text', 'ab\n', 3, { line: 2, column: 1 }],
    ['clamped past the end', 'ab', 99, { line: 1, column: 3 }],
    ['clamped before the start', 'ab', -5, { line: 1, column: 1 }],
  ] as const)('%s: offset %#', ([, text, offset, expected]) => {
    const index = new LineIndex(text);
    expect(index.positionAt(offset)).toEqual(expected);
    expect(index.offsetAt(expected)).toBe(Math.min(Math.max(offset, 0), text.length));
  });

  test('lineText drops the line break and lineCount counts the empty last line', () => {
    const index = new LineIndex('one\r\ntwo\nthree\n');
    expect([1, 2, 3, 4].map((l) => index.lineText(l))).toEqual(['one', 'two', 'three', '']);
    expect(index.lineCount).toBe(4);
  });
});
