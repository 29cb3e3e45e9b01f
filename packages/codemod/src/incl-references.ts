import { extractSqlReferences, type ProjectFile, type ProjectGraph } from '@tb-refs/graph';
import type { Setting } from '@tb-refs/parser';
import type { DatafileEdits, ReferenceFilter, ResourceTarget } from './datafile-edits.js';
import type { PlannedEdit, PlanWarning } from './plan.js';
import { nameSpan } from './sql-text.js';
import { plannedEdit } from './text-edits.js';

/**
 * References to `target` in the nodes of `.incl` files. The graph leaves them out because an
 * include's text only means something inside the file that includes it (datafile-format.md §5.1):
 * a name there is a node when any including pipe has a node of that name. Such a name is left as
 * it is, with a warning when only some includers shadow it. With a filter (repoint), an include
 * is rewritten only when every file including it is chosen.
 */
export function inclReferences(graph: ProjectGraph, target: ResourceTarget, newName: string, filter: ReferenceFilter): DatafileEdits {
  const edits: PlannedEdit[] = [];
  const warnings: PlanWarning[] = [];
  const sharedIncludes: string[] = [];
  const includers = includersOf(graph);
  const resourceNames = new Set([...graph.vertices.values()].filter((v) => v.kind === 'datasource' || v.kind === 'pipe').map((v) => v.name));
  const isDatasource = target.kind === 'datasource';
  for (const incl of graph.files) {
    if (incl.kind !== 'incl') continue;
    const nodes = incl.parsed.pipe?.nodes;
    if (!nodes) continue;
    const users = includers.get(incl.path) ?? [];
    const own = new Set(nodes.map((n) => n.name));
    const fileEdits: PlannedEdit[] = [];
    const { source, lineIndex } = incl.parsed;
    for (const n of nodes) {
      for (const r of n.sql ? extractSqlReferences(n.sql).references : []) {
        if (r.database !== undefined || nameSpan(r.name, target.name, isDatasource) === undefined) continue;
        if (r.name !== target.name && resourceNames.has(r.name)) continue;
        const shadowing = users.filter((u) => nodeNamesOf(u).has(r.name));
        if (own.has(r.name) || (users.length > 0 && shadowing.length === users.length)) continue;
        const pos = lineIndex.positionAt(r.range.start);
        if (shadowing.length > 0) {
          warnings.push({
            code: 'shadowed-reference', file: incl.path, line: pos.line, column: pos.column,
            message: `${r.name} is left as it is: ${shadowing.map((u) => u.path).join(', ')} include${shadowing.length === 1 ? 's' : ''} this file and ${shadowing.length === 1 ? 'has' : 'have'} a node of that name, other includers do not.`,
          });
          continue;
        }
        fileEdits.push(plannedEdit(incl.path, source, lineIndex, r.range.start, r.range.start + target.name.length, newName, r.site));
      }
      for (const [setting, kind] of [[n.datasource, 'DATASOURCE'], [n.targetDatasource, 'TARGET_DATASOURCE']] as const) {
        const range = setting && settingNameRange(source, setting, target.name);
        if (range) fileEdits.push(plannedEdit(incl.path, source, lineIndex, range.start, range.end, newName, kind));
      }
    }
    if (fileEdits.length === 0) continue;
    const owners = users.length === 0 ? [incl] : users;
    const kept = fileEdits.filter((e) => owners.every((u) => filter(u, u.name, e.kind)));
    const partly = fileEdits.filter((e) => !kept.includes(e) && owners.some((u) => filter(u, u.name, e.kind)));
    edits.push(...kept);
    if (partly.length > 0) {
      sharedIncludes.push(incl.path);
      const others = owners.filter((u) => !filter(u, u.name, partly[0]!.kind)).map((u) => u.path);
      warnings.push({
        code: 'shadowed-reference', file: incl.path, line: partly[0]!.line, column: partly[0]!.column,
        message: `${incl.path} is left as it is: it is also included by ${others.join(', ')}, which were not chosen.`,
      });
    }
  }
  return { edits, warnings, sharedIncludes };
}

/** The range of a DATASOURCE-like setting's value without quotes, when it is exactly `name`. */
function settingNameRange(source: string, setting: Setting, name: string): { start: number; end: number } | undefined {
  const r = setting.directive.valueRange;
  let { start, end } = r;
  const q = source[start];
  if ((q === '"' || q === "'") && end - start >= 2 && source[end - 1] === q) {
    start++;
    end--;
  }
  return source.slice(start, end) === name ? { start, end } : undefined;
}

const nodeNameCache = new WeakMap<ProjectFile, Set<string>>();

function nodeNamesOf(f: ProjectFile): Set<string> {
  let names = nodeNameCache.get(f);
  if (!names) nodeNameCache.set(f, (names = new Set((f.parsed.pipe?.nodes ?? []).map((n) => n.name))));
  return names;
}

/**
 * For each `.incl` path, the pipe and datasource files whose text ends up containing it, through
 * nested includes too.
 */
export function includersOf(graph: ProjectGraph): Map<string, ProjectFile[]> {
  const files = new Map(graph.files.map((f) => [f.path, f]));
  const direct = new Map<string, ProjectFile[]>();
  for (const ref of graph.references) {
    if (ref.site !== 'INCLUDE' || ref.resolution !== 'include') continue;
    const from = files.get(ref.file);
    if (!from) continue;
    const list = direct.get(ref.name) ?? [];
    if (!list.includes(from)) list.push(from);
    direct.set(ref.name, list);
  }
  const result = new Map<string, ProjectFile[]>();
  for (const path of direct.keys()) {
    const seen = new Set<string>([path]);
    const out: ProjectFile[] = [];
    const queue = [path];
    while (queue.length > 0) {
      for (const f of direct.get(queue.shift()!) ?? []) {
        if (seen.has(f.path)) continue;
        seen.add(f.path);
        if (f.kind === 'incl') queue.push(f.path);
        else out.push(f);
      }
    }
    result.set(path, out);
  }
  return result;
}
