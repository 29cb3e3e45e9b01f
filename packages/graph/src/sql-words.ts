import { isPatternSpace } from '@tb-refs/core';

/**
 * The words the reference scan tests identifiers and template tags against, as small numbers.
 * The scan runs over every SQL block of a project, so a keyword test must not allocate: an
 * identifier is classified once, by hashing its characters in place, instead of upper-casing
 * its image.
 */

const WORDS = [
  'SELECT', 'WITH', 'FROM', 'WHERE', 'PREWHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET',
  'SETTINGS', 'UNION', 'INTERSECT', 'EXCEPT', 'WINDOW', 'QUALIFY', 'FORMAT', 'INTO', 'GLOBAL',
  'LOCAL', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS', 'OUTER', 'ANY', 'ALL', 'ASOF', 'SEMI', 'ANTI',
  'PASTE', 'ARRAY', 'JOIN', 'FINAL', 'SAMPLE', 'ON', 'USING', 'AS', 'FILL', 'TOTALS', 'ROLLUP',
  'CUBE', 'TIES', 'RECURSIVE', 'DISTINCT', 'IN',
] as const;

export type Word = (typeof WORDS)[number];

/** Code of each word: its index in `WORDS` plus one, so that 0 means "no word". */
export const W = Object.fromEntries(WORDS.map((w, i) => [w, i + 1])) as { readonly [K in Word]: number };

/** Word codes are below this, so a {@link WordSet} indexed by any code never reads out of bounds. */
const CODE_LIMIT = 64;

/** Membership of word codes: `set[code] === 1`. */
export type WordSet = Uint8Array;

export function wordSet(words: Iterable<Word>): WordSet {
  const set = new Uint8Array(CODE_LIMIT);
  for (const w of words) set[W[w]] = 1;
  return set;
}

// The original scan looked up `image.toUpperCase()`. No character's upper case is shorter than
// the character, and no single character upper-cases to a word, so only identifiers of the
// words' lengths can be words (test/sql-words.test.ts checks both facts against the runtime's
// Unicode data).
const MIN_LENGTH = 2;
const MAX_LENGTH = 9;
const byUpper = new Map<string, number>(WORDS.map((w, i) => [w, i + 1]));
/** 1–26 for ASCII letters of either case, 0 for every other code below 128. */
const LETTER = new Uint8Array(128);
for (let c = 0; c < 26; c++) LETTER[65 + c] = LETTER[97 + c] = c + 1;
/** Codes of the words by their first and last letters (`first * 27 + last`); at most three share a slot. */
const BY_ENDS: number[][] = Array.from({ length: 27 * 27 }, () => []);
for (const [i, w] of WORDS.entries()) BY_ENDS[LETTER[w.charCodeAt(0)]! * 27 + LETTER[w.charCodeAt(w.length - 1)]!]!.push(i + 1);
/** A candidate comparison met a non-ASCII character: only `toUpperCase` knows. */
const UNKNOWN = -1;

/**
 * Code of the identifier `text[start, end)` when its upper case is one of the words, else 0:
 * the same as looking up `image.toUpperCase()`, without making the string. An ASCII character
 * upper-cases to one letter wherever it stands, so when the first and last characters are
 * ASCII, only the words with those first and last letters can match, and a difference in an
 * ASCII prefix rules a word out. Text with other characters (`ſelect` upper-cases to SELECT)
 * takes the exact, allocating path.
 */
export function wordCode(text: string, start: number, end: number): number {
  const n = end - start;
  if (n < MIN_LENGTH || n > MAX_LENGTH) return 0;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (first >= 128 || last >= 128) return slowWordCode(text, start, end);
  const candidates = BY_ENDS[LETTER[first]! * 27 + LETTER[last]!]!;
  for (let i = 0; i < candidates.length; i++) {
    const code = candidates[i]!;
    const m = compareWord(WORDS[code - 1]!, text, start, n);
    if (m === 1) return code;
    if (m === UNKNOWN) return slowWordCode(text, start, end);
  }
  return 0;
}

/** 1: the ASCII text `text[start, start + n)` is `word` in any case; 0: it is not; UNKNOWN: non-ASCII text. */
function compareWord(word: string, text: string, start: number, n: number): number {
  for (let k = 0; k < n; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 128) return UNKNOWN;
    if (c >= 97 && c <= 122) c -= 32;
    if (c !== word.charCodeAt(k)) return 0;
  }
  return n === word.length ? 1 : 0;
}

function slowWordCode(text: string, start: number, end: number): number {
  return byUpper.get(text.slice(start, end).toUpperCase()) ?? 0;
}

/** Codes of the `{% … %}` operators the scan distinguishes; every other operator is `Other`. */
export const Tag = { Other: 1, If: 2, For: 3, Elif: 4, Else: 5, End: 6 } as const;

/**
 * Code of the template statement `text[start, end)`: its first word after `{%`, an optional `-`
 * and blanks, as the pattern `^\{%-?\s*([A-Za-z_]+)` reads it (case-sensitive).
 */
export function tagCode(text: string, start: number, end: number): number {
  let k = start + 2;
  if (k < end && text.charCodeAt(k) === 45) k++;
  while (k < end && isPatternSpace(text.charCodeAt(k))) k++;
  const from = k;
  while (k < end && isWordChar(text.charCodeAt(k))) k++;
  const c0 = text.charCodeAt(from);
  const c1 = text.charCodeAt(from + 1);
  switch (k - from) {
    case 2:
      return c0 === 105 && c1 === 102 ? Tag.If : Tag.Other; // if
    case 3:
      if (c0 === 102 && c1 === 111 && text.charCodeAt(from + 2) === 114) return Tag.For;
      if (c0 === 101 && c1 === 110 && text.charCodeAt(from + 2) === 100) return Tag.End;
      return Tag.Other;
    case 4: {
      if (c0 !== 101 || c1 !== 108) return Tag.Other; // el…
      const c2 = text.charCodeAt(from + 2);
      const c3 = text.charCodeAt(from + 3);
      if (c2 === 105 && c3 === 102) return Tag.Elif;
      if (c2 === 115 && c3 === 101) return Tag.Else;
      return Tag.Other;
    }
    default:
      return Tag.Other;
  }
}

/** `[A-Za-z_]`. */
function isWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
