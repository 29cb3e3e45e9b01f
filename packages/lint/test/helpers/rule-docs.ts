import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The repo's `rules/` folder. */
export const RULES_DOCS_DIR = path.resolve(import.meta.dirname, '../../../../rules');

/** One `### ❌ Incorrect` or `### ✅ Correct` section: its fenced blocks form one project. */
export interface DocExample {
  readonly kind: 'incorrect' | 'correct';
  readonly files: Record<string, string>;
}

/** A parsed `rules/<id>.md`. */
export interface RuleDoc {
  readonly id: string;
  readonly frontmatter: Record<string, string>;
  /** `##` and `###` headings in order. */
  readonly headings: string[];
  readonly examples: DocExample[];
}

/** Ids of the docs in `rules/` (file stems, without README/TEMPLATE). */
export function documentedRuleIds(): string[] {
  return readdirSync(RULES_DOCS_DIR)
    .filter((f) => f.endsWith('.md') && f !== 'README.md' && f !== 'TEMPLATE.md')
    .map((f) => f.slice(0, -3))
    .sort();
}

/** Reads and splits a rule doc: frontmatter, headings and executable examples. */
export function readRuleDoc(id: string): RuleDoc {
  const text = readFileSync(path.join(RULES_DOCS_DIR, `${id}.md`), 'utf8');
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const frontmatter: Record<string, string> = {};
  for (const line of (fm?.[1] ?? '').split('\n')) {
    const m = /^(\w+):\s*(.*)$/.exec(line);
    if (m) frontmatter[m[1]!] = m[2]!.replace(/^'(.*)'$|^"(.*)"$/, '$1$2');
  }
  const body = fm ? text.slice(fm[0].length) : text;
  const headings: string[] = [];
  const examples: DocExample[] = [];
  let current: DocExample | undefined;
  const fence = /^```tinybird\s+filename=(\S+)\n([\s\S]*?)^```$/gm;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{2,3} /.test(line)) {
      headings.push(line);
      const kind = line.startsWith('### ❌ Incorrect') ? 'incorrect' : line.startsWith('### ✅ Correct') ? 'correct' : undefined;
      current = kind ? { kind, files: {} } : undefined;
      if (current) examples.push(current);
      continue;
    }
    if (line.startsWith('```tinybird') && current) {
      fence.lastIndex = 0;
      const rest = lines.slice(i).join('\n');
      const m = fence.exec(rest);
      if (!m || m.index !== 0) throw new Error(`${id}.md: bad fenced block at "${line}"`);
      current.files[m[1]!] = m[2]!;
      i += m[0].split('\n').length - 1;
    }
  }
  return { id, frontmatter, headings, examples };
}
