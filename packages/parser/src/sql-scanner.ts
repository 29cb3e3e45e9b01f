import { SqlKind as K, SqlTokenList } from './sql-tokens.js';

// ClickHouse lexical rules (src/Parsers/Lexer.cpp) plus Tinybird's Tornado templates, scanned
// with one switch on the character at hand. The token definitions were first a chevrotain lexer.
// That lexer and the mapping of its tokens cost 25-40 ms on the corpus's SQL, half or more of the
// SDK's whole-file parse time, so it became the executable specification in
// test/reference-sql-lexer.ts, and a differential test keeps this scanner identical to it.
//
// Template tags come first: Tornado renders them before ClickHouse sees the text, so `{{ x }}`
// is a tag wherever it stands outside a SQL string or comment.

/** Character classes of ASCII codes: bit 1 identifier start, 2 identifier part, 8 blank. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CLASS[c]! |= 3;
  if (/[0-9]/.test(ch)) CLASS[c]! |= 2;
  if (/[ \t\r\n\f\v]/.test(ch)) CLASS[c]! |= 8;
}
const isAsciiIdentStart = (c: number): boolean => c < 128 && (CLASS[c]! & 1) !== 0;
const isAsciiIdentPart = (c: number): boolean => c < 128 && (CLASS[c]! & 2) !== 0;
const WHITESPACE = K.Whitespace;
const IDENTIFIER = K.Identifier;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** The closing delimiter of a template tag by the tag's second character, if it opens one. */
function tagClose(second: number): string | undefined {
  return second === 123 ? '}}' : second === 37 ? '%}' : second === 35 ? '#}' : undefined;
}

// Searches that fail are remembered for the text being scanned, so that no region is rescanned:
// an unclosed `{{` or quote on every line of a 10 MB file must not make scanning quadratic.
// Module state instead of a scanner object: this is the parser's hottest code, and plain
// functions over module variables are what V8 optimises most reliably.
let memoText = '';
/** Where the SQL being scanned starts and ends in `memoText`. */
let scanFrom = 0;
let limit = 0;
/** Per closing delimiter: the smallest offset from which a search for it failed. */
let noCloserFrom: Map<string, number> | undefined;
/** Per quote character: positions (from `scanFrom`) on the path of a quoted-run scan that reached the end. */
let deadEnds: Map<number, Uint8Array> | undefined;

/**
 * Token storage shared by consecutive scans: each scan writes its tokens straight after the
 * previous one's, and its SqlTokenList is a window on the array. A typed array of its own per
 * SQL text cost ~1.7 µs to allocate (past 64 bytes V8 gives it an off-heap buffer of its own),
 * some 6% of the parse. An arena stays alive while any list on it does: at most ARENA_SIZE
 * numbers (256 KB) beyond what the lists use.
 */
const ARENA_SIZE = 1 << 16;
let arena = new Uint32Array(ARENA_SIZE);
/** Entries of `arena` in use. */
let arenaUsed = 0;
/** Where the scan under way started writing in `arena`. */
let scanStart = 0;
/** Unterminated tokens of the scan under way: most blocks have none, and then no one looks for them. */
let unterminated = 0;

/**
 * Tokenises SQL text that starts at file offset `base`. Every character belongs to exactly one
 * token; whitespace and comments are kept.
 */
export function scanSql(text: string, base: number): SqlTokenList {
  return scanSqlIn(text, 0, text.length, base);
}

/**
 * Tokenises the SQL at `from`…`to` of `source`, which starts at file offset `base`. Scanning the
 * whole file's text within bounds, rather than a slice of it, is faster: V8 makes a slice a
 * view on its parent string, and every character read through a view pays for the indirection
 * (the scan took a quarter less time on flat strings).
 */
export function scanSqlIn(source: string, from: number, to: number, base: number): SqlTokenList {
  memoText = source;
  scanFrom = from;
  limit = to;
  noCloserFrom = undefined;
  deadEnds = undefined;
  unterminated = 0;
  const text = from === 0 && to === source.length ? source : source.slice(from, to);
  let list: SqlTokenList;
  if (to - from < 2 ** 27) {
    scanStart = arenaUsed;
    arenaUsed = scan(source, from, to, arena, arenaUsed);
    // `arena` and `scanStart` are read after the scan, which may have moved to a new arena.
    list = new SqlTokenList(text, base, arena, scanStart, arenaUsed - scanStart, unterminated > 0);
  } else {
    // Offsets times 32 fit 32 bits for texts under 2^27 characters; larger ones use doubles, in
    // an array of their own (only a process that meets one pays for `scan` seeing two types).
    scanStart = 0;
    wide = new Float64Array((to - from) >> 3);
    const end = scan(source, from, to, wide, 0);
    list = new SqlTokenList(text, base, wide, 0, end, unterminated > 0);
    wide = undefined;
  }
  memoText = '';
  deadEnds = undefined;
  return list;
}

/** The array of a scan of a text too long for the arena's 32-bit entries. */
let wide: Float64Array | undefined;

/** The character code at `i`, or NaN past the end of the SQL being scanned (as past a string's end). */
function at(text: string, i: number): number {
  return i < limit ? text.charCodeAt(i) : NaN;
}

