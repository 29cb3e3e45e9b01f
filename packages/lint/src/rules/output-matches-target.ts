// https://www.tinybird.co/docs/forward/work-with-data/optimize/materialized-views
// https://www.tinybird.co/docs/forward/work-with-data/copy-pipes
import { didYouMean } from '@tb-refs/core';
import type { ProjectFile, ProjectGraph } from '@tb-refs/graph';
import type { PipeNode, SchemaColumn } from '@tb-refs/parser';
import { defineRule } from '../define-rule.js';
import { datasourceFile, nodeTarget, targetReference } from '../utils/node-target.js';
import { type ColumnsOf, type QueryOutput, queryOutput } from '../utils/select-columns.js';

const VERSIONED = /^(.+)__v\d+$/;

/** The columns a copy or materialized node writes must be the columns of its target datasource. */
export const outputMatchesTarget = defineRule({
  id: 'output-matches-target',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'project',
    defaultSeverity: 'error',
    description: 'Require the columns a copy or materialized node selects to match the SCHEMA of the datasource it writes',
    fixable: false,
    messages: {
      missingColumns: 'Node "{{node}}" does not select {{columns}} of "{{target}}", which {{have}} no DEFAULT: every row it writes gets the type\'s zero value there, and Tinybird Forward rejects the {{kind}} pipe because its columns do not match the target datasource.',
      unknownColumn: 'Node "{{node}}" selects "{{column}}", which is not a column of "{{target}}"; Tinybird rejects the {{kind}} pipe because its columns do not match the target datasource.',
      unnamedColumn: 'Node "{{node}}" selects `{{expression}}` without an alias, so ClickHouse names the column after the expression, which is not a column of "{{target}}".',
    },
  },
  create(context) {
    return {
      Pipe(pipe) {
        if (context.parsed.kind !== 'pipe') return;
        const graph = context.graph;
        const outputs = new NodeOutputs(graph, pipe.nodes);
        pipe.nodes.forEach((node, index) => {
          const target = nodeTarget(node);
          if (!target || !node.sql) return;
          const ref = targetReference(graph, context.file.path, target.setting);
          if (ref?.resolution !== 'datasource') return;
          const ds = datasourceFile(graph, ref.target);
          const schema = ds && knownSchema(ds);
          if (!ds || !schema) return;
          const output = outputs.of(index);
          if (!output) return;
          const name = ref.name;
          const data = { node: node.name, target: name, kind: target.kind };
          const related = [{ file: ds.path, range: ds.parsed.datasource!.schemaDirective?.nameRange ?? { start: 0, end: 0 }, message: `The SCHEMA of "${name}".` }];
          const produced = new Set(output.columns.flatMap((c) => (c.qualifiedName ? [c.name, c.qualifiedName] : [c.name])));
          const missing = schema.filter((c) => c.defaultKind === undefined && !produced.has(c.name)).map((c) => c.name);
          if (missing.length > 0) {
            const columns = missing.map((c) => `"${c}"`).join(', ');
            context.report({
              messageId: 'missingColumns', data: { ...data, columns, have: missing.length === 1 ? 'has' : 'have' }, range: output.select, related,
              help: `Select ${missing.length === 1 ? 'it' : 'them'} (with \`AS ${missing[0]}\` for a computed value), or give ${missing.length === 1 ? 'it' : 'them'} a DEFAULT in ${ds.path}.`,
            });
          }
          const names = schema.map((c) => c.name);
          const known = new Set(names);
          for (const column of output.columns) {
            if (known.has(column.name) || (column.qualifiedName !== undefined && known.has(column.qualifiedName))) continue;
            const hint = didYouMean(column.name, names.filter((n) => !produced.has(n)));
            context.report({
              messageId: 'unknownColumn', data: { ...data, column: column.name }, range: column.range, related,
              help: hint ? `Did you mean "${hint}"?` : `Remove it from the SELECT, or add it to the SCHEMA in ${ds.path}.`,
            });
          }
          for (const expression of output.unnamed) {
            context.report({
              messageId: 'unnamedColumn', data: { ...data, expression: shorten(context.parsed.source.slice(expression.range.start, expression.range.end)) }, range: expression.range, related,
              help: 'Name it with `AS <column>`, using a column of the target datasource.',
            });
          }
        });
      },
    };
  },
});

/**
 * The SCHEMA a datasource's columns are checked against, or undefined when the file does not say
 * all of them: no SCHEMA, or an INCLUDE that may add some.
 */
function knownSchema(file: ProjectFile): readonly SchemaColumn[] | undefined {
  const ds = file.parsed.datasource!;
  if (ds.schema.length === 0 || ds.includes.length > 0) return undefined;
  return ds.schema;
}

/** Columns `SELECT *` returns from a datasource: the SCHEMA minus MATERIALIZED and ALIAS columns. */
function starColumns(file: ProjectFile): readonly string[] | undefined {
  const ds = file.parsed.datasource!;
  const schema = knownSchema(file);
  // Kafka (`__value`, `__topic`, …) and DynamoDB (`_timestamp`, …) tables have columns the SCHEMA does not list.
  if (!schema || [...ds.connectorSettings.keys()].some((k) => k.startsWith('KAFKA_') || k.startsWith('IMPORT_'))) return undefined;
  return schema.filter((c) => c.defaultKind !== 'MATERIALIZED' && c.defaultKind !== 'ALIAS').map((c) => c.name);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** Outputs of the nodes of one pipe, computed once each; a node reads earlier nodes and datasources. */
class NodeOutputs {
  readonly #graph: ProjectGraph;
  readonly #nodes: readonly PipeNode[];
  readonly #done = new Map<number, QueryOutput | undefined>();

  constructor(graph: ProjectGraph, nodes: readonly PipeNode[]) {
    this.#graph = graph;
    this.#nodes = nodes;
  }

  of(index: number): QueryOutput | undefined {
    if (this.#done.has(index)) return this.#done.get(index);
    // A node reading itself (or a cycle) gives up instead of recursing forever.
    this.#done.set(index, undefined);
    const sql = this.#nodes[index]!.sql;
    const output = sql && queryOutput(sql, this.#columnsOf(index));
    this.#done.set(index, output);
    return output;
  }

  #columnsOf(index: number): ColumnsOf {
    return (name) => {
      // Earlier nodes shadow resources of the same name.
      for (let i = index - 1; i >= 0; i--) {
        if (this.#nodes[i]!.name !== name) continue;
        const output = this.of(i);
        return output && output.unnamed.length === 0 ? output.columns.map((c) => c.name) : undefined;
      }
      if (this.#nodes.some((n) => n.name === name)) return undefined;
      const file = datasourceFile(this.#graph, `datasource:${name}`) ?? datasourceFile(this.#graph, `datasource:${VERSIONED.exec(name)?.[1] ?? ''}`);
      return file && starColumns(file);
    };
  }
}
