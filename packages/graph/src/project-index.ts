import type { Diagnostic } from '@tb-refs/core';
import type { ProjectFile } from './types.js';

/**
 * A project's files by role and resource name. Each file is filed by a small method: `buildGraph`
 * runs once per project, and its loops ran in V8's slower tiers when they were all inline.
 */
export class ProjectIndex {
  readonly datasources = new Map<string, ProjectFile>();
  readonly pipes = new Map<string, ProjectFile>();
  /** .incl files by path. */
  readonly includes = new Map<string, ProjectFile>();
  /** Every pipe file, duplicates included: a clashing file's references still count. */
  readonly pipeFiles: ProjectFile[] = [];
  /** Materialized pipes that describe their target with ENGINE settings create it on push. */
  readonly embedded = new Map<string, ProjectFile>();
  /** Datasources some copy or materialized node writes. */
  readonly writers = new Set<string>();

  /** Files `files`; a name clash adds a `duplicate-name` diagnostic. */
  constructor(files: readonly ProjectFile[], diagnostics: Diagnostic[]) {
    for (const f of files) this.#add(f, diagnostics);
    for (const p of this.pipes.values()) this.#addTargets(p);
  }

  #add(f: ProjectFile, diagnostics: Diagnostic[]): void {
    if (f.parsed.kind === 'incl') {
      this.includes.set(f.path, f);
      return;
    }
    if (f.parsed.kind === 'connection') return;
    const table = f.parsed.kind === 'datasource' ? this.datasources : this.pipes;
    const other = f.parsed.kind === 'datasource' ? this.pipes : this.datasources;
    const clash = table.get(f.name) ?? other.get(f.name);
    if (f.parsed.kind === 'pipe') this.pipeFiles.push(f);
    if (clash) {
      diagnostics.push(fileDiagnostic(f, 'duplicate-name', `Resource name "${f.name}" is also defined by ${clash.path}; Tinybird names resources by file name, so one would replace the other.`, 'Rename one of the files.'));
      return;
    }
    table.set(f.name, f);
  }

  /** Embedded datasources and writers of one pipe (every datasource is filed by now). */
  #addTargets(p: ProjectFile): void {
    for (const n of p.parsed.pipe?.nodes ?? []) {
      if (n.datasource && n.engine && !this.datasources.has(n.datasource.value)) this.embedded.set(n.datasource.value, p);
      if (n.nodeType === 'copy' && n.targetDatasource) this.writers.add(n.targetDatasource.value);
      if (n.nodeType === 'materialized' && n.datasource) this.writers.add(n.datasource.value);
    }
  }
}

function fileDiagnostic(f: ProjectFile, ruleId: string, message: string, help: string): Diagnostic {
  return { ruleId, severity: 'error', message, help, file: f.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
}
