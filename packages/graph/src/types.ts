import type { Diagnostic } from '@tb-refs/core';
import type { DatafileKind, ParsedDatafile, Range } from '@tb-refs/parser';
import type { SqlReferenceSite } from './sql-references.js';

/** A datafile of a project, parsed. */
export interface ProjectFile {
  /** Path relative to the project root, '/'-separated. */
  readonly path: string;
  readonly absolutePath: string;
  /** Resource name: the file stem (`vendor/<ws>/…` files are named `<ws>.<stem>`). */
  readonly name: string;
  /** The file's kind, from its extension (the same as `parsed.kind`). */
  readonly kind: DatafileKind;
  /** The file's text (the same as `parsed.source`). */
  readonly source: string;
  /**
   * The parse result. Unless the graph was built with `keepParsed`, a file is parsed again on
   * the first read of this (then kept): read `kind` and `source` where they are enough.
   */
  readonly parsed: ParsedDatafile;
}

/** Pipe types (datafile-format.md §3.2). `default`: no TYPE, published on its last node. */
export type PipeType = 'endpoint' | 'copy' | 'materialized' | 'sink' | 'stream' | 'default';

/** Where a reference was written. */
export type ReferenceSite = SqlReferenceSite | 'DATASOURCE' | 'TARGET_DATASOURCE' | 'INCLUDE' | 'INCLUDE variable';

/** How a reference resolved. */
export type ResolutionKind = 'datasource' | 'pipe' | 'node' | 'external' | 'unresolved' | 'include';

/** One place in a datafile that names another resource: what rename codemods rewrite. */
export interface Reference {
  /** File the reference is written in (project-relative). */
  readonly file: string;
  /** Range of the name's text, without quotes (file offsets). */
  readonly range: Range;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly name: string;
  readonly database?: string;
  readonly site: ReferenceSite;
  readonly quote?: '`' | '"' | "'";
  readonly conditional: boolean;
  /** Pipe (or datasource) whose file holds the reference, and the node when in SQL. */
  readonly owner: string;
  readonly node?: string;
  readonly resolution: ResolutionKind;
  /** Vertex id the reference resolves to. */
  readonly target: string;
}

/** A name the template or an environment variable computes: reported, never guessed. */
export interface DynamicSite {
  readonly file: string;
  readonly owner: string;
  readonly node?: string;
  readonly text: string;
  readonly range: Range;
  readonly line: number;
  readonly column: number;
  readonly conditional: boolean;
}

/** A vertex of the dependency graph. */
export type Vertex =
  | { readonly id: string; readonly kind: 'datasource'; readonly name: string; readonly file: string; readonly raw: boolean; readonly engine?: string; readonly embedded?: boolean }
  | { readonly id: string; readonly kind: 'pipe'; readonly name: string; readonly file: string; readonly type: PipeType; readonly nodes: readonly string[]; readonly endpointNode?: string }
  | { readonly id: string; readonly kind: 'node'; readonly name: string; readonly pipe: string; readonly file: string; readonly type?: string }
  | { readonly id: string; readonly kind: 'include'; readonly name: string; readonly file: string }
  | { readonly id: string; readonly kind: 'external'; readonly name: string }
  | { readonly id: string; readonly kind: 'unresolved'; readonly name: string };

/** Edge kinds, in data-flow direction. */
export type EdgeKind = 'read' | 'copy' | 'materialize' | 'node' | 'include';

/** A directed edge of the graph. */
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** For `read` edges: the reading node; for `node` edges: the reading (later) node. */
  readonly node?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly conditional?: boolean;
}

/** A loaded project with its dependency graph. */
export interface ProjectGraph {
  readonly root: string;
  readonly files: readonly ProjectFile[];
  readonly vertices: ReadonlyMap<string, Vertex>;
  readonly edges: readonly Edge[];
  readonly references: readonly Reference[];
  readonly dynamic: readonly DynamicSite[];
  /** Parse diagnostics of every file plus loading problems (duplicates, includes). */
  readonly diagnostics: readonly Diagnostic[];
}
