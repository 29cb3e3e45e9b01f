import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@tb-refs/core';
import { buildGraph, findProjectFiles, findProjectRoots, type ProjectGraph, type SourceFile } from '@tb-refs/graph';
import { describe, expect, test } from 'vitest';
import { applyTextEdits, loadRenameInputs, renameResource, type CodemodPlan, type RenameInputs } from '../src/index.js';

// Property over real projects: for every datasource and pipe X, `rename X X_tbrefs` gives a graph
// equal to the old one with X replaced (same vertices, edges and reference kinds), leaves no
// reference to X, and renaming back restores every file byte for byte. Runs in memory: the plan is
// applied to the texts and the graph rebuilt with buildGraph.
//
// Sampling: a project with more than MAX_PER_PROJECT resources is sampled: its most-referenced
// resources first, then a seeded shuffle of the rest. Every project is covered; the counts are
// printed.

const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus');
const MAX_PER_PROJECT = 40;
const MOST_REFERENCED = 12;
const SUFFIX = '_tbrefs';

interface Project {
  readonly id: string;
  readonly root: string;
}

const projects: Project[] = [];
if (existsSync(CORPUS)) {
  for (const repo of readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    for (const rel of await findProjectRoots(path.join(CORPUS, repo))) {
      projects.push({ id: `${repo}/${rel}`, root: path.join(CORPUS, repo, rel) });
    }
  }
} else {
  console.log(`notice: corpus not found at ${CORPUS}; the corpus property test is skipped`);
}

describe.skipIf(projects.length === 0)('rename X → X_tbrefs over the corpus', () => {
  test.for(projects)('$id', { timeout: 300_000 }, async ({ id, root }) => {
    const paths = await findProjectFiles(root);
    const sources: SourceFile[] = paths.map((p) => ({ path: p, source: readFileSync(path.join(root, p), 'utf8') }));
    const graph = buildGraph(sources, root);
    const names = resources(graph);
    const inputs = await loadRenameInputs(root, { names, typescript: false, cwd: root });
    // The tree holds every datafile and every file in tests/ and fixtures/, which a rename may move.
    const tree = new Map<string, string>([
      ...sources.map((s) => [s.path, s.source] as const),
      ...inputs.companionPaths.map((p) => [p, readFileSync(path.join(root, p), 'utf8')] as const),
    ]);
    const chosen = sample(graph, names);
    const skipped: string[] = [];
    for (const name of chosen) {
      let plan: CodemodPlan;
      try {
        plan = await renameResource(graph, name, name + SUFFIX, inputs);
      } catch (error) {
        // Refusals are part of the contract (invalid names, parse errors, clashes); bugs are not.
        expect(error, `${id}: ${name}`).toBeInstanceOf(UsageError);
        skipped.push(`${name} (${(error as Error).message.split('\n')[0]})`);
        continue;
      }
      const renamedTree = applyPlan(tree, plan);
      const renamed = buildGraph(datafilesOf(renamedTree), root);
      checkSameGraph(graph, renamed, name, plan);
      const back = await renameResource(renamed, name + SUFFIX, name, withTexts(inputs, renamedTree));
      const restored = applyPlan(renamedTree, back);
      expect([...restored.keys()].sort(), `${id}: ${name} paths`).toEqual([...tree.keys()].sort());
      for (const [p, text] of tree) expect(restored.get(p) === text, `${id}: ${name} restores ${p}`).toBe(true);
    }
    console.log(`${id}: renamed ${chosen.length - skipped.length} of ${names.length} resources${chosen.length < names.length ? ` (sampled ${chosen.length})` : ''}${skipped.length > 0 ? `; refused: ${skipped.join('; ')}` : ''}`);
  });
});

function resources(graph: ProjectGraph): string[] {
  return [...graph.vertices.values()].filter((v) => v.kind === 'datasource' || v.kind === 'pipe').map((v) => v.name).sort();
}

