import type { Range, TemplateBranch, TemplateTag } from './ast.js';

// Tinybird renders SQL with a fork of Tornado's template engine (tinybird/tornado_template.py).
// This scan follows Tornado's `_parse`: it finds `{{`, `{%`, `{#` anywhere in the text, strings
// and SQL comments included, because the template engine knows nothing of SQL.

const OPENERS = new Set(['if', 'for', 'while', 'try', 'apply', 'block']);
// A Map, not an object literal: a keyword is user text, and `{% toString %}` must not find
// Object.prototype's members.
const INTERMEDIATE: ReadonlyMap<string, readonly string[]> = new Map([
  ['elif', ['if']],
  ['else', ['if', 'for', 'while', 'try']],
  ['except', ['try']],
  ['finally', ['try']],
]);
const STANDALONE = new Set([
  'set', 'end', 'break', 'continue', 'extends', 'include', 'comment', 'whitespace', 'module',
  'import', 'from', 'autoescape', 'raw',
]);

/** A template problem, placed at a tag. */
export interface TemplateProblem extends Range {
  readonly code:
    | 'unclosedExpression'
    | 'unclosedStatement'
    | 'unclosedComment'
    | 'missingEnd'
    | 'extraEnd'
    | 'misplacedIntermediate'
    | 'unknownOperator'
    | 'forbiddenImport'
    | 'emptyExpression'
    | 'emptyStatement';
  readonly keyword?: string;
}

/** Tags, conditional branches and problems of a template text. */
export interface TemplateScan {
  readonly tags: TemplateTag[];
  readonly branches: TemplateBranch[];
  readonly problems: TemplateProblem[];
}

const CLOSERS: Readonly<Record<string, string>> = { '{': '}}', '%': '%}', '#': '#}' };
/** What `String.prototype.trim` removes, for a blank test without making the trimmed string. */
const BLANK = /^\s*$/;

/** Scans `text` (taken from the file at `base`) for template tags and their block structure. */
export function scanTemplate(text: string, base: number): TemplateScan {
  const tags: TemplateTag[] = [];
  const problems: TemplateProblem[] = [];
  let pos = 0;
  for (;;) {
    let curly = text.indexOf('{', pos);
    while (curly >= 0) {
      const next = text[curly + 1];
      if (next === '{' || next === '%' || next === '#') {
        // `{{{` renders its first brace literally, as in Tornado.
        if (next === '{' && text[curly + 2] === '{') {
          curly = text.indexOf('{', curly + 1);
          continue;
        }
        break;
      }
      curly = text.indexOf('{', curly + 1);
    }
    if (curly < 0) break;
    const opener = text[curly + 1]!;
    if (text[curly + 2] === '!') {
      // `{{!`, `{%!` and `{#!` are escapes: Tornado outputs the two braces and reads on after
      // the `!`, without looking for a closing delimiter.
      tags.push(makeTag(text, base, curly, curly + 3, opener, true, true));
      pos = curly + 3;
      continue;
    }
    const close = CLOSERS[opener]!;
    const closeAt = text.indexOf(close, curly + 2);
    if (closeAt < 0) {
      const code = opener === '{' ? 'unclosedExpression' : opener === '%' ? 'unclosedStatement' : 'unclosedComment';
      const lineEnd = text.slice(curly).search(/\r|\n/);
      const endAt = lineEnd < 0 ? text.length : curly + lineEnd;
      problems.push({ code, start: base + curly, end: base + endAt });
      tags.push(makeTag(text, base, curly, endAt, opener, false));
      break;
    }
    const end = closeAt + 2;
    tags.push(makeTag(text, base, curly, end, opener, true));
    pos = end;
  }
  const branches = structure(tags, problems);
  return { tags, branches, problems };
}

function makeTag(text: string, base: number, start: number, end: number, opener: string, closed: boolean, escape = false): TemplateTag {
  const contentStart = start + 2;
  const content = escape ? '!' : text.slice(contentStart, closed ? end - 2 : end);
  const kind: TemplateTag['kind'] = escape ? 'escape' : opener === '{' ? 'expression' : opener === '%' ? 'statement' : 'comment';
  // Tornado: `operator, space, suffix = contents.partition(" ")`, so `{% if(x) %}` has the
  // operator `if(x)` (an unknown one), and only a space separates it from its argument.
  let keyword = '';
  if (kind === 'statement') {
    const trimmed = content.trim();
    const space = trimmed.indexOf(' ');
    keyword = space < 0 ? trimmed : trimmed.slice(0, space);
  }
  return { kind, keyword, content, contentStart: base + contentStart, closed, start: base + start, end: base + end };
}

interface OpenBlock {
  readonly tag: TemplateTag;
  branchTag: TemplateTag;
  branchStart: number;
}

/** Matches openers with `{% end %}` and records each branch's body range. */
function structure(tags: readonly TemplateTag[], problems: TemplateProblem[]): TemplateBranch[] {
  const branches: TemplateBranch[] = [];
  const stack: OpenBlock[] = [];
  for (const tag of tags) {
    if (tag.kind === 'expression' && tag.closed && BLANK.test(tag.content)) {
      problems.push({ code: 'emptyExpression', start: tag.start, end: tag.end });
    }
    if (tag.kind !== 'statement' || !tag.closed) continue;
    const kw = tag.keyword;
    // A statement's keyword is empty only when its content is blank.
    if (kw === '') {
      problems.push({ code: 'emptyStatement', start: tag.start, end: tag.end });
      continue;
    }
    if (OPENERS.has(kw)) {
      stack.push({ tag, branchTag: tag, branchStart: tag.end });
    } else if (INTERMEDIATE.has(kw)) {
      const top = stack[stack.length - 1];
      if (!top || !INTERMEDIATE.get(kw)!.includes(top.tag.keyword)) {
        problems.push({ code: 'misplacedIntermediate', start: tag.start, end: tag.end, keyword: kw });
        continue;
      }
      branches.push({ tag: top.branchTag, start: top.branchStart, end: tag.start });
      top.branchTag = tag;
      top.branchStart = tag.end;
    } else if (kw === 'end') {
      const top = stack.pop();
      if (!top) {
        problems.push({ code: 'extraEnd', start: tag.start, end: tag.end });
        continue;
      }
      branches.push({ tag: top.branchTag, start: top.branchStart, end: tag.start });
    } else if (kw === 'import' || kw === 'from') {
      problems.push({ code: 'forbiddenImport', start: tag.start, end: tag.end, keyword: kw });
    } else if (!STANDALONE.has(kw)) {
      problems.push({ code: 'unknownOperator', start: tag.start, end: tag.end, keyword: kw });
    }
  }
  for (const open of stack) {
    problems.push({ code: 'missingEnd', start: open.tag.start, end: open.tag.end, keyword: open.tag.keyword });
  }
  return branches.sort((a, b) => a.start - b.start);
}
