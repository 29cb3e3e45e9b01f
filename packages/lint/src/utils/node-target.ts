import type { ProjectFile, ProjectGraph, Reference } from '@tb-refs/graph';
import type { PipeNode, Setting } from '@tb-refs/parser';
import { referencesIn } from './graph-index.js';

/** The datasource a copy (`TARGET_DATASOURCE`) or materialized (`DATASOURCE`) node writes. */
export interface NodeTarget {
  readonly kind: 'copy' | 'materialized';
  readonly setting: Setting;
}

/** The target directive of a `TYPE copy` or `TYPE materialized` node, if it has one. */
export function nodeTarget(node: PipeNode): NodeTarget | undefined {
  if (node.nodeType === 'copy' && node.targetDatasource) return { kind: 'copy', setting: node.targetDatasource };
  if (node.nodeType === 'materialized' && node.datasource) return { kind: 'materialized', setting: node.datasource };
  return undefined;
}

/** How the graph resolved a node's DATASOURCE / TARGET_DATASOURCE directive. */
export function targetReference(graph: ProjectGraph, file: string, setting: Setting): Reference | undefined {
  const site = setting.key === 'TARGET_DATASOURCE' ? 'TARGET_DATASOURCE' : 'DATASOURCE';
  const { start, end } = setting.directive.valueRange;
  return referencesIn(graph, file).find((r) => r.site === site && r.range.start >= start && r.range.end <= end);
}

const filesCache = new WeakMap<ProjectGraph, ReadonlyMap<string, ProjectFile>>();

/**
 * The `.datasource` file defining a datasource vertex (`datasource:<name>`), or undefined when the
 * name is not a datasource or is created by a materialized pipe's ENGINE settings.
 */
export function datasourceFile(graph: ProjectGraph, id: string): ProjectFile | undefined {
  const vertex = graph.vertices.get(id);
  if (vertex?.kind !== 'datasource' || vertex.embedded) return undefined;
  let byPath = filesCache.get(graph);
  if (!byPath) {
    byPath = new Map(graph.files.map((f) => [f.path, f]));
    filesCache.set(graph, byPath);
  }
  const file = byPath.get(vertex.file);
  return file?.parsed.datasource ? file : undefined;
}
