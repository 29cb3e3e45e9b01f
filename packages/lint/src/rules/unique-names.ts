// https://www.tinybird.co/docs/classic/cli/datafiles/pipe-files
import type { ProjectFile, ProjectGraph } from '@tb-refs/graph';
import { defineRule } from '../define-rule.js';
import { fileAnchor } from '../utils/file-anchor.js';

/** Resource names are file names, unique across the project; node names are unique in a pipe. */
export const uniqueNames = defineRule({
  id: 'unique-names',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'project',
    defaultSeverity: 'error',
    description: 'Disallow two resources with the same name, two nodes with the same name in a pipe, and a node named like its pipe',
    fixable: false,
    messages: {
      duplicateResource: 'Resource name "{{name}}" is also defined by {{other}}; Tinybird names resources by file name, so one replaces the other on push.',
      duplicateNode: 'Node name "{{name}}" is used twice in this pipe; later references to it are ambiguous and Tinybird rejects the pipe.',
      nodeNamedLikePipe: 'Node "{{name}}" has the name of its pipe; Tinybird rejects a node named like the pipe that holds it.',
    },
  },
  create(context) {
    const { file } = context;
    return {
      File(parsed) {
        if (parsed.kind !== 'datasource' && parsed.kind !== 'pipe') return;
        const owner = ownerOf(context.graph, file);
        if (!owner) return;
        context.report({
          messageId: 'duplicateResource', data: { name: file.name, other: owner.path }, range: fileAnchor(parsed),
          help: 'Rename one of the files (and every reference to it).',
          related: [{ file: owner.path, range: fileAnchor(owner.parsed), message: `"${file.name}" is first defined here.` }],
        });
      },
      Pipe(pipe) {
        if (context.parsed.kind !== 'pipe') return;
        const seen = new Map<string, (typeof pipe.nodes)[number]>();
        for (const node of pipe.nodes) {
          const first = seen.get(node.name);
          if (first) {
            context.report({
              messageId: 'duplicateNode', data: { name: node.name }, range: node.nameRange,
              help: 'Rename one of the nodes.',
              related: [{ range: first.nameRange, message: `Node "${node.name}" is first defined here.` }],
            });
          } else seen.set(node.name, node);
          if (node.name === file.name) {
            context.report({ messageId: 'nodeNamedLikePipe', data: { name: node.name }, range: node.nameRange, help: `Rename the node, e.g. "${node.name}_0".` });
          }
        }
      },
    };
  },
});

/**
 * The file that holds the resource name in the graph: the graph keeps the first file it meets
 * with a name (datasource or pipe) and leaves the later ones out.
 */
function ownerOf(graph: ProjectGraph, file: ProjectFile): ProjectFile | undefined {
  const kind = file.kind === 'datasource' ? 'datasource' : 'pipe';
  const own = graph.vertices.get(`${kind}:${file.name}`);
  const other = graph.vertices.get(`${kind === 'pipe' ? 'datasource' : 'pipe'}:${file.name}`);
  // A datasource created by a materialized pipe's ENGINE settings is not a file of its own.
  const holder = own ?? (other?.kind === 'datasource' && other.embedded ? undefined : other);
  if (!holder || !('file' in holder) || holder.file === file.path) return undefined;
  return graph.files.find((f) => f.path === holder.file);
}