/**
 * Writes the tokens of `text` from `from` to `n` (offset from `from` times 32 plus kind) from
 * index `count` of `packed` and returns the index after the last; when `packed` fills up,
 * {@link grow} moves the scan to a new array. Only blanks and identifiers, the commonest
 * tokens, are scanned inline; the rest is {@link scanOther}'s. Keeping this loop small matters:
 * V8 recompiles it whenever its assumptions break, and as one large function it took 50-70 ms
 * to compile each time.
 */
function scan(text: string, from: number, n: number, packed: Uint32Array | Float64Array, count: number): number {
  let i = from;
  while (i < n) {
    const start = i;
    const c = text.charCodeAt(i);
    // Code units from 0x80 up are all identifier characters (the lexer reads UTF-16 units).
    const cls = c < 128 ? CLASS[c]! : 3;
    let kind: number;
    if ((cls & 8) !== 0) {
      kind = WHITESPACE;
      for (i++; i < n; i++) {
        const x = text.charCodeAt(i);
        if (x >= 128 || (CLASS[x]! & 8) === 0) break;
      }
    } else if ((cls & 1) !== 0) {
      kind = IDENTIFIER;
      for (i++; i < n; i++) {
        const x = text.charCodeAt(i);
        if (x < 128 && (CLASS[x]! & 2) === 0) break;
      }
    } else {
      const r = scanOther(text, i, c);
      kind = r % 32;
      i = (r - kind) / 32;
    }
    if (count === packed.length) {
      packed = grow(packed, count);
      count -= scanStart;
      scanStart = 0;
    }
    packed[count++] = (start - from) * 32 + kind;
  }
  return count;
}

/**
 * A new array for the scan under way, holding what it wrote so far (from `scanStart` to `count`)
 * at its start, with room for at least as much again. A narrow one becomes the arena.
 */
function grow(packed: Uint32Array | Float64Array, count: number): Uint32Array | Float64Array {
  const written = packed.subarray(scanStart, count);
  if (packed instanceof Uint32Array) {
    arena = new Uint32Array(Math.max(ARENA_SIZE, written.length * 2));
    arena.set(written);
    return arena;
  }
  wide = new Float64Array(written.length * 2);
  wide.set(written);
  return wide;
}

/** Any token but blanks and identifiers, at `i` (where `c` is): its end times 32 plus its kind. */
function scanOther(text: string, i: number, c: number): number {
  const start = i;
  let kind: number;
  if (isDigit(c) || (c === 46 && isDigit(at(text, i + 1)))) {
    kind = K.Number;
    i = numberEnd(text, i);
  } else {
    const d = at(text, i + 1);
    switch (c) {
      case 123: { // {
        const close = tagClose(d);
        if (close !== undefined) {
          const end = tagEnd(i, close);
          kind = end < 0 ? K.Unterminated : d === 123 ? K.TemplateExpression : d === 37 ? K.TemplateStatement : K.TemplateComment;
          if (end < 0) unterminated++;
          i = end < 0 ? lineEnd(text, i) : end;
        } else {
          kind = K.LBrace;
          i++;
        }
        break;
      }
      case 39: // '
      case 96: // `
      case 34: { // "
        const end = quoted(i, c);
        kind = end < 0 ? K.Unterminated : c === 39 ? K.String : c === 96 ? K.QuotedIdentifier : K.DoubleQuotedIdentifier;
        if (end < 0) unterminated++;
        i = end < 0 ? lineEnd(text, i) : end;
        break;
      }
      case 35: // #
        kind = K.LineComment;
        i = lineEnd(text, i);
        break;
      case 45: // -
        if (d === 45) {
          kind = K.LineComment;
          i = lineEnd(text, i);
        } else {
          kind = K.Operator;
          i += d === 62 ? 2 : 1;
        }
        break;
      case 47: // /
        if (d === 42) {
          const end = blockCommentEnd(text, i);
          // An unclosed block comment runs to the end of the text, as in ClickHouse (and its
          // nesting makes any shorter recovery point arbitrary).
          kind = end < 0 ? K.Unterminated : K.BlockComment;
          if (end < 0) unterminated++;
          i = end < 0 ? limit : end;
        } else {
          kind = K.Operator;
          i++;
        }
        break;
      case 36: // $
        kind = K.EnvVariable;
        i = envVariableEnd(text, i);
        if (i < 0) {
          kind = K.Unknown;
          i = start + 1;
        }
        break;
      case 58: // :
        kind = K.Operator;
        i += d === 58 ? 2 : 1;
        break;
      case 124: // |
        kind = K.Operator;
        i += d === 124 ? 2 : 1;
        break;
      case 60: // <
        kind = K.Operator;
        i += d === 61 ? (at(text, i + 2) === 62 ? 3 : 2) : d === 62 ? 2 : 1;
        break;
      case 62: // >
      case 33: // !
      case 61: // =
        kind = K.Operator;
        i += d === 61 ? 2 : 1;
        break;
      case 43: case 42: case 37: case 63: case 38: case 94: case 126: case 64: // + * % ? & ^ ~ @
        kind = K.Operator;
        i++;
        break;
      case 40: kind = K.LParen; i++; break;
      case 41: kind = K.RParen; i++; break;
      case 91: kind = K.LBracket; i++; break;
      case 93: kind = K.RBracket; i++; break;
      case 125: kind = K.RBrace; i++; break;
      case 44: kind = K.Comma; i++; break;
      case 59: kind = K.Semicolon; i++; break;
      case 46: kind = K.Dot; i++; break;
      default:
        // One Unknown token per character nothing else matches (`\`, a lone `$`, controls).
        kind = K.Unknown;
        i++;
    }
  }
  return i * 32 + kind;
}

