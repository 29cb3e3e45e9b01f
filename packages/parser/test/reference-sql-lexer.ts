import type { CustomPatternMatcherReturn, TokenType } from 'chevrotain';
import { createToken, Lexer } from 'chevrotain';
import type { SqlToken, SqlTokenType } from '../src/ast.js';

// The SQL lexer as chevrotain token definitions: the executable specification that
// src/sql-scanner.ts must match token for token (sql-scanner.test.ts checks it on the corpus and
// on random text). The product scans with the hand-written scanner because this lexer alone cost
// half or more of the SDK's whole-file parse time.
//
// ClickHouse lexical rules (src/Parsers/Lexer.cpp) plus Tinybird's Tornado templates. Template
// tags come first: Tornado renders them before ClickHouse sees the text, so `{{ x }}` is a tag
// wherever it stands outside a SQL string or comment.

// Searches that fail are remembered for the text being lexed, so that no region is rescanned:
// an unclosed `{{` or quote on every line of a 10 MB file must not make lexing quadratic.
let memoText: string | undefined;
/** Per closing delimiter: the smallest offset from which a search for it failed. */
const noCloserFrom = new Map<string, number>();
/** Per quote character: positions on the path of a quoted-run scan that reached the end. */
const deadEnds = new Map<number, Uint8Array>();

function useMemo(text: string): void {
  if (text !== memoText) {
    memoText = text;
    noCloserFrom.clear();
    deadEnds.clear();
  }
}

/** Index just past the closing `close` delimiter of a tag opened at `offset`, or -1. */
function tagEnd(text: string, offset: number, close: string): number {
  useMemo(text);
  const from = offset + 2;
  const failedFrom = noCloserFrom.get(close);
  if (failedFrom !== undefined && from >= failedFrom) return -1;
  const i = text.indexOf(close, from);
  if (i < 0) {
    noCloserFrom.set(close, Math.min(from, failedFrom ?? from));
    return -1;
  }
  return i + 2;
}

function templateTag(open: string, close: string) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    if (text.charCodeAt(offset) !== 123 || text.charCodeAt(offset + 1) !== open.charCodeAt(1)) return null;
    const end = tagEnd(text, offset, close);
    // An unclosed tag is lexed as Unterminated to the end of its line, so lexing goes on.
    return end < 0 ? null : [text.slice(offset, end)];
  };
}

/**
 * One step of a quoted-run scan at `i`: the next position, or -1 when `i` is the closing quote.
 * Backslash and doubled-quote escapes are skipped, and so are whole template tags, because
 * Tornado renders them before ClickHouse reads the quotes.
 */
function quotedStep(text: string, i: number, quote: number): number {
  const c = text.charCodeAt(i);
  if (c === 92) return i + 2;
  if (c === quote) return text.charCodeAt(i + 1) === quote ? i + 2 : -1;
  if (c === 123) {
    const d = text.charCodeAt(i + 1);
    const close = d === 123 ? '}}' : d === 37 ? '%}' : d === 35 ? '#}' : '';
    if (close) {
      const end = tagEnd(text, i, close);
      if (end > 0) return end;
    }
  }
  return i + 1;
}

/**
 * A quoted run (`'…'`, `` `…` ``, `"…"`). The scan is a deterministic walk over positions, so
 * once a walk from some quote reached the end of the text, any later walk that steps on one of
 * its positions fails too: those positions are marked and never walked again.
 */
function quoted(quote: number) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    if (text.charCodeAt(offset) !== quote) return null;
    useMemo(text);
    const n = text.length;
    let dead = deadEnds.get(quote);
    let i = offset + 1;
    while (i < n && dead?.[i] !== 1) {
      const next = quotedStep(text, i, quote);
      if (next < 0) return [text.slice(offset, i + 1)];
      i = next;
    }
    if (!dead) {
      dead = new Uint8Array(n);
      deadEnds.set(quote, dead);
    }
    for (let j = offset + 1; j < n && dead[j] !== 1; j = quotedStep(text, j, quote)) dead[j] = 1;
    return null;
  };
}

/**
 * What is left of an unclosed quote or tag, up to the end of its line so the rest still lexes.
 * An unclosed block comment runs to the end of the text, as in ClickHouse (and its nesting makes
 * any shorter recovery point arbitrary).
 */
