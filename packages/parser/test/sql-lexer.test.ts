import { describe, expect, test } from 'vitest';
import { lexSql, type SqlTokenType } from '../src/index.js';
import { lines, parse } from './helpers.js';

/** Non-whitespace tokens as `[type, image]`. */
function lex(text: string): [SqlTokenType, string][] {
  return lexSql(text, 0).filter((t) => t.type !== 'Whitespace').map((t) => [t.type, t.image]);
}

interface LexCase {
  readonly name: string;
  readonly text: string;
  readonly tokens: readonly (readonly [SqlTokenType, string])[];
}

const cases: readonly LexCase[] = [
  { name: 'identifiers and keywords', text: 'SELECT a_1, _b, Émile FROM db.t', tokens: [['Identifier', 'SELECT'], ['Identifier', 'a_1'], ['Comma', ','], ['Identifier', '_b'], ['Comma', ','], ['Identifier', 'Émile'], ['Identifier', 'FROM'], ['Identifier', 'db'], ['Dot', '.'], ['Identifier', 't']] },
  { name: 'backtick identifiers with escapes', text: '`a b` `x``y` `p\\`q`', tokens: [['QuotedIdentifier', '`a b`'], ['QuotedIdentifier', '`x``y`'], ['QuotedIdentifier', '`p\\`q`']] },
  { name: 'double-quoted identifiers with escapes', text: '"aaaa.aaa.aaa" "a""b" "c\\"d"', tokens: [['DoubleQuotedIdentifier', '"aaaa.aaa.aaa"'], ['DoubleQuotedIdentifier', '"a""b"'], ['DoubleQuotedIdentifier', '"c\\"d"']] },
  { name: "strings with \\' and ''", text: "'it\\'s' 'it''s' '' 'a\\\\' 'x'", tokens: [['String', "'it\\'s'"], ['String', "'it''s'"], ['String', "''"], ['String', "'a\\\\'"], ['String', "'x'"]] },
  { name: 'a string over two lines', text: "'a\nb' c", tokens: [['String', "'a\nb'"], ['Identifier', 'c']] },
  { name: 'numbers', text: '1 42 3.14 .5 1. 1e10 2.5E-3 0x1F 0b101', tokens: [['Number', '1'], ['Number', '42'], ['Number', '3.14'], ['Number', '.5'], ['Number', '1.'], ['Number', '1e10'], ['Number', '2.5E-3'], ['Number', '0x1F'], ['Number', '0b101']] },
  { name: '-- and # line comments', text: 'a -- c1 \'x\nb # c2 "y\nc', tokens: [['Identifier', 'a'], ['LineComment', "-- c1 'x"], ['Identifier', 'b'], ['LineComment', '# c2 "y'], ['Identifier', 'c']] },
  { name: 'block comments, nested', text: 'a /* x /* y */ z */ b /**/ c', tokens: [['Identifier', 'a'], ['BlockComment', '/* x /* y */ z */'], ['Identifier', 'b'], ['BlockComment', '/**/'], ['Identifier', 'c']] },
  { name: 'operators', text: 'a->b::c || d <= e >= f != g <> h == i <=> j % k ? l : m', tokens: [['Identifier', 'a'], ['Operator', '->'], ['Identifier', 'b'], ['Operator', '::'], ['Identifier', 'c'], ['Operator', '||'], ['Identifier', 'd'], ['Operator', '<='], ['Identifier', 'e'], ['Operator', '>='], ['Identifier', 'f'], ['Operator', '!='], ['Identifier', 'g'], ['Operator', '<>'], ['Identifier', 'h'], ['Operator', '=='], ['Identifier', 'i'], ['Operator', '<=>'], ['Identifier', 'j'], ['Operator', '%'], ['Identifier', 'k'], ['Operator', '?'], ['Identifier', 'l'], ['Operator', ':'], ['Identifier', 'm']] },
  { name: 'punctuation', text: 'f(a)[1]{x};', tokens: [['Identifier', 'f'], ['LParen', '('], ['Identifier', 'a'], ['RParen', ')'], ['LBracket', '['], ['Number', '1'], ['RBracket', ']'], ['LBrace', '{'], ['Identifier', 'x'], ['RBrace', '}'], ['Semicolon', ';']] },
  { name: 'template tags', text: "{{ String(x, 'a') }} {% if defined(y) %} {# note #} {% end %}", tokens: [['TemplateExpression', "{{ String(x, 'a') }}"], ['TemplateStatement', '{% if defined(y) %}'], ['TemplateComment', '{# note #}'], ['TemplateStatement', '{% end %}']] },
  { name: 'a template tag spanning lines', text: '{{\n  columns(cols)\n}} x', tokens: [['TemplateExpression', '{{\n  columns(cols)\n}}'], ['Identifier', 'x']] },
  { name: 'template tags inside strings stay in the string', text: "'{{ x }}' 'a{% if b %}c{% end %}' '{{ \"it's\" }}'", tokens: [['String', "'{{ x }}'"], ['String', "'a{% if b %}c{% end %}'"], ['String', "'{{ \"it's\" }}'"]] },
  { name: 'a quote inside a template tag does not open a string', text: "{{ error('it''s') }} FROM t", tokens: [['TemplateExpression', "{{ error('it''s') }}"], ['Identifier', 'FROM'], ['Identifier', 't']] },
  { name: 'a template tag inside a backtick identifier', text: '`{{ name }}_v2` x', tokens: [['QuotedIdentifier', '`{{ name }}_v2`'], ['Identifier', 'x']] },
  { name: '$VAR and ${VAR}', text: 'FROM $SOURCE_NODE JOIN ${OTHER} $1', tokens: [['Identifier', 'FROM'], ['EnvVariable', '$SOURCE_NODE'], ['Identifier', 'JOIN'], ['EnvVariable', '${OTHER}'], ['Unknown', '$'], ['Number', '1']] },
  { name: 'unterminated string runs to the end of its line', text: "SELECT 'abc\nFROM t", tokens: [['Identifier', 'SELECT'], ['Unterminated', "'abc"], ['Identifier', 'FROM'], ['Identifier', 't']] },
  { name: 'unterminated template tag runs to the end of its line', text: 'a {{ b\nc', tokens: [['Identifier', 'a'], ['Unterminated', '{{ b'], ['Identifier', 'c']] },
  { name: 'unterminated block comment runs to the end of the text', text: 'a /* b\nc', tokens: [['Identifier', 'a'], ['Unterminated', '/* b\nc']] },
  { name: 'a lone brace is a brace', text: '{ a }', tokens: [['LBrace', '{'], ['Identifier', 'a'], ['RBrace', '}']] },
];

