import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../src/linter.js';
import type { AnyRule } from '../src/rule.js';
import { builtinRules } from '../src/rules/index.js';
import { projectOf } from './helpers/project.js';
import { RULES_DOCS_DIR, documentedRuleIds, readRuleDoc } from './helpers/rule-docs.js';

const rules: readonly AnyRule[] = Object.values(builtinRules);
const SECTIONS = ['## Examples', '## Options', '## When not to use it', '## References'];

describe('rules/*.md', () => {
  it('documents exactly the registered rules', () => {
    expect(documentedRuleIds()).toEqual(rules.map((r) => r.id).sort());
  });

  it('lists every rule in the README table, from meta', () => {
    const readme = readFileSync(path.join(RULES_DOCS_DIR, 'README.md'), 'utf8');
    const table = /<!-- rules-table -->\n([\s\S]*?)<!-- \/rules-table -->/.exec(readme)?.[1];
    const rows = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) =>
      `| [${r.id}](${r.id}.md) | ${r.meta.description} | ${r.meta.category} | ${r.meta.defaultSeverity} | ${r.meta.scope} | ${r.meta.fixable ? 'yes' : 'no'} |`);
    expect(table).toBe(['| rule | description | category | default | scope | fixable |', '| --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n'));
  });
});

describe.for(rules.map((r) => [r.id, r] as const))('rules/%s.md', ([id, rule]) => {
  const doc = readRuleDoc(id);

  it('has frontmatter matching meta', () => {
    expect(doc.frontmatter).toEqual({
      id,
      description: rule.meta.description,
      category: rule.meta.category,
      severity: rule.meta.defaultSeverity,
      fixable: String(rule.meta.fixable),
      scope: rule.meta.scope,
    });
  });

  it('has the sections in order', () => {
    expect(doc.headings.filter((h) => h.startsWith('## '))).toEqual(SECTIONS);
    expect(doc.examples.some((e) => e.kind === 'incorrect')).toBe(true);
    expect(doc.examples.some((e) => e.kind === 'correct')).toBe(true);
  });

  // Examples run with the rule on at its default options, whatever its default severity.
  it.for(doc.examples.map((e, i) => [`${e.kind} example #${i + 1}`, e] as const))('%s', ([, example]) => {
    const graph = projectOf(example.files);
    const parseErrors = graph.files.flatMap((f) => f.parsed.diagnostics).filter((d) => d.severity === 'error');
    expect(parseErrors).toEqual([]);
    const results = lintProject(graph, { rules: { [id]: 'error' } }, { rules: { [id]: rule } });
    const found = results.flatMap((r) => r.messages).filter((m) => m.ruleId === id);
    if (example.kind === 'incorrect') expect(found.length).toBeGreaterThan(0);
    else expect(found.map((m) => `${m.file}:${m.line}:${m.column} ${m.message}`)).toEqual([]);
  });
});