function unterminated(text: string, offset: number): CustomPatternMatcherReturn | null {
  const c = text.charCodeAt(offset);
  const d = text.charCodeAt(offset + 1);
  if (c === 47 && d === 42) return [text.slice(offset)];
  if (c === 39 || c === 96 || c === 34 || (c === 123 && (d === 123 || d === 37 || d === 35))) {
    let end = offset + 1;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    return [text.slice(offset, end)];
  }
  return null;
}

/** `/* … *\/` with nesting, as ClickHouse allows. */
function blockComment(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null;
  let depth = 1;
  let i = offset + 2;
  while (i < text.length) {
    if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return [text.slice(offset, i)];
    } else i++;
  }
  return null;
}

const tokenDefs: TokenType[] = [
  createToken({ name: 'TemplateComment', pattern: templateTag('{#', '#}'), line_breaks: true, start_chars_hint: ['{'] }),
  createToken({ name: 'TemplateExpression', pattern: templateTag('{{', '}}'), line_breaks: true, start_chars_hint: ['{'] }),
  createToken({ name: 'TemplateStatement', pattern: templateTag('{%', '%}'), line_breaks: true, start_chars_hint: ['{'] }),
  createToken({ name: 'Whitespace', pattern: /[ \t\r\n\f\v]+/, line_breaks: true }),
  createToken({ name: 'LineComment', pattern: /--[^\r\n]*|#[^\r\n]*/ }),
  createToken({ name: 'BlockComment', pattern: blockComment, line_breaks: true, start_chars_hint: ['/'] }),
  createToken({ name: 'String', pattern: quoted(39), line_breaks: true, start_chars_hint: ["'"] }),
  createToken({ name: 'QuotedIdentifier', pattern: quoted(96), line_breaks: true, start_chars_hint: ['`'] }),
  createToken({ name: 'DoubleQuotedIdentifier', pattern: quoted(34), line_breaks: true, start_chars_hint: ['"'] }),
  createToken({ name: 'Unterminated', pattern: unterminated, line_breaks: true, start_chars_hint: ["'", '`', '"', '/', '{'] }),
  createToken({ name: 'Number', pattern: /0[xX][0-9a-fA-F]+|0[bB][01]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/ }),
  createToken({ name: 'Identifier', pattern: /[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*/ }),
  createToken({ name: 'EnvVariable', pattern: /\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$[A-Za-z_][A-Za-z0-9_]*/ }),
  createToken({ name: 'LParen', pattern: '(' }),
  createToken({ name: 'RParen', pattern: ')' }),
  createToken({ name: 'LBracket', pattern: '[' }),
  createToken({ name: 'RBracket', pattern: ']' }),
  createToken({ name: 'LBrace', pattern: '{' }),
  createToken({ name: 'RBrace', pattern: '}' }),
  createToken({ name: 'Comma', pattern: ',' }),
  createToken({ name: 'Semicolon', pattern: ';' }),
  createToken({ name: 'Operator', pattern: /->|::|\|\||<=>|<=|>=|!=|<>|==|[-+*\/%=<>?:!&|^~@]/ }),
  createToken({ name: 'Dot', pattern: '.' }),
];

// Characters no token matches are skipped by the lexer's error recovery and come back as
// `Unknown` tokens in `lexSql`: a catch-all `/[^]/` token would disable chevrotain's first-char
// optimisation, which makes lexing several times slower.
const sqlLexer = new Lexer(tokenDefs, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  recoveryEnabled: true,
});

/**
 * Tokenises SQL text taken from a file at `base`, returning tokens with file offsets. Every
 * character belongs to a token; whitespace and comments are kept.
 */
export function lexSqlReference(text: string, base: number): SqlToken[] {
  const result = sqlLexer.tokenize(text);
  memoText = undefined;
  noCloserFrom.clear();
  deadEnds.clear();
  const out: SqlToken[] = [];
  let pos = 0;
  for (const t of result.tokens) {
    // One Unknown token per character the lexer skipped.
    for (; pos < t.startOffset; pos++) out.push({ type: 'Unknown', image: text[pos]!, start: base + pos, end: base + pos + 1 });
    const start = base + t.startOffset;
    out.push({ type: t.tokenType.name as SqlTokenType, image: t.image, start, end: start + t.image.length });
    pos = t.startOffset + t.image.length;
  }
  for (; pos < text.length; pos++) out.push({ type: 'Unknown', image: text[pos]!, start: base + pos, end: base + pos + 1 });
  return out;
}
