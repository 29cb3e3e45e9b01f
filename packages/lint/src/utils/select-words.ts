import { isPatternSpace } from '@tb-refs/core';

/**
 * The words the select-list analysis (select-columns.ts) tests identifiers and template tags
 * against, as small numbers. It reads the SQL of every node of a project, and in a short lint run
 * that code never leaves V8's slower tiers, so a keyword test must not make a string: an
 * identifier is classified once, from its characters in place, instead of upper-casing its image.
 *
 * @tb-refs/graph's sql-words.ts does the same for the reference scan. The two stay apart on
 * purpose: the word sets differ (this one has the expression-ending words), and that one compares
 * characters in JavaScript, which is faster once optimised, while this one falls back to the
 * native upper-casing, which is faster in the slower tiers where a short lint run keeps it.
 */

const WORDS = [
  // Clauses and set operators.
  'SELECT', 'WITH', 'FROM', 'WHERE', 'PREWHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET',
  'SETTINGS', 'UNION', 'INTERSECT', 'EXCEPT', 'FORMAT', 'INTO', 'WINDOW', 'QUALIFY', 'DISTINCT', 'ALL',
  'ON', 'TOP', 'COLUMNS', 'REPLACE',
  // Tables and joins.
  'USING', 'FINAL', 'SAMPLE', 'AS', 'GLOBAL', 'LOCAL', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS',
  'OUTER', 'ANY', 'ASOF', 'SEMI', 'ANTI', 'PASTE', 'ARRAY', 'JOIN',
  // Words that end an expression.
  'END', 'NULL', 'TRUE', 'FALSE', 'AND', 'OR', 'NOT', 'IS', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'THEN',
  'ELSE', 'WHEN', 'CASE', 'DESC', 'ASC', 'NULLS', 'FIRST', 'LAST', 'COLLATE', 'INTERVAL', 'SECOND',
  'SECONDS', 'MINUTE', 'MINUTES', 'HOUR', 'HOURS', 'DAY', 'DAYS', 'WEEK', 'WEEKS', 'MONTH', 'MONTHS',
  'QUARTER', 'QUARTERS', 'YEAR', 'YEARS', 'MILLISECOND', 'MICROSECOND', 'NANOSECOND', 'OVER', 'FILTER',
] as const;

export type Word = (typeof WORDS)[number];

/** Code of each word: its index in `WORDS` plus one, so that 0 means "no word". */
export const W = Object.fromEntries(WORDS.map((w, i) => [w, i + 1])) as { readonly [K in Word]: number };

/**
 * Word codes are below this; codes from here up are free for other classes of tokens, so that a
 * test against a word code never matches a token that is not an identifier.
 */
export const WORD_CODE_LIMIT = 100;

/** Membership of word codes in a few sets at once: bit `b` of `flags[code]`. */
export function wordFlags(sets: readonly (readonly Word[])[]): Uint8Array {
  const flags = new Uint8Array(256);
  sets.forEach((words, b) => {
    for (const w of words) flags[W[w]]! |= 1 << b;
  });
  return flags;
}

// The analysis used to compare `image.toUpperCase()`. No character's upper case is shorter than
// the character (in UTF-16 units), so identifiers longer than the longest word are never words.
const MAX_LENGTH = Math.max(...WORDS.map((w) => w.length));
const byUpper = new Map<string, number>(WORDS.map((w, i) => [w, i + 1]));
/** 1–26 for ASCII letters of either case, 0 for every other code below 128. */
const LETTER = new Uint8Array(128);
for (let c = 0; c < 26; c++) LETTER[65 + c] = LETTER[97 + c] = c + 1;
/** 1 where some word has these first and last letters (`first * 27 + last`). */
const ENDS = new Uint8Array(27 * 27);
for (const w of WORDS) ENDS[LETTER[w.charCodeAt(0)]! * 27 + LETTER[w.charCodeAt(w.length - 1)]!] = 1;

/**
 * Code of the identifier `text[start, end)` when its upper case is one of the words, else 0:
 * the same as looking up `image.toUpperCase()`. An ASCII character upper-cases to one character
 * wherever it stands, so when the first and last characters are ASCII, only words with those
 * first and last letters can match: that test turns most identifiers away without making a
 * string. The rest are looked up as before: in a cold run this code is interpreted, where the
 * native `toUpperCase` and `Map` lookup cost less than comparing characters in JavaScript.
 */
export function wordCode(text: string, start: number, end: number): number {
  const n = end - start;
  if (n > MAX_LENGTH || n <= 0) return 0;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  if (first < 128 && last < 128 && ENDS[LETTER[first]! * 27 + LETTER[last]!] === 0) return 0;
  return byUpper.get(text.slice(start, end).toUpperCase()) ?? 0;
}

/** Codes of the `{% … %}` operators the analysis distinguishes, above the word codes; 0 for every other one. */
export const Tag = { Set: 101, If: 102, Elif: 103, Else: 104, End: 105 } as const;

/**
 * Code of the template statement `text[start, end)`: its first word after `{%`, an optional `-`
 * and blanks, as the pattern `^\{%-?\s*([A-Za-z_]+)` reads it (case-sensitive).
 */
export function tagCode(text: string, start: number, end: number): number {
  if (end - start < 2 || text.charCodeAt(start) !== 123 || text.charCodeAt(start + 1) !== 37) return 0; // {%
  let k = start + 2;
  if (k < end && text.charCodeAt(k) === 45) k++; // -
  while (k < end && isPatternSpace(text.charCodeAt(k))) k++;
  const from = k;
  while (k < end && isWordChar(text.charCodeAt(k))) k++;
  const c0 = text.charCodeAt(from);
  const c1 = text.charCodeAt(from + 1);
  const c2 = text.charCodeAt(from + 2);
  switch (k - from) {
    case 2:
      return c0 === 105 && c1 === 102 ? Tag.If : 0; // if
    case 3:
      if (c0 === 115 && c1 === 101 && c2 === 116) return Tag.Set; // set
      return c0 === 101 && c1 === 110 && c2 === 100 ? Tag.End : 0; // end
    case 4: {
      if (c0 !== 101 || c1 !== 108) return 0; // el…
      const c3 = text.charCodeAt(from + 3);
      if (c2 === 105 && c3 === 102) return Tag.Elif;
      return c2 === 115 && c3 === 101 ? Tag.Else : 0;
    }
    default:
      return 0;
  }
}

/** `[A-Za-z_]`. */
function isWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