/** Index just past the `close` delimiter of a tag opened at `offset`, or -1. */
function tagEnd(offset: number, close: string): number {
  const from = offset + 2;
  const failedFrom = noCloserFrom?.get(close);
  if (failedFrom !== undefined && from >= failedFrom) return -1;
  const i = memoText.indexOf(close, from);
  if (i < 0 || i + 2 > limit) {
    (noCloserFrom ??= new Map()).set(close, Math.min(from, failedFrom ?? from));
    return -1;
  }
  return i + 2;
}

/**
 * One step of a quoted-run scan at `i`: the next position, or -1 when `i` is the closing
 * quote. Backslash and doubled-quote escapes are skipped, and so are whole template tags,
 * because Tornado renders them before ClickHouse reads the quotes.
 */
function quotedStep(i: number, quote: number): number {
  const text = memoText;
  const c = text.charCodeAt(i);
  if (c === 92) return i + 2;
  if (c === quote) return at(text, i + 1) === quote ? i + 2 : -1;
  if (c === 123) {
    const close = tagClose(at(text, i + 1));
    if (close !== undefined) {
      const end = tagEnd(i, close);
      if (end > 0) return end;
    }
  }
  return i + 1;
}

/**
 * End of the quoted run (`'…'`, `` `…` ``, `"…"`) opened at `offset`, or -1. The scan is a
 * deterministic walk over positions, so once a walk from some quote reached the end of the
 * text, any later walk that steps on one of its positions fails too: those positions are
 * marked and never walked again.
 */
function quoted(offset: number, quote: number): number {
  const n = limit;
  const from = scanFrom;
  let dead = deadEnds?.get(quote);
  let i = offset + 1;
  while (i < n && dead?.[i - from] !== 1) {
    const next = quotedStep(i, quote);
    if (next < 0) return i + 1;
    i = next;
  }
  if (!dead) {
    dead = new Uint8Array(n - from);
    (deadEnds ??= new Map()).set(quote, dead);
  }
  for (let j = offset + 1; j < n && dead[j - from] !== 1; j = quotedStep(j, quote)) dead[j - from] = 1;
  return -1;
}

/** `0x…`, `0b…`, `1`, `1.`, `1.5`, `.5`, each with an optional exponent. */
function numberEnd(text: string, i: number): number {
  const c = at(text, i);
  const d = at(text, i + 1);
  if (c === 48 && (d === 120 || d === 88) && isHexDigit(at(text, i + 2))) {
    i += 3;
    while (isHexDigit(at(text, i))) i++;
    return i;
  }
  const bin = (x: number): boolean => x === 48 || x === 49;
  if (c === 48 && (d === 98 || d === 66) && bin(at(text, i + 2))) {
    i += 3;
    while (bin(at(text, i))) i++;
    return i;
  }
  if (c === 46) {
    i++;
    while (isDigit(at(text, i))) i++;
  } else {
    while (isDigit(at(text, i))) i++;
    if (at(text, i) === 46) {
      i++;
      while (isDigit(at(text, i))) i++;
    }
  }
  const e = at(text, i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = at(text, j);
    if (sign === 43 || sign === 45) j++;
    if (isDigit(at(text, j))) {
      while (isDigit(at(text, j))) j++;
      i = j;
    }
  }
  return i;
}

/**
 * The end of the line containing `i` (the offset of its `\r` or `\n`, or the SQL's end). Not
 * shlex.ts's `lineEnd`: its CR check is cached for one text at a time, and alternating between a
 * block's SQL and the whole file would repeat that check over the file once per block.
 */
function lineEnd(text: string, i: number): number {
  const n = limit;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return n;
}

/** End of a `/* … *\/` comment at `offset`, with nesting as ClickHouse allows, or -1. */
function blockCommentEnd(text: string, offset: number): number {
  let depth = 1;
  let i = offset + 2;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 47 && at(text, i + 1) === 42) {
      depth++;
      i += 2;
    } else if (c === 42 && at(text, i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** End of `$NAME` or `${NAME}` at `offset`, or -1. */
function envVariableEnd(text: string, offset: number): number {
  let i = offset + 1;
  if (at(text, i) === 123 && isAsciiIdentStart(at(text, i + 1))) {
    let j = i + 2;
    while (isAsciiIdentPart(at(text, j))) j++;
    if (at(text, j) === 125) return j + 1;
  }
  if (!isAsciiIdentStart(at(text, i))) return -1;
  do i++;
  while (isAsciiIdentPart(at(text, i)));
  return i;
}
