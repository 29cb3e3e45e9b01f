import { nodeId } from './graph-reads.js';
import type { ResolutionKind } from './types.js';

/** Every datasource has a `<name>_quarantine` table for rows that failed to ingest. */
const QUARANTINE = '_quarantine';
/** Databases of Tinybird's service data sources and ClickHouse's system tables. */
const EXTERNAL_DATABASES = new Set(['tinybird', 'system', 'information_schema', 'INFORMATION_SCHEMA']);

/** What a name resolves to; `baseName` when only a prefix of the name is the resource's. */
export interface Resolution {
  readonly kind: ResolutionKind;
  readonly target: string;
  readonly baseName?: string;
}

/** Resolves names the way the CLI looks them up (datafile-format.md §4.4). */
export class Resolver {
  readonly #datasources: ReadonlyMap<string, unknown>;
  readonly #pipes: ReadonlyMap<string, unknown>;
  readonly #embedded: ReadonlyMap<string, unknown>;
  /**
   * Resolutions of names without a database that are not node names, which depend on the name
   * alone. A project reads the same few tables from hundreds of queries: one result (and one
   * target string) per name, instead of one per reference.
   */
  readonly #byName = new Map<string, Resolution>();
  /**
   * Node resolutions of the pipe last asked about (`owner` with its node names): a pipe's queries
   * are read together, and its edges keep the target ids.
   */
  #nodeOwner: string | undefined;
  #nodeNames: ReadonlySet<string> | undefined;
  readonly #byNode = new Map<string, Resolution>();

  constructor(datasources: ReadonlyMap<string, unknown>, pipes: ReadonlyMap<string, unknown>, embedded: ReadonlyMap<string, unknown>) {
    this.#datasources = datasources;
    this.#pipes = pipes;
    this.#embedded = embedded;
  }

  /** Results are shared between calls: never change them. */
  resolve(name: string, database: string | undefined, nodeNames: ReadonlySet<string>, owner: string): Resolution {
    if (database === undefined && nodeNames.has(name)) return this.#node(name, nodeNames, owner);
    if (database !== undefined) {
      if (EXTERNAL_DATABASES.has(database)) return { kind: 'external', target: `external:${database}.${name}` };
      // Classic git releases address an earlier release's resources as `v0_0_1.name`: they live
      // in the workspace, not in these files, and a rename must not touch them.
      if (/^v\d+_\d+_\d+$/.test(database)) return { kind: 'external', target: `external:${database}.${name}` };
      const vendored = this.#lookup(`${database}.${name}`);
      if (vendored) return vendored;
      return { kind: 'unresolved', target: `unresolved:${database}.${name}` };
    }
    let r = this.#byName.get(name);
    if (r === undefined) {
      r = this.#resolveName(name);
      this.#byName.set(name, r);
    }
    return r;
  }

  #node(name: string, nodeNames: ReadonlySet<string>, owner: string): Resolution {
    if (owner !== this.#nodeOwner || nodeNames !== this.#nodeNames) {
      this.#nodeOwner = owner;
      this.#nodeNames = nodeNames;
      this.#byNode.clear();
    }
    let r = this.#byNode.get(name);
    if (r === undefined) {
      r = { kind: 'node', target: nodeId(owner, name) };
      this.#byNode.set(name, r);
    }
    return r;
  }

  #resolveName(name: string): Resolution {
    const direct = this.#lookup(name);
    if (direct) return direct;
    if (name.endsWith(QUARANTINE)) {
      const base = this.#lookup(name.slice(0, -QUARANTINE.length));
      if (base?.kind === 'datasource') return { ...base, baseName: name.slice(0, -QUARANTINE.length) };
    }
    // `name__v2`: VERSION-suffixed remote names map back to the file `name`.
    const versioned = /^(.+)__v\d+$/.exec(name);
    if (versioned) {
      const base = this.#lookup(versioned[1]!);
      if (base) return { ...base, baseName: versioned[1]! };
    }
    return { kind: 'unresolved', target: `unresolved:${name}` };
  }

  #lookup(name: string): Resolution | undefined {
    if (this.#datasources.has(name) || this.#embedded.has(name)) return { kind: 'datasource', target: `datasource:${name}` };
    if (this.#pipes.has(name)) return { kind: 'pipe', target: `pipe:${name}` };
    return undefined;
  }
}
