import { UsageError } from '@tb-refs/core';
import { extractSqlReferences, type ProjectFile } from '@tb-refs/graph';
import { parseDatafile } from '@tb-refs/parser';
import type { PlannedEdit } from './plan.js';
import { nameSpan } from './sql-text.js';

const SQL_KINDS = new Set<string>(['from', 'join', 'in', 'joinGet', 'dictGet', 'table()']);

/**
 * Re-reads every rewritten SQL reference of a datafile and refuses the change when the new name
 * would not be read as the resource there: a node of the pipe (or of a pipe including the
 * `.incl`) or a CTE of the query already has that name, so the query would read that instead.
 */
export function verifySqlEdits(file: ProjectFile, edits: readonly PlannedEdit[], after: string, newName: string, datasource: boolean, includerNodes: ReadonlySet<string> = new Set()): void {
  const sqlEdits = edits.filter((e) => SQL_KINDS.has(e.kind));
  if (sqlEdits.length === 0) return;
  const parsed = parseDatafile(after, { fileName: file.path, kind: file.kind });
  const nodes = parsed.pipe?.nodes ?? [];
  const nodeNames = new Set([...nodes.map((n) => n.name), ...includerNodes]);
  const refsAt = new Map<number, string>();
  for (const n of nodes) {
    for (const r of n.sql ? extractSqlReferences(n.sql).references : []) {
      if (r.database === undefined) refsAt.set(r.range.start, r.name);
    }
  }
  // Only node SQL can be captured by a node or CTE name; FORWARD_QUERY and column expressions of
  // datasources are not checked.
  const nodeSql = (file.parsed.pipe?.nodes ?? []).flatMap((n) => (n.sql ? [n.sql] : []));
  const inNode = (offset: number): boolean => nodeSql.some((b) => offset >= b.start && offset < b.end);
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0]);
  let shift = 0;
  for (const e of sorted) {
    const start = e.range[0] + shift;
    shift += e.after.length - (e.range[1] - e.range[0]);
    if (!SQL_KINDS.has(e.kind) || !inNode(e.range[0])) continue;
    const name = refsAt.get(start);
    if (name !== undefined && nameSpan(name, newName, datasource) !== undefined && !nodeNames.has(name)) continue;
    const what = name !== undefined && nodeNames.has(name) ? `a node of ${file.path} is named "${name}"` : `a CTE or alias of that query is named "${newName}"`;
    throw new UsageError(
      `Cannot use the name "${newName}": after the change, ${e.before} at ${file.path}:${e.line}:${e.column} would read something else, because ${what}.\n` +
        '  Rename that node or CTE first, or choose another name.',
    );
  }
}
