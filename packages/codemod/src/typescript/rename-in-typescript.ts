import { Project, ts } from 'ts-morph';
import { UsageError } from '@tb-refs/core';
import type { ResourceTarget } from '../datafile-edits.js';
import type { PlannedEdit, PlanWarning } from '../plan.js';
import { typescriptEdits } from './typescript-edits.js';

/** A TypeScript or JavaScript file that may name the resource. */
export interface TypeScriptSource {
  /** Path relative to the project root, '/'-separated (often `../src/…`). */
  readonly path: string;
  readonly absolutePath: string;
  readonly source: string;
}

/**
 * Analyses the given files with ts-morph, without type checking and without reading anything
 * else: each file is parsed from its text in an in-memory project, analysed, then forgotten.
 * Files that do not mention the name are skipped before parsing. Throws UsageError when a file
 * that would change has syntax errors.
 */
export function renameInTypeScript(files: readonly TypeScriptSource[], target: ResourceTarget, newName: string): { edits: PlannedEdit[]; warnings: PlanWarning[] } {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, noLib: true },
  });
  const edits: PlannedEdit[] = [];
  const warnings: PlanWarning[] = [];
  for (const f of files) {
    if (!f.source.includes(target.name)) continue;
    const sf = project.createSourceFile(virtualPath(f.absolutePath), f.source, { overwrite: true, scriptKind: scriptKindOf(f.path) });
    const result = typescriptEdits(sf, f.path, target, newName);
    if (result.edits.length > 0) {
      const syntax = (sf.compilerNode as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
      const first = syntax[0];
      if (first) {
        const { line, character } = ts.getLineAndCharacterOfPosition(sf.compilerNode, first.start ?? 0);
        throw new UsageError(`${f.path}:${line + 1}:${character + 1} has a syntax error (${ts.flattenDiagnosticMessageText(first.messageText, ' ')}); fix it before renaming, so the rewrite cannot go wrong.`);
      }
    }
    edits.push(...result.edits);
    warnings.push(...result.warnings);
    project.removeSourceFile(sf);
  }
  return { edits, warnings };
}

function virtualPath(absolute: string): string {
  return `/${absolute.replace(/\\/g, '/').replace(/^\/+/, '').replace(/^([A-Za-z]):/, '$1')}`;
}

function scriptKindOf(path: string): ts.ScriptKind {
  if (/\.tsx$/i.test(path)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(path)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
