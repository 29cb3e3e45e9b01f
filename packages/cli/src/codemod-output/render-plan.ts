import path from 'node:path';
import { summarizePlan, type CodemodPlan, type PlanWarning } from '@tb-refs/codemod';
import { unifiedDiff } from './unified-diff.js';

/** How many look-alike strings the text summary lists. */
const MAX_UNPROVEN = 10;

/** A path for output: relative to the working directory, '/'-separated. */
function shown(absolute: string, cwd: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/') || '.';
}

/**
 * The plan as a git-style unified diff: one section per changed or renamed file, with
 * `rename from`/`rename to` lines for moves, so `git apply` can replay it.
 */
export function planToDiff(plan: CodemodPlan, cwd: string): string {
  const renamed = new Map(plan.renames.map((r) => [r.absoluteFrom, r]));
  const changed = new Set(plan.changes.map((c) => c.absolutePath));
  let out = '';
  for (const c of plan.changes) {
    const from = shown(c.absolutePath, cwd);
    const move = renamed.get(c.absolutePath);
    const to = move ? shown(move.absoluteTo, cwd) : from;
    out += `diff --git a/${from} b/${to}\n`;
    if (move) out += `rename from ${from}\nrename to ${to}\n`;
    out += `--- a/${from}\n+++ b/${to}\n${unifiedDiff(c.before, c.after)}`;
  }
  for (const r of plan.renames) {
    if (changed.has(r.absoluteFrom)) continue;
    const from = shown(r.absoluteFrom, cwd);
    const to = shown(r.absoluteTo, cwd);
    out += `diff --git a/${from} b/${to}\nsimilarity index 100%\nrename from ${from}\nrename to ${to}\n`;
  }
  return out;
}

/** Every edit, rename and warning of the plan as JSON (paths relative to the working directory). */
export function planToJson(plan: CodemodPlan, cwd: string, written: boolean): string {
  const byPath = new Map(plan.changes.map((c) => [c.path, c.absolutePath]));
  const json = {
    operation: plan.operation,
    oldName: plan.oldName,
    newName: plan.newName,
    resourceKind: plan.resourceKind,
    root: shown(plan.root, cwd),
    written,
    summary: summarizePlan(plan),
    edits: plan.changes.flatMap((c) => c.edits).map((e) => ({
      file: shown(byPath.get(e.file) ?? path.resolve(plan.root, e.file), cwd),
      range: e.range, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn,
      kind: e.kind, before: e.before, after: e.after,
    })),
    renames: plan.renames.map((r) => ({ from: shown(r.absoluteFrom, cwd), to: shown(r.absoluteTo, cwd), reason: r.reason })),
    warnings: plan.warnings.map((w) => ({ ...w, ...(w.file === undefined ? {} : { file: shown(path.resolve(plan.root, w.file), cwd) }) })),
    ...(plan.stillReading ? { stillReading: plan.stillReading.map((s) => ({ ...s, file: shown(path.resolve(plan.root, s.file), cwd) })) } : {}),
    ...(plan.repointed ? { repointed: plan.repointed } : {}),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** The human summary: counts per kind, moves, warnings, consumers left, and what happens next. */
export function planToSummary(plan: CodemodPlan, cwd: string, written: boolean): string {
  const s = summarizePlan(plan);
  const lines: string[] = [];
  const verb = plan.operation === 'rename' ? `rename ${plan.resourceKind} ${plan.oldName} → ${plan.newName}` : `repoint readers of ${plan.oldName} → ${plan.newName}`;
  const kinds = Object.entries(s.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`${verb}: ${s.edits} reference${s.edits === 1 ? '' : 's'} in ${s.filesChanged} file${s.filesChanged === 1 ? '' : 's'}${s.filesRenamed > 0 ? `, ${s.filesRenamed} file${s.filesRenamed === 1 ? '' : 's'} renamed` : ''}`);
  if (kinds) lines.push(`  references by kind: ${kinds}`);
  for (const r of plan.renames) lines.push(`  move: ${shown(r.absoluteFrom, cwd)} → ${shown(r.absoluteTo, cwd)}`);
  if (plan.repointed) lines.push(`  repointed: ${plan.repointed.length > 0 ? plan.repointed.join(', ') : 'none'}`);
  if (plan.stillReading && plan.stillReading.length > 0) {
    lines.push(`  still reading ${plan.oldName}:`);
    const why = { 'feeds-new': `feeds ${plan.newName}, kept on ${plan.oldName}`, 'not-selected': 'not selected', 'shared-include': 'reads it through an .incl shared with pipes not selected' };
    for (const r of plan.stillReading) lines.push(`    ${r.pipe} (${r.type}, ${shown(path.resolve(plan.root, r.file), cwd)}): ${why[r.reason]}`);
  }
  if (plan.warnings.length > 0) {
    lines.push(`warnings (${plan.warnings.length}):`);
    // Look-alike strings can be many in a large app; the rest is in --format json.
    const unproven = plan.warnings.filter((w) => w.code === 'unproven-reference');
    const shown = [...plan.warnings.filter((w) => w.code !== 'unproven-reference'), ...unproven.slice(0, MAX_UNPROVEN)];
    for (const w of shown) lines.push(`  ${where(w, plan, cwd)}${w.message} [${w.code}]`);
    if (unproven.length > MAX_UNPROVEN) lines.push(`  … and ${unproven.length - MAX_UNPROVEN} more unproven-reference warnings (--format json lists them all)`);
  }
  lines.push(s.edits + s.filesRenamed === 0 ? 'Nothing to change.' : written ? `Wrote ${s.filesChanged} file${s.filesChanged === 1 ? '' : 's'}${s.filesRenamed > 0 ? ` and renamed ${s.filesRenamed}` : ''}.` : 'Dry run: nothing was written. Run again with --write to apply.');
  return `${lines.join('\n')}\n`;
}

function where(w: PlanWarning, plan: CodemodPlan, cwd: string): string {
  if (w.file === undefined) return '';
  return `${shown(path.resolve(plan.root, w.file), cwd)}${w.line === undefined ? '' : `:${w.line}:${w.column ?? 1}`}: `;
}
