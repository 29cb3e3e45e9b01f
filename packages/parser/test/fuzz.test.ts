import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { ALL_DIRECTIVES, parseDatafile } from '../src/index.js';
import { corpusExists, corpusFiles, noticeIfNoCorpus, readCorpusFile } from './corpus.js';
import { brokenInvariant } from './invariants.js';

// Any input at all: parseDatafile never throws, printDatafile round-trips, every diagnostic is
// placed inside the file, and parsing takes time proportional to the input.

/** A parse of a small input slower than this means something went badly wrong. */
const SMALL_INPUT_MS = 1000;
const KINDS = ['x.pipe', 'x.datasource', 'x.incl', 'x.connection'] as const;

/** Parses and checks; throws (so fast-check shrinks) on the first broken property. */
function check(source: string, fileName: string, maxMs: number): void {
  const started = performance.now();
  const parsed = parseDatafile(source, { fileName });
  const elapsed = performance.now() - started;
  const broken = brokenInvariant(source, parsed, fileName);
  if (broken) throw new Error(broken);
  if (elapsed > maxMs) throw new Error(`parsing ${source.length} characters took ${Math.round(elapsed)} ms`);
}

const directiveWords = [...ALL_DIRECTIVES].flatMap((d) => [d, d.toLowerCase()]);
const syntax = [
  '\n', '\n', '\n', '\r', '\r\n', ' ', '    ', '\t', '"', "'", '`', '\\', '{', '}', '{{', '}}', '{%', '%}', '{#', '#}',
  '{{!', '%', '>', ' > ', '#', '--', '/*', '*/', '(', ')', '[', ']', ',', ';', '=', '$', '${', '\uFEFF', 'é', '😀',
  '\u0000', '\u2028', 'json:$.a', 'from', 'SELECT', 'FROM', 'if', 'end', 'else', 'elif', 'for', 'set', 'Nullable(', 'DEFAULT',
];

/** A "unit" of random text: syntax pieces, directive words, or arbitrary unicode. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...syntax) },
  { weight: 3, arbitrary: fc.constantFrom(...directiveWords) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2 }) },
);

/** Lines that look like a datafile: indentation, a directive or SQL word, a value or `>`. */
const line = fc
  .tuple(
    fc.constantFrom('', '', ' ', '    ', '\t'),
    fc.oneof(fc.constantFrom(...directiveWords), fc.constantFrom('SELECT a', 'from t', '%', '% SELECT', '{% if x %}', '{% end %}', '# c', '-- c', '')),
    fc.constantFrom('', ' >', ' > trailing', ' x', ' "a b"', " 'c", ' a, b', ' `x` String,'),
    fc.string({ unit: piece, maxLength: 6 }),
  )
  .map((parts) => parts.join(''));
const lineBreak = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
const datafileLike = fc
  .array(fc.tuple(line, lineBreak), { maxLength: 30 })
  .chain((ls) => fc.boolean().map((finalBreak) => {
    const text = ls.map(([l, b]) => l + b).join('');
    return finalBreak ? text : text.replace(/(\r\n|\r|\n)$/, '');
  }));

describe('fuzz: random input', { timeout: 120_000 }, () => {
  test('random strings of syntax pieces, words and unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 300 }), fc.constantFrom(...KINDS), (source, fileName) => check(source, fileName, SMALL_INPUT_MS)),
      { numRuns: 1500 },
    );
  });

  test('random datafile-like lines', () => {
    fc.assert(
      fc.property(datafileLike, fc.constantFrom(...KINDS), (source, fileName) => check(source, fileName, SMALL_INPUT_MS)),
      { numRuns: 1500 },
    );
  });

  test('arbitrary full-unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => check(source, 'x.pipe', SMALL_INPUT_MS)),
      { numRuns: 500 },
    );
  });
});

// Inputs that made an earlier version quadratic: a failed search for a closing quote, `*/`,
// `}}` or `>` candidate that rescans the rest of the text for every line. 200 KB of them must
// parse within a small multiple of the time a plain file of the same size takes (measured here,
// so a loaded machine slows both); a quadratic scan takes tens of seconds.
const REPEAT_LENGTH = 200_000;
const SQL = 'NODE n\nSQL >\n';
const prefixes = ['', SQL, 'NODE n\nSQL >\n    %\n', 'SCHEMA >\n', 'INDEXES >\n'];
const knownPatterns: readonly (readonly [prefix: string, pattern: string])[] = [
  [SQL, "    \\'\n"], [SQL, '    `\\`\n'], [SQL, '    "\\"\n'], [SQL, '    /* /* */\n'], [SQL, '    {{\n'], [SQL, "    '{{\n"],
  [SQL, '    {%\n'], [SQL, '    {#\n'], [SQL, '    TYPE endpoint\n'], [SQL, '{% if x %}\n'], [SQL, '(((('],
  ['SCHEMA >\n', '    x,\n'], ['', 'a b ' + '> '.repeat(50)], ['', 'WADUS_X x\n'], ['', '"\n'],
];

