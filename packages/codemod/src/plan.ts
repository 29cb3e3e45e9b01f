import type { TextEdit } from '@tb-refs/core';

/**
 * Where an edited name was written. Datafile kinds are the graph's reference sites; the rest
 * name the companion files (test YAML, shell tests) and TypeScript forms.
 */
export type EditKind =
  | 'from' | 'join' | 'in' | 'joinGet' | 'dictGet' | 'table()'
  | 'DATASOURCE' | 'TARGET_DATASOURCE' | 'INCLUDE variable'
  | 'test pipe' | 'test sql' | 'shell test'
  | 'ts url' | 'ts sdk' | 'ts property' | 'ts sql';

/** One rewritten name: a range of the original text and its replacement. */
export interface PlannedEdit extends TextEdit {
  /** Path of the file, relative to the project root, '/'-separated (may start with `../`). */
  readonly file: string;
  readonly kind: EditKind;
  /** 1-based position of `range[0]`; `endColumn` is exclusive. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The original text of the range, and the text that replaces it. */
  readonly before: string;
  readonly after: string;
}

/** New content for one existing file. */
export interface FileChange {
  readonly path: string;
  readonly absolutePath: string;
  /** The text the edits were computed on; the writer refuses if the file no longer matches it. */
  readonly before: string;
  readonly after: string;
  readonly edits: readonly PlannedEdit[];
}

/** Why a file moves. */
export type RenameReason = 'resource' | 'fixture' | 'test';

/** A file that moves to a new name in the same folder. */
export interface FileRename {
  readonly from: string;
  readonly to: string;
  readonly absoluteFrom: string;
  readonly absoluteTo: string;
  readonly reason: RenameReason;
}

/** What a warning is about. */
export type WarningCode =
  | 'external-writer'
  | 'dynamic-name'
  | 'unproven-reference'
  | 'shadowed-reference'
  | 'unresolved-becomes-resolved'
  | 'qualified-reference'
  | 'already-renamed';

/** Something the user should check by hand; never a reason to refuse. */
export interface PlanWarning {
  readonly code: WarningCode;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** A consumer of `<old>` that a repoint left as it is, and why. */
export interface StillReading {
  readonly pipe: string;
  readonly type: string;
  readonly file: string;
  readonly reason: 'not-selected' | 'feeds-new' | 'shared-include';
}

/** The complete, unapplied result of a rename or repoint. Nothing is written while computing it. */
export interface CodemodPlan {
  readonly operation: 'rename' | 'repoint';
  readonly oldName: string;
  readonly newName: string;
  /** Kind of the resource `oldName` names. */
  readonly resourceKind: 'datasource' | 'pipe';
  /** Absolute project root the relative paths start from. */
  readonly root: string;
  readonly changes: readonly FileChange[];
  readonly renames: readonly FileRename[];
  readonly warnings: readonly PlanWarning[];
  /** Repoint only: consumers that still read `oldName` afterwards. */
  readonly stillReading?: readonly StillReading[];
  /** Repoint only: the pipes whose references were rewritten. */
  readonly repointed?: readonly string[];
}

/** Edit counts per kind and file totals of a plan, for summaries. */
export interface PlanSummary {
  readonly filesChanged: number;
  readonly filesRenamed: number;
  readonly edits: number;
  readonly byKind: Readonly<Partial<Record<EditKind, number>>>;
}

/** Every edit kind, in the order summaries list them. */
export const EDIT_KINDS: readonly EditKind[] = [
  'from', 'join', 'in', 'joinGet', 'dictGet', 'table()', 'DATASOURCE', 'TARGET_DATASOURCE', 'INCLUDE variable',
  'test pipe', 'test sql', 'shell test', 'ts url', 'ts sdk', 'ts property', 'ts sql',
];

/** Counts of a plan's edits by kind (in EDIT_KINDS order). */
export function summarizePlan(plan: CodemodPlan): PlanSummary {
  const counts = new Map<EditKind, number>();
  let edits = 0;
  for (const c of plan.changes) {
    for (const e of c.edits) {
      counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
      edits++;
    }
  }
  const byKind: Partial<Record<EditKind, number>> = {};
  for (const k of EDIT_KINDS) if (counts.has(k)) byKind[k] = counts.get(k);
  return { filesChanged: plan.changes.length, filesRenamed: plan.renames.length, edits, byKind };
}
