import { SqlKind as K, type SqlToken, type SqlTokenList } from '@tb-refs/parser';

/**
 * Identifiers longer than this are never keywords to the reference scan (its longest words,
 * INTERSECT and RECURSIVE, have 9 letters), so they are not upper-cased.
 */
const KEYWORD_MAX = 12;

/** The significant tokens of a SQL text (no whitespace or comments), with a read position. */
export class SqlCursor {
  readonly tokens: readonly SqlToken[];
  /** Upper-case image of each identifier token ('' for others), computed once: keyword checks are the hot path. */
  readonly #upper: readonly string[];
  pos = 0;

  /**
   * Token objects are made here, for the significant tokens only, and die with the cursor: the
   * parsed files keep just the compact list. `lead` is a token read before the list.
   */
  constructor(list: SqlTokenList, lead?: SqlToken) {
    const tokens: SqlToken[] = [];
    const upper: string[] = [];
    if (lead) {
      tokens.push(lead);
      upper.push(keywordOf(lead));
    }
    for (let i = 0; i < list.length; i++) {
      const kind = list.kind(i);
      if (kind === K.Whitespace || kind === K.LineComment || kind === K.BlockComment || kind === K.TemplateComment) continue;
      const t = list.token(i);
      tokens.push(t);
      upper.push(kind === K.Identifier && t.image.length <= KEYWORD_MAX ? t.image.toUpperCase() : '');
    }
    this.tokens = tokens;
    this.#upper = upper;
  }

  /** Upper-case image of the identifier at `ahead`; '' for other tokens, past the end, and for identifiers too long to be keywords. */
  keyword(ahead = 0): string {
    return this.#upper[this.pos + ahead] ?? '';
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
    return this.#upper[this.pos + ahead] === word;
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
