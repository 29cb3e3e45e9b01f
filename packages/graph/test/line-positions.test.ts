import fc from 'fast-check';
import { expect, test } from 'vitest';
import { parseDatafile } from '@tb-refs/parser';
import { LinePositions } from '../src/line-positions.js';

// LinePositions stands in for LineIndex.positionAt in the graph: same answers, whatever the
// order of the offsets and the line breaks of the text.

test('agrees with LineIndex for any text, break style and offset order', () => {
  const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '\n\r'), { maxLength: 60 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(text, text, fc.array(fc.integer({ min: -3, max: 70 }), { maxLength: 30 }), (a, b, offsets) => {
      const files = [parseDatafile(a, { fileName: 'a.pipe' }), parseDatafile(b, { fileName: 'b.pipe' })];
      const positions = new LinePositions();
      offsets.forEach((offset, i) => {
        const file = files[i % 3 === 2 ? 1 : 0]!;
        positions.seek(file, offset);
        expect({ line: positions.line, column: positions.column }).toEqual(file.lineIndex.positionAt(offset));
      });
    }),
    { numRuns: 3000 },
  );
});
