import { extractSqlReferences, type SqlReference } from '@tb-refs/graph';
import { sqlBlockOf } from '@tb-refs/parser';

/**
 * The table references of SQL written outside a datafile (test YAML, shell tests, TypeScript
 * strings), with ranges in the enclosing file: `text` starts at file offset `base`.
 */
export function sqlReferencesIn(text: string, base: number): SqlReference[] {
  return extractSqlReferences(sqlBlockOf(text, base)).references;
}

/**
 * The part of a reference's name text that is the resource name `name`: all of it, or the
 * `name` prefix of `name__v3` (a VERSION-suffixed remote name) and of `name_quarantine`.
 * Undefined when the reference is to something else.
 */
export function nameSpan(refName: string, name: string, datasource: boolean): number | undefined {
  if (refName === name) return name.length;
  if (!refName.startsWith(name)) return undefined;
  const rest = refName.slice(name.length);
  if (/^__v\d+$/.test(rest)) return name.length;
  if (datasource && rest === '_quarantine') return name.length;
  return undefined;
}
