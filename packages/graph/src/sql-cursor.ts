import type { SqlToken } from '@tb-refs/parser';

const TRIVIA = new Set(['Whitespace', 'LineComment', 'BlockComment', 'TemplateComment']);

/** The significant tokens of a SQL text (no whitespace or comments), with a read position. */
export class SqlCursor {
  readonly tokens: readonly SqlToken[];
  pos = 0;

  constructor(all: readonly SqlToken[]) {
    this.tokens = all.filter((t) => !TRIVIA.has(t.type));
  }

  get done(): boolean {
    return this.pos >= this.tokens.length;
  }

  peek(ahead = 0): SqlToken | undefined {
    return this.tokens[this.pos + ahead];
  }

  next(): SqlToken | undefined {
    return this.tokens[this.pos++];
  }

  /** True when the token at `ahead` is the keyword `word` (case-insensitive, unquoted). */
  isKeyword(word: string, ahead = 0): boolean {
    const t = this.tokens[this.pos + ahead];
    return t !== undefined && t.type === 'Identifier' && t.image.length === word.length && t.image.toUpperCase() === word;
  }

  /** True when the token at `ahead` is a template statement with one of the keywords. */
  isTemplate(ahead = 0, ...keywords: string[]): boolean {
    const t = this.tokens[this.pos + ahead];
    if (t === undefined || t.type !== 'TemplateStatement') return false;
    return keywords.length === 0 || keywords.includes(templateKeyword(t));
  }
}

/** The operator word of a `{% … %}` token. */
export function templateKeyword(t: SqlToken): string {
  return /^\{%-?\s*([A-Za-z_]+)/.exec(t.image)?.[1] ?? '';
}

/** Upper-case image of an identifier token, or '' for other tokens. */
export function keywordOf(t: SqlToken | undefined): string {
  return t !== undefined && t.type === 'Identifier' ? t.image.toUpperCase() : '';
}
