import { createToken, Lexer, type CustomPatternMatcherReturn, type TokenType } from 'chevrotain';
import type { SqlToken, SqlTokenType } from './ast.js';

// ClickHouse lexical rules (src/Parsers/Lexer.cpp) plus Tinybird's Tornado templates. Template
// tags come first: Tornado renders them before ClickHouse sees the text, so `{{ x }}` is a tag
// wherever it stands outside a SQL string or comment.

/** Index just past the closing `close` delimiter of a tag opened at `offset`, or -1. */
function tagEnd(text: string, offset: number, close: string): number {
  const i = text.indexOf(close, offset + 2);
  return i < 0 ? -1 : i + 2;
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
 * A quoted run (`'…'`, `` `…` ``, `"…"`) with backslash and doubled-quote escapes. Template tags
 * inside are skipped whole, because Tornado renders them before ClickHouse reads the quotes.
 */
function quoted(quote: number) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    if (text.charCodeAt(offset) !== quote) return null;
    let i = offset + 1;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === quote) {
        if (text.charCodeAt(i + 1) === quote) {
          i += 2;
          continue;
        }
        return [text.slice(offset, i + 1)];
      }
      if (c === 123) {
        const d = text.charCodeAt(i + 1);
        const close = d === 123 ? '}}' : d === 37 ? '%}' : d === 35 ? '#}' : '';
        if (close) {
          const end = tagEnd(text, i, close);
          if (end > 0) {
            i = end;
            continue;
          }
        }
      }
      i++;
    }
    return null;
  };
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
  // Unclosed quotes, comments and tags run to the end of their line so the rest still lexes.
  createToken({ name: 'Unterminated', pattern: /'[^\r\n]*|`[^\r\n]*|"[^\r\n]*|\/\*[^\r\n]*|\{\{[^\r\n]*|\{%[^\r\n]*|\{#[^\r\n]*/ }),
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
  createToken({ name: 'Unknown', pattern: /[^]/ }),
];

const sqlLexer = new Lexer(tokenDefs, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
});

/**
 * Tokenises SQL text taken from a file at `base`, returning tokens with file offsets. Every
 * character belongs to a token; whitespace and comments are kept.
 */
export function lexSql(text: string, base: number): SqlToken[] {
  const result = sqlLexer.tokenize(text);
  const out: SqlToken[] = new Array<SqlToken>(result.tokens.length);
  for (let i = 0; i < result.tokens.length; i++) {
    const t = result.tokens[i]!;
    const start = base + t.startOffset;
    out[i] = { type: t.tokenType.name as SqlTokenType, image: t.image, start, end: start + t.image.length };
  }
  return out;
}
