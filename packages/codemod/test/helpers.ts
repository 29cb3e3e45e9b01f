import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '@tb-refs/graph';
import { applyTextEdits, loadRenameInputs, renameResource, type CodemodPlan } from '../src/index.js';

/** A file tree: '/'-separated relative path → text. */
export type Tree = Map<string, string>;

/** Every file under `dir`, read as UTF-8. */
export function readTree(dir: string): Tree {
  const tree: Tree = new Map();
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else tree.set(child, readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : 1)));
}

const temps: string[] = [];

/** Writes a tree into a fresh temp directory. */
export function writeTemp(tree: Tree): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-refs-codemod-'));
  temps.push(dir);
  for (const [rel, text] of tree) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Removes the temp directories made by writeTemp (for afterAll). */
export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Loads the project in `dir` with its tests, fixtures and the given TypeScript, and plans a rename. */
export async function planRename(dir: string, oldName: string, newName: string, typescript: readonly string[] | false = false): Promise<CodemodPlan> {
  const graph = await loadProject(dir);
  const inputs = await loadRenameInputs(dir, { names: [oldName], typescript, cwd: dir });
  return renameResource(graph, oldName, newName, inputs);
}

/** The tree after a plan: every change applied, then every move. */
export function applyPlan(tree: Tree, plan: CodemodPlan): Tree {
  const out = new Map(tree);
  for (const c of plan.changes) {
    const rel = relative(plan, c.absolutePath);
    const text = out.get(rel);
    if (text === undefined) throw new Error(`plan changes ${rel}, which is not in the tree`);
    if (text !== c.before) throw new Error(`plan was computed on another text of ${rel}`);
    out.set(rel, applyTextEdits(text, c.edits));
  }
  for (const r of plan.renames) {
    const from = relative(plan, r.absoluteFrom);
    const text = out.get(from);
    if (text === undefined) throw new Error(`plan moves ${from}, which is not in the tree`);
    out.delete(from);
    out.set(relative(plan, r.absoluteTo), text);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function relative(plan: CodemodPlan, absolute: string): string {
  return path.relative(plan.root, absolute).split(path.sep).join('/');
}
