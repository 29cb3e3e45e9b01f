import type { IncludeDirective, IncludeVariable, ParsedDatafile, PipeNode, Range } from '@tb-refs/parser';
import { sqlBlockOf } from '@tb-refs/parser';
import type { GraphFile } from './graph-file.js';
import { extractSqlReferences, type SqlReferences } from './sql-references.js';

/** A DATASOURCE or TARGET_DATASOURCE value and where the directive writes it. */
export interface TargetFacts {
  readonly value: string;
  readonly valueRange: Range;
}

/** What the graph reads of one node. */
export interface NodeFacts {
  readonly name: string;
  readonly nodeType: string | undefined;
  /** The node describes its target with ENGINE settings (an embedded datasource). */
  readonly hasEngine: boolean;
  readonly datasource: TargetFacts | undefined;
  readonly targetDatasource: TargetFacts | undefined;
  /** What its SQL reads (undefined without SQL, and in files whose nodes the graph does not read). */
  readonly reads: SqlReferences | undefined;
}

/** An INCLUDE line. */
export interface IncludeFacts {
  readonly path: string;
  readonly pathRange: Range;
  readonly variables: readonly IncludeVariable[];
}

/**
 * Everything `buildGraph` needs of one parsed file, taken while the parse result is at hand so
 * that the result itself need not outlive the file's turn. A project's parse results are most of
 * what a graph build allocates that survives: kept until the build ends, the young-generation
 * collector copied every one of their objects, twice, while the rest of the project was parsed.
 */
export interface FileFacts {
  readonly file: GraphFile;
  /** The nodes of a pipe or .incl file. */
  readonly nodes: readonly NodeFacts[];
  /** INCLUDE lines (of the pipe model when the file has nodes, else of the datasource model). */
  readonly includes: readonly IncludeFacts[];
  /** A datasource's ENGINE value. */
  readonly engine: string | undefined;
  /** What a datasource's FORWARD_QUERY and column expressions read, in file order. */
  readonly datasourceReads: readonly SqlReferences[];
}

const NONE: readonly never[] = Object.freeze([]);

/** The facts of `parsed`, the parse result of `file`. */
export function factsOf(file: GraphFile, parsed: ParsedDatafile): FileFacts {
  // Only pipes and .incl fragments have their node SQL read (see buildGraph).
  const readSql = parsed.kind === 'pipe' || parsed.kind === 'incl';
  const pipeNodes = parsed.pipe?.nodes;
  const nodes = pipeNodes === undefined || pipeNodes.length === 0 ? NONE : pipeNodes.map((n) => nodeFacts(n, readSql));
  const ds = parsed.datasource;
  return {
    file,
    nodes,
    includes: includeFacts(parsed.pipe?.includes ?? ds?.includes),
    engine: ds?.engine?.value,
    datasourceReads: parsed.kind === 'datasource' && ds !== undefined ? datasourceReads(parsed) : NONE,
  };
}

function nodeFacts(n: PipeNode, readSql: boolean): NodeFacts {
  return {
    name: n.name,
    nodeType: n.nodeType,
    hasEngine: n.engine !== undefined,
    datasource: n.datasource && { value: n.datasource.value, valueRange: n.datasource.directive.valueRange },
    targetDatasource: n.targetDatasource && { value: n.targetDatasource.value, valueRange: n.targetDatasource.directive.valueRange },
    reads: readSql && n.sql ? extractSqlReferences(n.sql) : undefined,
  };
}

function includeFacts(includes: readonly IncludeDirective[] | undefined): readonly IncludeFacts[] {
  if (includes === undefined || includes.length === 0) return NONE;
  return includes.map((inc) => ({ path: inc.path, pathRange: inc.pathRange, variables: inc.variables }));
}

/** FORWARD_QUERY and column expressions: they read tables too (datafile-format.md §4.2 step 6, §4.5). */
function datasourceReads(parsed: ParsedDatafile): readonly SqlReferences[] {
  const model = parsed.datasource!;
  const out: SqlReferences[] = [];
  if (model.forwardQuery) out.push(extractSqlReferences(model.forwardQuery));
  for (const c of model.schema) {
    if (!c.defaultRange || !c.defaultExpression || !/\b(select|joinGet|dictGet)/i.test(c.defaultExpression)) continue;
    const block = sqlBlockOf(parsed.source.slice(c.defaultRange.start, c.defaultRange.end), c.defaultRange.start);
    out.push(extractSqlReferences(block, { expression: true }));
  }
  return out.length === 0 ? NONE : out;
}
