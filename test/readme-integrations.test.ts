import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO } from './repo-snapshot.js';
import { parseYaml } from './yaml-lite.js';

/** The README's copy-paste snippets stay in step with the hook and the action they configure. */

const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function blocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

type Map = Record<string, unknown>;

describe('README integrations', () => {
  test('the pre-commit config uses the hook .pre-commit-hooks.yaml declares', () => {
    const [config] = blocks(section('Pre-commit hook'), 'yaml');
    const parsed = parseYaml(config!) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    const hooks = parseYaml(readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string }[];
    expect(parsed.repos[0]!.hooks.map((h) => h.id)).toEqual(hooks.map((h) => h.id));
  });

  test('the lint-staged recipe runs tb-refs lint on datafiles', () => {
    const [pkg] = blocks(section('Pre-commit hook'), 'json');
    const staged = (JSON.parse(pkg!) as { 'lint-staged': Record<string, string> })['lint-staged'];
    expect(staged).toEqual({ '*.{datasource,pipe,incl}': 'tb-refs lint --cache' });
    expect(section('Pre-commit hook')).toContain('echo "npx lint-staged" > .husky/pre-commit');
  });

  test('the workflow uses the action with inputs it declares, uploads its SARIF and runs tb-refs diff', () => {
    const [workflow] = blocks(section('GitHub Action'), 'yaml');
    const parsed = parseYaml(workflow!) as { jobs: Record<string, { steps: Map[] }> };
    const steps = Object.values(parsed.jobs)[0]!.steps;
    const action = parseYaml(readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as { inputs: Map };
    const ours = steps.find((s) => String(s.uses).startsWith('acme/tb-refs@'))!;
    for (const input of Object.keys(ours.with as Map)) expect(Object.keys(action.inputs)).toContain(input);
    const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'))!;
    expect((upload.with as Map).sarif_file).toBe((ours.with as Map)['sarif-file']);
    expect(steps.some((s) => String(s.run ?? '').includes('tb-refs diff tinybird --base'))).toBe(true);
  });
});
