import { expect, test } from 'vitest';
import { isPatternSpace } from '../src/index.js';

test('isPatternSpace is \\s without the u flag, for every UTF-16 code unit', () => {
  const wrong: string[] = [];
  for (let c = 0; c < 0x10000; c++) if (isPatternSpace(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c.toString(16));
  expect(wrong).toEqual([]);
});
