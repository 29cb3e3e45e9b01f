import { type DatafileKind, type ParsedDatafile, parseDatafile } from '@tb-refs/parser';
import type { ProjectFile } from './types.js';

/**
 * A project file of a built graph. Its parse result is the one the build made when the build
 * was asked to keep it (`keepParsed`), else the file is parsed again on first use, the same way,
 * and kept from then on: the graph's own commands never look at most files' trees, and a run
 * that reads every tree (the linter) asks for them to be kept.
 */
export class GraphFile implements ProjectFile {
  readonly path: string;
  readonly absolutePath: string;
  readonly name: string;
  readonly kind: DatafileKind;
  readonly source: string;
  #parsed: ParsedDatafile | undefined;

  constructor(path: string, absolutePath: string, name: string, parsed: ParsedDatafile, keepParsed: boolean) {
    this.path = path;
    this.absolutePath = absolutePath;
    this.name = name;
    this.kind = parsed.kind;
    this.source = parsed.source;
    this.#parsed = keepParsed ? parsed : undefined;
  }

  get parsed(): ParsedDatafile {
    return (this.#parsed ??= parseDatafile(this.source, { fileName: this.path }));
  }
}
