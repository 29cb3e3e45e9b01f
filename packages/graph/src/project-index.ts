import type { Diagnostic } from '@tb-refs/core';
import type { FileFacts } from './file-facts.js';

/**
 * A project's files by role and resource name. Each file is filed by a small method: `buildGraph`
 * runs once per project, and its loops ran in V8's slower tiers when they were all inline.
 */
export class ProjectIndex {
  readonly datasources = new Map<string, FileFacts>();
  readonly pipes = new Map<string, FileFacts>();
  /** .incl files by path. */
  readonly includes = new Map<string, FileFacts>();
  /** Every pipe file, duplicates included: a clashing file's references still count. */
  readonly pipeFiles: FileFacts[] = [];
  /** Materialized pipes that describe their target with ENGINE settings create it on push. */
  readonly embedded = new Map<string, FileFacts>();
  /** Datasources some copy or materialized node writes. */
  readonly writers = new Set<string>();

  /** Files `files`; a name clash adds a `duplicate-name` diagnostic. */
  constructor(files: readonly FileFacts[], diagnostics: Diagnostic[]) {
    for (const f of files) this.#add(f, diagnostics);
    for (const p of this.pipes.values()) this.#addTargets(p);
  }

  #add(f: FileFacts, diagnostics: Diagnostic[]): void {
    const { kind, name, path } = f.file;
    if (kind === 'incl') {
      this.includes.set(path, f);
      return;
    }
    if (kind === 'connection') return;
    const table = kind === 'datasource' ? this.datasources : this.pipes;
    const other = kind === 'datasource' ? this.pipes : this.datasources;
    const clash = table.get(name) ?? other.get(name);
    if (kind === 'pipe') this.pipeFiles.push(f);
    if (clash) {
      diagnostics.push(fileDiagnostic(path, 'duplicate-name', `Resource name "${name}" is also defined by ${clash.file.path}; Tinybird names resources by file name, so one would replace the other.`, 'Rename one of the files.'));
      return;
    }
    table.set(name, f);
  }

  /** Embedded datasources and writers of one pipe (every datasource is filed by now). */
  #addTargets(p: FileFacts): void {
    for (const n of p.nodes) {
      if (n.datasource && n.hasEngine && !this.datasources.has(n.datasource.value)) this.embedded.set(n.datasource.value, p);
      if (n.nodeType === 'copy' && n.targetDatasource) this.writers.add(n.targetDatasource.value);
      if (n.nodeType === 'materialized' && n.datasource) this.writers.add(n.datasource.value);
    }
  }
}

function fileDiagnostic(file: string, ruleId: string, message: string, help: string): Diagnostic {
  return { ruleId, severity: 'error', message, help, file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}