/** The most-referenced resources, then a seeded shuffle of the rest, up to MAX_PER_PROJECT. */
function sample(graph: ProjectGraph, names: readonly string[]): string[] {
  if (names.length <= MAX_PER_PROJECT) return [...names];
  const count = new Map<string, number>();
  for (const r of graph.references) count.set(r.target, (count.get(r.target) ?? 0) + 1);
  const score = (n: string) => (count.get(`datasource:${n}`) ?? 0) + (count.get(`pipe:${n}`) ?? 0);
  const top = [...names].sort((a, b) => score(b) - score(a) || (a < b ? -1 : 1)).slice(0, MOST_REFERENCED);
  const rest = names.filter((n) => !top.includes(n));
  let seed = 42;
  for (let i = rest.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...top, ...rest.slice(0, MAX_PER_PROJECT - top.length)];
}

function applyPlan(tree: ReadonlyMap<string, string>, plan: CodemodPlan): Map<string, string> {
  const out = new Map(tree);
  for (const c of plan.changes) out.set(c.path, applyTextEdits(out.get(c.path)!, c.edits));
  for (const r of plan.renames) {
    out.set(r.to, out.get(r.from)!);
    out.delete(r.from);
  }
  return out;
}

function datafilesOf(tree: ReadonlyMap<string, string>): SourceFile[] {
  return [...tree].filter(([p]) => /\.(datasource|pipe|incl)$/.test(p)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, source]) => ({ path: p, source }));
}

function withTexts(inputs: RenameInputs, tree: ReadonlyMap<string, string>): RenameInputs {
  const companionTexts = [...tree].filter(([p]) => /\.(ya?ml|test)$/.test(p)).map(([p, source]) => ({ path: p, source }));
  const companionPaths = [...tree.keys()].filter((p) => /(^|\/)(tests|fixtures)\//.test(p));
  return { ...inputs, companionTexts, companionPaths };
}

/** Asserts `after` is `before` with resource `name` called `name_tbrefs`. */
function checkSameGraph(before: ProjectGraph, after: ProjectGraph, name: string, plan: CodemodPlan): void {
  const next = name + SUFFIX;
  const moved = new Map(plan.renames.map((r) => [r.from, r.to]));
  const file = (f: string | undefined) => (f === undefined ? undefined : (moved.get(f) ?? f));
  const id = (v: string) => v.replace(new RegExp(`^(datasource|pipe):${name}$`), `$1:${next}`).replace(new RegExp(`^node:${name}/`), `node:${next}/`);
  const owner = (o: string) => (o === name ? next : o);
  const vertices = (g: ProjectGraph, map: boolean) => [...g.vertices.values()].map((v) => JSON.stringify({
    ...v,
    id: map ? id(v.id) : v.id,
    name: map && (v.id === `datasource:${name}` || v.id === `pipe:${name}`) ? next : v.name,
    ...('file' in v ? { file: map ? file(v.file) : v.file } : {}),
    ...(v.kind === 'node' ? { pipe: map ? owner(v.pipe) : v.pipe } : {}),
  })).sort();
  expect(vertices(after, false), `vertices after renaming ${name}`).toEqual(vertices(before, true));
  const edges = (g: ProjectGraph, map: boolean) => g.edges.map((e) => JSON.stringify([
    map ? id(e.from) : e.from, map ? id(e.to) : e.to, e.kind, e.node, map ? file(e.file) : e.file, e.line, e.conditional,
  ])).sort();
  expect(edges(after, false), `edges after renaming ${name}`).toEqual(edges(before, true));
  const refs = (g: ProjectGraph, map: boolean) => g.references.map((r) => {
    const toX = r.target === `datasource:${name}` || r.target === `pipe:${name}`;
    return JSON.stringify([
      map ? file(r.file) : r.file, r.line, r.site, r.resolution, map ? id(r.target) : r.target, map ? owner(r.owner) : r.owner, r.node, r.database,
      map && toX && r.site !== 'INCLUDE' ? next + r.name.slice(name.length) : r.name,
    ]);
  }).sort();
  expect(refs(after, false), `references after renaming ${name}`).toEqual(refs(before, true));
  expect(after.references.some((r) => r.target === `datasource:${name}` || r.target === `pipe:${name}`)).toBe(false);
}
