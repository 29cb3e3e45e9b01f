// https://www.tinybird.co/docs/classic/cli/datafiles/pipe-files
import { didYouMean } from '@tb-refs/core';
import { type ProjectGraph, type Reference, type ReferenceSite, resolveIncludePath } from '@tb-refs/graph';
import { defineRule } from '../define-rule.js';
import { memoPerGraph, referencesIn } from '../utils/graph-index.js';

const SITE_LABELS: Readonly<Record<ReferenceSite, string>> = {
  from: 'FROM', join: 'JOIN', in: 'IN', joinGet: 'joinGet()', dictGet: 'dictGet()', 'table()': 'TABLE()',
  DATASOURCE: 'DATASOURCE', TARGET_DATASOURCE: 'TARGET_DATASOURCE', INCLUDE: 'INCLUDE', 'INCLUDE variable': 'an INCLUDE variable',
};

/** Every name a datafile refers to must exist in the project. */
export const noUnresolvedReference = defineRule({
  id: 'no-unresolved-reference',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'project',
    defaultSeverity: 'error',
    description: 'Disallow references to datasources, pipes, nodes and included files that do not exist',
    fixable: false,
    hasSuggestions: true,
    messages: {
      unresolved: '{{site}} refers to "{{name}}", which is not a datasource, pipe or node of this project; Tinybird cannot push "{{owner}}".',
      unresolvedConditional: '{{site}} refers to "{{name}}", which is not a datasource, pipe or node of this project; it is inside a template branch, so requests that take that branch fail.',
      unresolvedInclude: 'INCLUDE refers to "{{path}}", which does not exist.',
      includeOutside: 'INCLUDE path "{{path}}" points outside the project; Tinybird only reads files inside it.',
      replaceWith: 'Replace with "{{name}}".',
    },
  },
  create(context) {
    return {
      File() {
        for (const ref of referencesIn(context.graph, context.file.path)) {
          if (ref.resolution === 'unresolved') report(ref);
        }
      },
      Include(inc) {
        if (resolveIncludePath(context.file.path, inc.path) !== undefined) return;
        context.report({ messageId: 'includeOutside', data: { path: inc.path }, range: inc.pathRange, help: 'Move the included file into the project and use a path relative to this file.' });
      },
    };

    function report(ref: Reference): void {
      const graph = context.graph;
      if (ref.site === 'INCLUDE') {
        const hint = suggestion(graph, `include\0${ref.name}`, () => didYouMean(ref.name, names(graph, 'include')));
        const written = context.parsed.source.slice(ref.range.start, ref.range.end);
        context.report({
          messageId: 'unresolvedInclude', data: { path: written }, range: ref.range,
          help: hint ? `Did you mean "${hint}"?` : 'Check the path; it is relative to this file.',
        });
        return;
      }
      const name = ref.database === undefined ? ref.name : `${ref.database}.${ref.name}`;
      const withNodes = ref.node !== undefined && ref.site !== 'DATASOURCE' && ref.site !== 'TARGET_DATASOURCE';
      // The closest resource name is the same for every node that misspells `name`; only the
      // node names differ. Ties go to the resource, as they would with one list (resources first).
      const fromResources = suggestion(graph, `resource\0${name}`, () => didYouMean(name, [...names(graph, 'datasource'), ...names(graph, 'pipe')]));
      const hint = !withNodes ? fromResources : suggestion(graph, `node\0${context.file.name}\0${ref.node}\0${name}`, () => {
        const pipe = graph.vertices.get(`pipe:${context.file.name}`);
        const nodes = pipe?.kind === 'pipe' ? pipe.nodes.filter((n) => n !== ref.node) : [];
        return didYouMean(name, fromResources === undefined ? nodes : [fromResources, ...nodes]);
      });
      context.report({
        messageId: ref.conditional ? 'unresolvedConditional' : 'unresolved',
        data: { site: SITE_LABELS[ref.site], name, owner: context.file.name },
        range: ref.range,
        help: hint ? `Did you mean "${hint}"?` : `Add the datafile for "${name}" to the project, or fix the name.`,
        ...(hint && ref.database === undefined ? { suggestions: [{ messageId: 'replaceWith' as const, data: { name: hint }, fix: { range: [ref.range.start, ref.range.end], text: hint } }] } : {}),
      });
    }
  },
});

const namesCache = new WeakMap<ProjectGraph, Map<string, readonly string[]>>();
const suggestionCache = new WeakMap<ProjectGraph, Map<string, string | undefined>>();

/** A suggestion computed once per graph: a misspelt name is often written in several places. */
function suggestion(graph: ProjectGraph, key: string, compute: () => string | undefined): string | undefined {
  return memoPerGraph(suggestionCache, graph, key, compute);
}

/** Names of the vertices of one kind, computed once per graph: a project can have many typos. */
function names(graph: ProjectGraph, kind: 'datasource' | 'pipe' | 'include'): readonly string[] {
  return memoPerGraph(namesCache, graph, kind, () => [...graph.vertices.values()].filter((v) => v.kind === kind).map((v) => v.name));
}