describe('fuzz: repeated patterns stay linear', { timeout: 120_000 }, () => {
  let repeatBudgetMs = 0;
  beforeAll(() => {
    const line = "    SELECT a, 'b', `c` FROM t WHERE x = 1 -- note\n";
    const plain = `NODE n\nSQL >\n${line.repeat(Math.ceil(REPEAT_LENGTH / line.length))}`;
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      parseDatafile(plain, { fileName: 'x.pipe' });
      best = Math.min(best, performance.now() - started);
    }
    repeatBudgetMs = 10 * best + 500;
  });

  const cases = knownPatterns.map(([prefix, pattern]) => ({ name: JSON.stringify(`${prefix}${pattern}…`), prefix, pattern }));
  test.for(cases)('$name', ({ prefix, pattern }) => {
    const source = prefix + pattern.repeat(Math.ceil(REPEAT_LENGTH / pattern.length));
    check(source, 'x.pipe', repeatBudgetMs);
  });

  test('random short patterns, repeated', () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.string({ unit: piece, minLength: 1, maxLength: 6 }).filter((p) => p.length > 0), (prefix, pattern) => {
        check(prefix + pattern.repeat(Math.ceil(REPEAT_LENGTH / pattern.length)), 'x.pipe', repeatBudgetMs);
      }),
      { numRuns: 15 },
    );
  });
});

// Real files, mutated: insert, delete or duplicate characters and lines, swap lines.
noticeIfNoCorpus('fuzz tests on mutated corpus files');
const SAMPLE_SIZE = 50;
const sample = (() => {
  const files = corpusFiles().filter((f) => !f.backup);
  // A fixed, spread-out sample: every k-th file of the sorted list.
  const step = Math.max(1, Math.floor(files.length / SAMPLE_SIZE));
  return files.filter((_, i) => i % step === 0).slice(0, SAMPLE_SIZE).map((f) => ({ name: f.name, source: readCorpusFile(f) }));
})();

type Mutation =
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly op: 'deleteLine' | 'duplicateLine'; readonly line: number }
  | { readonly op: 'swapLines'; readonly line: number; readonly other: number };

const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: position, text: fc.string({ unit: piece, minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const), line: position }),
  fc.record({ op: fc.constant('swapLines' as const), line: position, other: position }),
);

function mutate(source: string, m: Mutation): string {
  const n = source.length;
  switch (m.op) {
    case 'insert': {
      const at = m.at % (n + 1);
      return source.slice(0, at) + m.text + source.slice(at);
    }
    case 'delete': {
      const at = m.at % (n + 1);
      return source.slice(0, at) + source.slice(at + m.length);
    }
    case 'duplicate': {
      const at = m.at % (n + 1);
      return source.slice(0, at) + source.slice(at, at + m.length) + source.slice(at);
    }
    default: {
      const ls = source.split('\n');
      const i = m.line % ls.length;
      if (m.op === 'deleteLine') ls.splice(i, 1);
      else if (m.op === 'duplicateLine') ls.splice(i, 0, ls[i]!);
      else if (m.op === 'swapLines') {
        const j = m.other % ls.length;
        [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      }
      return ls.join('\n');
    }
  }
}

describe.skipIf(!corpusExists)('fuzz: mutated corpus files', { timeout: 120_000 }, () => {
  test('the sample is fixed and large enough', () => {
    expect(sample.length).toBe(SAMPLE_SIZE);
  });

  test('parse, round-trip and place every diagnostic', () => {
    fc.assert(
      fc.property(fc.nat({ max: SAMPLE_SIZE - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom(...KINDS), (index, mutations, kind) => {
        const file = sample[index % sample.length]!;
        const source = mutations.reduce(mutate, file.source);
        // Half the runs keep the file's own kind, half reparse it as another kind.
        check(source, index % 2 === 0 ? file.name : kind, SMALL_INPUT_MS);
      }),
      { numRuns: 1000 },
    );
  });
});