describe('SQL lexer', () => {
  test.for(cases)('$name', ({ text, tokens }) => {
    expect(lex(text)).toEqual(tokens);
  });

  test.for(cases)('tokens of "$name" cover the text without gaps', ({ text }) => {
    const tokens = lexSql(text, 0);
    let at = 0;
    for (const t of tokens) {
      expect(t.start).toBe(at);
      expect(t.end).toBe(t.start + t.image.length);
      at = t.end;
    }
    expect(at).toBe(text.length);
  });

  test('offsets are shifted by the base offset', () => {
    expect(lexSql('a  bc', 100).map((t) => [t.type, t.start, t.end])).toEqual([
      ['Identifier', 100, 101],
      ['Whitespace', 101, 103],
      ['Identifier', 103, 105],
    ]);
  });

  test('SQL block tokens are file offsets', () => {
    const source = lines('DESCRIPTION x', 'NODE n', 'SQL >', '    SELECT `a b`', "\tFROM t WHERE c = 'x' -- note");
    const sql = parse(source).pipe!.nodes[0]!.sql!;
    for (const t of sql.tokens) expect(source.slice(t.start, t.end)).toBe(t.image);
    expect(sql.tokens.filter((t) => t.type !== 'Whitespace').map((t) => [t.image, t.start])).toEqual([
      ['SELECT', 31],
      ['`a b`', 38],
      ['FROM', 45],
      ['t', 50],
      ['WHERE', 52],
      ['c', 58],
      ['=', 60],
      ["'x'", 62],
      ['-- note', 66],
    ]);
  });

  test('after an unclosed quote on every line, lexing stays linear and keeps going', () => {
    // Each line starts a quoted run that never closes: a naive scan rereads the rest of the text
    // for every line. The memo makes this cheap; the test asserts the tokens, not the time.
    const text = "\\'\n".repeat(2000) + 'x';
    const tokens = lexSql(text, 0);
    expect(tokens.filter((t) => t.type === 'Unterminated')).toHaveLength(2000);
    expect(tokens[tokens.length - 1]).toMatchObject({ type: 'Identifier', image: 'x' });
  });

  test('a quoted run that fails from one quote can still succeed from a later one', () => {
    // From the first `'`, `\'` is an escape and `''` a doubled quote: no closing quote. From the
    // second line's first `'`, the next `'` closes the run. The memo of failed scans must not
    // hide that.
    expect(lex("'\\'\n''b")).toEqual([['Unterminated', "'\\'"], ['String', "''"], ['Identifier', 'b']]);
  });
});
