import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinRules, validateConfig } from '@tb-refs/lint';
import { describe, expect, test, vi } from 'vitest';
import { main } from '../src/main.js';
import { createFakeIo } from './helpers.js';
import { validateJsonSchema } from './json-schema.js';

vi.setConfig({ testTimeout: 30_000 });

// The repository root: `tb-refs lint tinybird` is run from there, as the README says.
const repo = path.resolve(import.meta.dirname, '../../..');

async function run(argv: string[]) {
  const io = createFakeIo(repo);
  const code = await main(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/** `rule-id tinybird/<file>` for each row of the "Known findings" table in tinybird/README.md. */
function knownFindings(): string[] {
  const readme = readFileSync(path.join(repo, 'tinybird/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Known findings'));
  return [...section.matchAll(/^\| `([a-z-]+)` \| `([^`]+)` \|/gm)].map((m) => `${m[1]} tinybird/${m[2]}`).sort();
}

describe('tb-refs lint tinybird (from the repository root)', () => {
  test('--format json reports exactly the Known findings of tinybird/README.md', async () => {
    const { code, stdout, stderr } = await run(['lint', 'tinybird', '--format', 'json']);
    expect(stderr).toBe('');
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; severity: 1 | 2 }[] }[];
    expect(results.length).toBeGreaterThan(20);
    const found = results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${r.filePath}`)).sort();
    expect(knownFindings().length).toBeGreaterThan(0);
    expect(found).toEqual(knownFindings());
    // One of the deliberate findings is an error, so the main-job command exits 1.
    expect(code).toBe(results.some((r) => r.messages.some((m) => m.severity === 2)) ? 1 : 0);
    expect(code).toBe(1);
  });

  test('--format sarif is valid SARIF 2.1.0 with one result per known finding', async () => {
    const { stdout } = await run(['lint', 'tinybird', '--format', 'sarif']);
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    const log = JSON.parse(stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(validateJsonSchema(schema, log)).toEqual([]);
    const found = log.runs[0]!.results.map((r) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`).sort();
    expect(found).toEqual(knownFindings());
  });

  test('--format github has one annotation per known finding', async () => {
    const { stdout } = await run(['lint', 'tinybird', '--format', 'github']);
    const found = stdout.trimEnd().split('\n').map((line) => {
      const m = /^::(?:error|warning) file=([^,]+),.*title=tb-refs\(([a-z-]+)\)::/.exec(line);
      return `${m?.[2]} ${m?.[1]}`;
    });
    expect(found.sort()).toEqual(knownFindings());
  });
});

test("the README's Configuration example is a valid config", () => {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  expect(json).toBeDefined();
  expect(() => validateConfig(JSON.parse(json!) as unknown, 'README.md', builtinRules)).not.toThrow();
});
