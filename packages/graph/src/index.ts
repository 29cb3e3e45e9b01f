export { extractSqlReferences } from './sql-references.js';
export type { DynamicReference, SqlReference, SqlReferenceSite, SqlReferences } from './sql-references.js';
export { findTableCalls } from './template-call.js';
export type { TemplateTableCall } from './template-call.js';
export { buildGraph, pipeTypeOf, resourceNameOf } from './build-graph.js';
export type { SourceFile } from './build-graph.js';
export { loadProject } from './load-project.js';
export type { LoadProjectOptions } from './load-project.js';
export { findProjectFiles, DATAFILE_GLOB } from './find-project-files.js';
export { resolveIncludePath } from './include-path.js';
export type {
  DynamicSite, Edge, EdgeKind, PipeType, ProjectFile, ProjectGraph, Reference, ReferenceSite, ResolutionKind, Vertex,
} from './types.js';
export { findProjectRoots } from './find-project-roots.js';
