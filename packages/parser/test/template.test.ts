import { describe, expect, test } from 'vitest';
import { scanTemplate } from '../src/index.js';
import { lines, parse } from './helpers.js';

describe('template scan', () => {
  test('tags with kind, keyword, content and file offsets', () => {
    const text = "% SELECT {{ String(x, 'a') }} {% if defined(y) %}{# c #}{% end %}";
    const scan = scanTemplate(text, 100);
    expect(scan.problems).toEqual([]);
    expect(scan.tags.map(({ kind, keyword, content, contentStart, closed, start, end }) => ({ kind, keyword, content, contentStart, closed, start, end }))).toEqual([
      { kind: 'expression', keyword: '', content: " String(x, 'a') ", contentStart: 111, closed: true, start: 109, end: 129 },
      { kind: 'statement', keyword: 'if', content: ' if defined(y) ', contentStart: 132, closed: true, start: 130, end: 149 },
      { kind: 'comment', keyword: '', content: ' c ', contentStart: 151, closed: true, start: 149, end: 156 },
      { kind: 'statement', keyword: 'end', content: ' end ', contentStart: 158, closed: true, start: 156, end: 165 },
    ]);
  });

  test('branches of if/elif/else cover the text between the tags', () => {
    const text = '{% if a %}A{% elif b %}B{% else %}C{% end %}';
    const scan = scanTemplate(text, 0);
    expect(scan.branches.map((b) => [b.tag.keyword, text.slice(b.start, b.end)])).toEqual([
      ['if', 'A'],
      ['elif', 'B'],
      ['else', 'C'],
    ]);
  });

  test('nested blocks: every branch, sorted by start', () => {
    const text = '{% for v in xs %}<{% if v %}Y{% end %}>{% end %}{% try %}T{% except %}E{% finally %}F{% end %}';
    const scan = scanTemplate(text, 0);
    expect(scan.problems).toEqual([]);
    expect(scan.branches.map((b) => [b.tag.keyword, text.slice(b.start, b.end)])).toEqual([
      ['for', '<{% if v %}Y{% end %}>'],
      ['if', 'Y'],
      ['try', 'T'],
      ['except', 'E'],
      ['finally', 'F'],
    ]);
  });

  test('{{{ renders its first brace literally', () => {
    const scan = scanTemplate('{{{ x }}', 0);
    expect(scan.tags.map((t) => [t.start, t.end, t.content])).toEqual([[1, 8, ' x ']]);
  });

  test('escapes are three-character tags and open nothing', () => {
    const scan = scanTemplate('{{! a }} {%! if %} {#! b', 0);
    expect(scan.problems).toEqual([]);
    expect(scan.tags.map((t) => [t.kind, t.start, t.end])).toEqual([
      ['escape', 0, 3],
      ['escape', 9, 12],
      ['escape', 19, 22],
    ]);
  });

  test('standalone statements need no end; autoescape and raw are standalone in Tornado', () => {
    const scan = scanTemplate('{% set a = 1 %}{% raw x %}{% autoescape None %}{% comment c %}{% whitespace all %}', 0);
    expect(scan.problems).toEqual([]);
  });

  test('break and continue inside a loop, else on a for', () => {
    const scan = scanTemplate('{% for a in b %}{% if a %}{% break %}{% end %}{% continue %}{% else %}none{% end %}', 0);
    expect(scan.problems).toEqual([]);
    expect(scan.branches.map((b) => b.tag.keyword)).toEqual(['for', 'if', 'else']);
  });

  // Keywords are user text: names of Object.prototype's members are plain unknown keywords.
  test.each(['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty'])('{%% %s %%} inside a block is an unknown statement, not a crash', (kw) => {
    const scan = scanTemplate(`{% if a %}A{% ${kw} %}B{% end %}`, 0);
    expect(scan.branches.map((b) => b.tag.keyword)).toEqual(['if']);
    expect(scan.problems.map((p) => p.code)).toEqual(scanTemplate('{% if a %}A{% unknownword %}B{% end %}', 0).problems.map((p) => p.code));
  });

  test('the scan stops at the first unclosed tag, as Tornado does', () => {
    const scan = scanTemplate('{{ a }} {{ b \n {% if c %}', 0);
    expect(scan.tags.map((t) => [t.kind, t.closed, t.start, t.end])).toEqual([
      ['expression', true, 0, 7],
      ['expression', false, 8, 13],
    ]);
    expect(scan.problems.map((p) => [p.code, p.start, p.end])).toEqual([['unclosedExpression', 8, 13]]);
  });

  test('a SQL block exposes its tags and branches with file offsets', () => {
    const source = lines('NODE n', 'SQL >', '    %', '    SELECT 1 FROM t', '    {% if defined(x) %}WHERE a = {{ x }}{% end %}');
    const sql = parse(source).pipe!.nodes[0]!.sql!;
    expect(sql.templateTags.map((t) => source.slice(t.start, t.end))).toEqual(['{% if defined(x) %}', '{{ x }}', '{% end %}']);
    expect(sql.branches.map((b) => source.slice(b.start, b.end))).toEqual(['WHERE a = {{ x }}']);
    expect(sql.branches[0]).toMatchObject({ start: 62, end: 79 });
  });
});
