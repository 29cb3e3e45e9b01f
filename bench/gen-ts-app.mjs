// Deterministic TypeScript app generator for the rename benchmark (bench/run.mjs, case `rename`).
//
//   import { writeTsApp } from './gen-ts-app.mjs';
//   writeTsApp(dir, { count: 2000, seed: 42, endpoints, target, callers: 300 });
//
// Writes `package.json`, `tsconfig.json` and `count` files under `src/` (components, hooks, lib,
// pages, utils). `callers` of them call Tinybird endpoints chosen from `endpoints`: fetch() with
// template-literal URLs and query strings, string concatenation, `{ pipe: 'name' }` options, and
// a few dynamic `${name}` URLs. About a fifth of the calls go to `target`, the pipe the benchmark
// renames. The other files are ordinary code (types, helpers, string constants, relative
// imports), some of which mention words like "activities" without naming a resource.
// Output depends only on the arguments and APP_GENERATOR_VERSION.

import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from './gen-project.mjs';

export const APP_GENERATOR_VERSION = 1;

const FOLDERS = ['components', 'hooks', 'lib', 'pages', 'utils'];
const WORDS = ['activity', 'member', 'organization', 'project', 'segment', 'repository', 'contributor', 'metric', 'widget', 'report'];

/** Writes the app into `dir` (replacing `src/`) and returns the number of pipe calls written. */
export function writeTsApp(dir, { count = 2000, seed = 42, endpoints, target, callers = 300 }) {
  const rnd = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  fs.rmSync(path.join(dir, 'src'), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-insights-app', private: true, type: 'module' }, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['src'] }, null, 2)}\n`,
  );
  const files = Array.from({ length: count }, (_, i) => `${FOLDERS[i % FOLDERS.length]}/${pick(WORDS)}-${i}.ts`);
  const callerSet = new Set();
  while (callerSet.size < Math.min(callers, count)) callerSet.add(Math.floor(rnd() * count));
  let calls = 0;
  files.forEach((rel, i) => {
    const parts = [];
    const word = pick(WORDS);
    const Name = word[0].toUpperCase() + word.slice(1);
    if (i > 0) {
      const d = Math.floor(rnd() * i);
      const dep = files[d];
      parts.push(`import { format${d % 7} as fmt } from '${path.posix.relative(path.posix.dirname(rel), dep).replace(/^(?!\.)/, './').replace(/\.ts$/, '.js')}';`);
    }
    parts.push('', `export interface ${Name}Row${i} {`, '  id: string;', '  count: number;', `  label: string;`, '}', '');
    parts.push(`export function format${i % 7}(row: { id: string; count: number }): string {`, `  return \`\${row.id}: \${row.count} ${word}s\`;`, '}', '');
    parts.push(`export const ${word}Labels${i} = ['${word}', 'recent activities', '${pick(WORDS)} count'];`, '');
    if (callerSet.has(i)) {
      const n = 1 + Math.floor(rnd() * 3);
      parts.push("const host = process.env.TINYBIRD_HOST ?? 'https://api.tinybird.co';", '');
      for (let k = 0; k < n; k++) {
        const pipe = rnd() < 0.2 ? target : pick(endpoints);
        const form = rnd();
        calls++;
        if (form < 0.55) {
          parts.push(`export async function load${Name}${i}_${k}(project: string) {`, `  const res = await fetch(\`\${host}/v0/pipes/${pipe}.json?project=\${project}&limit=${10 + k}\`);`, '  return (await res.json()).data;', '}', '');
        } else if (form < 0.75) {
          parts.push(`export const csv${i}_${k} = (project: string) => fetch(host + '/v0/pipes/' + '${pipe}' + '.csv?project=' + project);`, '');
        } else if (form < 0.95) {
          parts.push(`export const widget${i}_${k} = { pipe: '${pipe}', params: { limit: ${k + 5} } };`, '');
        } else {
          parts.push(`export const dynamic${i}_${k} = (name: string) => fetch(\`\${host}/v0/pipes/\${name}.json\`);`, '');
        }
      }
    }
    parts.push(`export default function ${Name}${i}(rows: ${Name}Row${i}[]): string[] {`, `  return rows.filter((r) => r.count > ${i % 10}).map((r) => ${i > 0 ? 'fmt(r)' : 'r.label.trim()'});`, '}', '');
    const file = path.join(dir, 'src', rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, parts.join('\n'));
  });
  return calls;
}
