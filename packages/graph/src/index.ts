export { extractSqlReferences } from './sql-references.js';
export type { ExtractOptions } from './sql-references.js';
export type { DynamicReference, SqlReference, SqlReferenceSite, SqlReferences } from './sql-references.js';
export { findTableCalls } from './template-call.js';
export type { TemplateTableCall } from './template-call.js';
export { buildGraph, pipeTypeOf, resourceNameOf } from './build-graph.js';
export type { BuildGraphOptions, SourceFile } from './build-graph.js';
export { loadProject, readProjectSources } from './load-project.js';
export type { LoadProjectOptions } from './load-project.js';
export { findProjectFiles, DATAFILE_GLOB } from './find-project-files.js';
export { globGitignored } from './gitignore-filter.js';
export type { GitignoredGlobOptions } from './gitignore-filter.js';
export { resolveIncludePath } from './include-path.js';
export type {
  DynamicSite, Edge, EdgeKind, PipeType, ProjectFile, ProjectGraph, Reference, ReferenceSite, ResolutionKind, Vertex,
} from './types.js';
export { findProjectRoots } from './find-project-roots.js';
export { adjacencyOf } from './operations/adjacency.js';
export type { Adjacency } from './operations/adjacency.js';
export { downstreamOf, upstreamOf } from './operations/closure.js';
export { copyPipesReading, endpointsReadingDirectly, isEndpoint } from './operations/readers.js';
export type { CopyFeed, LiveReader } from './operations/readers.js';
export { findCycles } from './operations/find-cycles.js';
export { findResource, selectVertices } from './operations/select.js';
export { computeImpact, DEFAULT_POSTGRES_DATASOURCES } from './operations/impact.js';
export type { DirectReader, Impact, ImpactApproach, ImpactOptions } from './operations/impact.js';
export { loadProjectAtRef } from './load-project-at-ref.js';
export { diffGraphs } from './operations/diff-graphs.js';
export type { DatasourceChange, Downtime, GraphDiff } from './operations/diff-graphs.js';
