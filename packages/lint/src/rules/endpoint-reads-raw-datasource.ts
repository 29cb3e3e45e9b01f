// https://www.tinybird.co/docs/classic/work-with-data/strategies/deduplication-strategies
import {
  type CopyFeed, type LiveReader, type ProjectGraph, type Reference, adjacencyOf, copyPipesReading, endpointsReadingDirectly,
  isEndpoint,
} from '@tb-refs/graph';
import { defineRule } from '../define-rule.js';
import type { LintSettings } from '../rule.js';
import { memoPerGraph, referencesIn } from '../utils/graph-index.js';

type Options = { onlyDeduplicated: boolean };

/** A raw datasource an endpoint pipe reads, and through which pipes. */
interface RawRead {
  readonly datasource: string;
  /** Pipe names between the datasource and the endpoint, in data-flow order. */
  readonly via: readonly string[];
}

const cache = new WeakMap<ProjectGraph, Map<string, ReadonlyMap<string, readonly RawRead[]>>>();

/** Endpoints must read deduplicated or derived datasources, not raw landing tables. */
export const endpointReadsRawDatasource = defineRule({
  id: 'endpoint-reads-raw-datasource',
  meta: {
    type: 'problem',
    category: 'suspicious',
    scope: 'project',
    defaultSeverity: 'warn',
    description: 'Disallow endpoints that read a raw landing datasource, directly or through live pipes',
    fixable: false,
    hasSuggestions: true,
    messages: {
      direct: 'Endpoint "{{endpoint}}" reads the raw landing datasource "{{datasource}}": it returns every ingested version of a row, and it fails while "{{datasource}}" is being replaced or rebuilt.',
      indirect: 'Endpoint "{{endpoint}}" reads the raw landing datasource "{{datasource}}" through {{chain}}: it returns every ingested version of a row, and it fails while "{{datasource}}" is being replaced or rebuilt.',
      useDeduplicated: 'Read "{{deduplicated}}" instead.',
    },
    schema: {
      type: 'object',
      properties: { onlyDeduplicated: { type: 'boolean', description: 'Only flag raw datasources that a copy pipe already deduplicates into a ReplacingMergeTree.' } },
    },
    defaultOptions: { onlyDeduplicated: true } as Options,
  },
  create(context) {
    return {
      Pipe() {
        const graph = context.graph;
        if (!isEndpoint(graph.vertices.get(`pipe:${context.file.name}`))) return;
        const reads = rawReadsByEndpoint(graph, context.settings, context.options).get(`pipe:${context.file.name}`);
        if (!reads) return;
        for (const ref of referencesIn(graph, context.file.path)) {
          for (const read of reads) {
            // A direct read is reported at the datasource's name; a chained one at the pipe the endpoint reads.
            const at = read.via.length === 0 ? `datasource:${read.datasource}` : `pipe:${read.via[read.via.length - 1]!}`;
            if (ref.target !== at || ref.site === 'DATASOURCE' || ref.site === 'TARGET_DATASOURCE') continue;
            report(ref, read);
          }
        }
      },
    };

    function report(ref: Reference, read: RawRead): void {
      const feed = deduplicatedCopyOf(context.graph, `datasource:${read.datasource}`) ?? copyPipesReading(context.graph, `datasource:${read.datasource}`)[0];
      const deduplicated = feed && nameOf(feed.target);
      const direct = read.via.length === 0;
      const chain = read.via.map((p) => `"${p}"`).join(' → ');
      context.report({
        messageId: direct ? 'direct' : 'indirect',
        data: { endpoint: context.file.name, datasource: read.datasource, chain },
        range: ref.range,
        help: deduplicated
          ? `Read "${deduplicated}" (kept deduplicated by the copy pipe "${nameOf(feed!.pipe)}") instead${direct ? '' : `, in ${chain}`}.`
          : 'Read a copy or materialized view of it instead, so swapping the landing table does not take the endpoint down.',
        ...(direct && deduplicated ? { suggestions: [{ messageId: 'useDeduplicated' as const, data: { deduplicated }, fix: { range: [ref.range.start, ref.range.end], text: deduplicated } }] } : {}),
      });
    }
  },
});

/** For each endpoint pipe id, the raw datasources it reads live. Computed once per graph. */
function rawReadsByEndpoint(graph: ProjectGraph, settings: LintSettings, options: Options): ReadonlyMap<string, readonly RawRead[]> {
  const key = JSON.stringify([settings.postgresDatasources, options.onlyDeduplicated]);
  return memoPerGraph(cache, graph, key, () => {
    const postgres = new Set(settings.postgresDatasources);
    const result = new Map<string, RawRead[]>();
    for (const v of graph.vertices.values()) {
      // Raw: nothing in the project writes it. Postgres replicas are deduplicated by their own engine.
      if (v.kind !== 'datasource' || !v.raw || postgres.has(v.name)) continue;
      if (options.onlyDeduplicated && deduplicatedCopyOf(graph, v.id) === undefined) continue;
      for (const reader of endpointsReadingDirectly(graph, v.id)) {
        const list = result.get(reader.pipe) ?? result.set(reader.pipe, []).get(reader.pipe)!;
        list.push({ datasource: v.name, via: viaNames(reader) });
      }
    }
    return result;
  });
}

/**
 * The deduplicated copy of a datasource: a copy pipe into a ReplacingMergeTree that reads no
 * other datasource or pipe (besides its target, which incremental copies read back). A copy that
 * joins the datasource with others (an enrichment lookup) or aggregates it into a MergeTree
 * snapshot does not make it a raw landing table.
 */
function deduplicatedCopyOf(graph: ProjectGraph, datasourceId: string): CopyFeed | undefined {
  const { in: incoming } = adjacencyOf(graph);
  return copyPipesReading(graph, datasourceId).find((feed) => {
    const target = graph.vertices.get(feed.target);
    if (target?.kind !== 'datasource' || !/^ReplacingMergeTree\b/i.test(target.engine ?? '')) return false;
    const sources = new Set((incoming.get(feed.pipe) ?? []).filter((e) => e.kind === 'read').map((e) => e.from));
    sources.delete(feed.target);
    return sources.size === 1 && sources.has(datasourceId);
  });
}

function viaNames(reader: LiveReader): string[] {
  return reader.via.map(nameOf);
}

/** `pipe:x` → `x`. */
function nameOf(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}
