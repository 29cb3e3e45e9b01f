import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadProject } from '@tb-refs/graph';
import { expect, it } from 'vitest';
import { defaultConfig, lintProject } from '../src/index.js';

const sample = path.resolve(import.meta.dirname, '../../../tinybird');

/** `rule id + file` pairs of the "Known findings" table in tinybird/README.md. */
function knownFindings(): string[] {
  const readme = readFileSync(path.join(sample, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Known findings'));
  const rows = [...section.matchAll(/^\| `([a-z-]+)` \| `([^`]+)` \|/gm)];
  return rows.map((m) => `${m[1]} ${m[2]}`).sort();
}

it('reports exactly the known findings of tinybird/README.md on the sample project', async () => {
  const results = lintProject(await loadProject(sample), defaultConfig);
  const found = results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${r.filePath}`)).sort();
  expect(knownFindings()).toHaveLength(2);
  expect(found).toEqual(knownFindings());
});
