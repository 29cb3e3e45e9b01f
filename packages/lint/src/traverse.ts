import type { ParsedDatafile } from '@tb-refs/parser';
import type { VisitedNodes } from './rule.js';

/** A visitor key, or a key with `:exit`. */
export type VisitKey = keyof VisitedNodes | `${keyof VisitedNodes}:exit`;

/**
 * Walks a parsed file in a fixed order and calls `emit` for each node: File, every Directive,
 * then the datasource model (token grants, includes, schema columns, FORWARD_QUERY/IMPORT_QUERY
 * SQL) or the pipe model (token grants, includes, nodes and their SQL), with `:exit` callbacks.
 */
export function traverse(parsed: ParsedDatafile, emit: (key: VisitKey, node: VisitedNodes[keyof VisitedNodes]) => void): void {
  emit('File', parsed);
  for (const d of parsed.directives) emit('Directive', d);
  const ds = parsed.datasource;
  if (ds) {
    emit('Datasource', ds);
    for (const t of ds.tokens) emit('TokenGrant', t);
    for (const i of ds.includes) emit('Include', i);
    for (const c of ds.schema) emit('SchemaColumn', c);
    if (ds.forwardQuery) emit('SqlBlock', ds.forwardQuery);
    if (ds.importQuery) emit('SqlBlock', ds.importQuery);
    emit('Datasource:exit', ds);
  }
  const pipe = parsed.pipe;
  if (pipe) {
    emit('Pipe', pipe);
    for (const t of pipe.tokens) emit('TokenGrant', t);
    for (const i of pipe.includes) emit('Include', i);
    for (const n of pipe.nodes) {
      emit('PipeNode', n);
      if (n.sql) emit('SqlBlock', n.sql);
      emit('PipeNode:exit', n);
    }
    emit('Pipe:exit', pipe);
  }
  emit('File:exit', parsed);
}
