import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadProject } from '@tb-refs/graph';
import type { ProjectGraph } from '@tb-refs/graph';
import { describe, expect, it } from 'vitest';
import { defaultSettings, ruleSettingsFor } from '../src/config.js';
import { runRules } from '../src/linter.js';
import type { AnyRule } from '../src/rule.js';
import { builtinRules } from '../src/rules/index.js';
import { projectOf } from './helpers/project.js';
import { documentedRuleIds, readRuleDoc } from './helpers/rule-docs.js';

const rulesDir = path.resolve(import.meta.dirname, '../src/rules');
const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3)).sort();
const rules: readonly AnyRule[] = Object.values(builtinRules);
const camel = (id: string): string => id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

describe('rules/index.ts', () => {
  it('registers every rule file, alphabetically, under its id', () => {
    expect(Object.keys(builtinRules)).toEqual(ruleFiles);
    for (const [key, rule] of Object.entries(builtinRules)) expect(rule.id).toBe(key);
  });

  it.for(ruleFiles)('%s exports the rule as its camelCase id', async (id) => {
    const module = (await import(path.join(rulesDir, `${id}.js`))) as Record<string, AnyRule>;
    expect(Object.keys(module)).toEqual([camel(id)]);
    expect(module[camel(id)]).toBe(builtinRules[id as keyof typeof builtinRules]);
  });
});

describe.for(rules.map((r) => [r.id, r] as const))('%s meta', ([, rule]) => {
  it('has a one-sentence description without a final period', () => {
    expect(rule.meta.description).toMatch(/^[A-Z].*[^.]$/);
  });

  it('has camelCase messageIds and messages that end with a period', () => {
    for (const [id, message] of Object.entries(rule.meta.messages as Record<string, string>)) {
      expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(message).toMatch(/\.$/);
    }
  });

  it('links its doc and accepts its default options', () => {
    expect(rule.meta.docsUrl).toBe(`rules/${rule.id}.md`);
    if (Object.keys(rule.meta.defaultOptions).length > 0) expect(rule.meta.schema).toBeDefined();
  });
});

/** Every project a rule can be run on here: the doc examples plus the sample project. */
async function corpusForMetaTest(): Promise<ProjectGraph[]> {
  const graphs: ProjectGraph[] = [await loadProject(path.resolve(import.meta.dirname, '../../../tinybird'))];
  for (const id of documentedRuleIds()) for (const ex of readRuleDoc(id).examples) graphs.push(projectOf(ex.files));
  return graphs;
}

const graphs = await corpusForMetaTest();

describe('context.graph is read exactly by project-scope rules', () => {
  it.for(rules.map((r) => [r.id, r] as const))('%s', ([, rule]) => {
    let read = false;
    for (const graph of graphs) {
      // A file rule gets a graph whose every property throws; a project rule's reads are recorded.
      const watched = new Proxy(graph, {
        get(target, key, receiver) {
          read = true;
          if (rule.meta.scope === 'file') throw new Error(`file-scope rule "${rule.id}" read graph.${String(key)}`);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      const settings = ruleSettingsFor({ rules: { [rule.id]: 'error' } }, 'x', { [rule.id]: rule });
      const byPath = new Map(graph.files.map((f) => [f.path, f]));
      for (const file of graph.files) runRules(file, watched, { [rule.id]: rule }, settings, defaultSettings, byPath);
    }
    expect(read).toBe(rule.meta.scope === 'project');
  });
});
