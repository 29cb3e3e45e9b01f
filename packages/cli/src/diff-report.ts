import { type DatasourceChange, type Downtime, type ProjectGraph, diffGraphs, loadProject, loadProjectAtRef } from '@tb-refs/graph';
import { type LintConfig, lintProject, loadConfig } from '@tb-refs/lint';

/** A lint finding, matched between the two sides by rule, file and message (never by position). */
export interface DiffFinding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  /** Project-relative, '/'-separated. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A reference in the working tree to a resource that existed at the base and no longer does. */
export interface BrokenReference {
  readonly name: string;
  /** Project-relative file holding the reference. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Pipe or datasource holding the reference, and its node. */
  readonly owner: string;
  readonly node?: string;
}

/**
 * `tb-refs diff --format json`: what the working tree changes compared with the base revision.
 * Paths are relative to the project directory.
 */
export interface DiffReport {
  readonly base: string;
  /** Added, removed, renamed and changed datasources, by name. */
  readonly datasources: readonly DatasourceChange[];
  readonly pipesAdded: readonly string[];
  readonly pipesRemoved: readonly string[];
  /** Endpoints that fail while a datasource they query live is recreated, renamed or removed. */
  readonly downtime: readonly Downtime[];
  readonly brokenReferences: readonly BrokenReference[];
  /** Lint findings of the working tree that the base does not have, and the reverse. */
  readonly lint: { readonly introduced: readonly DiffFinding[]; readonly fixed: readonly DiffFinding[] };
}

/** The report and the two graphs it compares (for the Mermaid diagram). */
export interface DiffResult {
  readonly report: DiffReport;
  readonly before: ProjectGraph;
  readonly after: ProjectGraph;
  readonly affected: ReadonlySet<string>;
}

/**
 * Compares the project in `root` (absolute) at git revision `base` (read with git, no checkout)
 * with its working tree: the graph diff, and the lint findings of both sides with the working
 * tree's config. Throws `UsageError` for a bad revision or a directory outside a repository.
 */
export async function computeDiff(root: string, base: string): Promise<DiffResult> {
  const before = await loadProjectAtRef(root, base);
  const after = await loadProject(root);
  const config = await loadConfig(root);
  const diff = diffGraphs(before, after);
  const affected = new Set(diff.affected);
  for (const p of diff.pipesAdded) affected.add(`pipe:${p}`);
  for (const p of diff.pipesRemoved) affected.add(`pipe:${p}`);
  const report: DiffReport = {
    base,
    datasources: diff.datasources,
    pipesAdded: diff.pipesAdded,
    pipesRemoved: diff.pipesRemoved,
    downtime: diff.downtime,
    brokenReferences: diff.brokenReferences.map((r) => ({
      name: r.name,
      file: r.file,
      line: r.line,
      column: r.column,
      owner: r.owner,
      ...(r.node === undefined ? {} : { node: r.node }),
    })),
    lint: compareFindings(findingsOf(before, config), findingsOf(after, config)),
  };
  return { report, before, after, affected };
}

function findingsOf(graph: ProjectGraph, config: LintConfig): DiffFinding[] {
  return lintProject(graph, config).flatMap((r) =>
    r.messages.map((m) => ({
      ruleId: m.ruleId,
      severity: m.severity === 'error' ? ('error' as const) : ('warning' as const),
      file: m.file,
      line: m.line,
      column: m.column,
      message: m.message,
    })),
  );
}

/**
 * Findings only one side has, as multisets keyed by rule, file and message, so a finding that
 * merely moved to another line is neither new nor fixed.
 */
export function compareFindings(before: readonly DiffFinding[], after: readonly DiffFinding[]): DiffReport['lint'] {
  const key = (f: DiffFinding): string => `${f.ruleId}\u0000${f.file}\u0000${f.message}`;
  const extra = (from: readonly DiffFinding[], minus: readonly DiffFinding[]): DiffFinding[] => {
    const counts = new Map<string, number>();
    for (const f of minus) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
    return from.filter((f) => {
      const left = counts.get(key(f)) ?? 0;
      if (left === 0) return true;
      counts.set(key(f), left - 1);
      return false;
    });
  };
  return { introduced: extra(after, before), fixed: extra(before, after) };
}

/** Exit code of `tb-refs diff`: 1 when the change breaks a reference or introduces a lint error. */
export function diffExitCode(report: DiffReport): number {
  return report.brokenReferences.length > 0 || report.lint.introduced.some((f) => f.severity === 'error') ? 1 : 0;
}
