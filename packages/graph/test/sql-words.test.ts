import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Tag, W, tagCode, wordCode } from '../src/sql-words.js';

// wordCode replaces `W[image.toUpperCase()]` (for images of at most 12 characters) without
// making strings: these tests hold it to that definition, Unicode case mapping included.

const byUpper = new Map(Object.entries(W));

function expected(image: string): number {
  return image.length <= 12 ? (byUpper.get(image.toUpperCase()) ?? 0) : 0;
}

/** Code of `image` read in place, inside other text, as the cursor reads it. */
function codeOf(image: string): number {
  const text = `x(${image})`;
  return wordCode(text, 2, 2 + image.length);
}

/** Every BMP character whose upper case is made of ASCII letters only (`ſ` → S, `ﬁ` → FI). */
const FOLDS_TO_LETTERS = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter(
  (ch) => ch.charCodeAt(0) >= 128 && /^[A-Z]+$/.test(ch.toUpperCase()),
);

describe('wordCode', () => {
  test('the Unicode facts its length test rests on', () => {
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const ch = String.fromCodePoint(cp);
      const upper = ch.toUpperCase();
      // No character's upper case is shorter than itself, and none is a word on its own.
      if (upper.length < ch.length || byUpper.has(upper)) throw new Error(`U+${cp.toString(16)} upper-cases to ${upper}`);
    }
  });

  test('every word, in every case mix, and near misses', () => {
    for (const word of byUpper.keys()) {
      const variants = [word, word.toLowerCase(), word[0] + word.slice(1).toLowerCase(), `${word}S`, word.slice(1), `_${word}`, `${word}1`];
      for (let i = 0; i < word.length; i++) variants.push(word.slice(0, i) + word[i]!.toLowerCase() + word.slice(i + 1));
      for (const v of variants) expect(codeOf(v), v).toBe(expected(v));
    }
  });

  test('non-ASCII characters that upper-case to letters', () => {
    expect(FOLDS_TO_LETTERS.length).toBeGreaterThan(0);
    for (const word of byUpper.keys()) {
      const lower = word.toLowerCase();
      for (const ch of FOLDS_TO_LETTERS) {
        const up = ch.toUpperCase();
        for (let i = lower.indexOf(up.toLowerCase()); i >= 0; i = lower.indexOf(up.toLowerCase(), i + 1)) {
          const v = lower.slice(0, i) + ch + lower.slice(i + up.length);
          expect(codeOf(v), v).toBe(expected(v));
          expect(codeOf(v), v).toBe(W[word as keyof typeof W]);
        }
        expect(codeOf(lower + ch)).toBe(expected(lower + ch));
      }
    }
  });

  test('random identifiers', () => {
    const chars = fc.constantFrom(...'aAeEiInNoOsStTlLfFrR_1ſıß'.split(''), ...FOLDS_TO_LETTERS);
    fc.assert(fc.property(fc.array(chars, { minLength: 1, maxLength: 14 }), (cs) => codeOf(cs.join('')) === expected(cs.join(''))), { numRuns: 20000 });
  });
});

describe('tagCode', () => {
  const reference = (image: string): number => {
    const word = /^\{%-?\s*([A-Za-z_]+)/.exec(image)?.[1] ?? '';
    return ({ if: Tag.If, for: Tag.For, elif: Tag.Elif, else: Tag.Else, end: Tag.End } as Record<string, number>)[word] ?? Tag.Other;
  };

  test('matches the operator pattern', () => {
    const words = ['if', 'for', 'elif', 'else', 'end', 'IF', 'iff', 'if1', 'en', 'endfor', 'set', 'el', 'elifx', '', 'f', '_if'];
    const heads = ['{%', '{%-', '{% ', '{%- ', '{%\n\t', '{%\u00a0', '{%\ufeff', '{%--', '{% -'];
    for (const head of heads) {
      for (const word of words) {
        for (const tail of [' %}', '%}', '(x) %}', '_x %}', '-%}']) {
          const image = head + word + tail;
          expect(tagCode(`ab${image}cd`, 2, 2 + image.length), JSON.stringify(image)).toBe(reference(image));
        }
      }
    }
  });
});
