import { LineIndex } from '@tb-refs/core';
import type { Node, SourceFile } from 'ts-morph';
import type { ResourceTarget } from '../datafile-edits.js';
import type { PlannedEdit, PlanWarning } from '../plan.js';
import { nameSpan, sqlReferencesIn } from '../sql-text.js';
import { plannedEdit } from '../text-edits.js';
import { HOLE, flattenString, isContiguous, isStringToken, stringRootOf, type FlatString } from './flatten-string.js';
import { contextOf, sdkImportsOf } from './sdk-context.js';

// Tinybird's HTTP API addresses resources by name in the URL path or query string:
// https://www.tinybird.co/docs/api-reference/pipe-api (`/v0/pipes/<name>.json|.csv|.ndjson|…`),
// https://www.tinybird.co/docs/api-reference/datasource-api (`/v0/datasources/<name>`,
// `/v0/datasources?name=<name>`) and https://www.tinybird.co/docs/api-reference/events-api
// (`/v0/events?name=<name>`).

const SEGMENT_END = /[./?#&"'`\s]/;
const IDENT = /[A-Za-z0-9_]/;

/** Edits and warnings for one TypeScript (or JavaScript) file. */
export interface TypeScriptEdits {
  readonly edits: PlannedEdit[];
  readonly warnings: PlanWarning[];
}

/**
 * Finds the places in `file` that name `target`: API URLs in string and template literals
 * (including static `${'name'}` parts and `+` concatenations of literals), `pipe: 'name'`-style
 * properties, @tinybirdco/sdk names and SQL. Names it cannot prove (built from expressions, or a
 * bare string in an unknown call) are reported as warnings and left as they are.
 */
export function typescriptEdits(file: SourceFile, path: string, target: ResourceTarget, newName: string): TypeScriptEdits {
  const source = file.getFullText();
  const lines = new LineIndex(source);
  const edits: PlannedEdit[] = [];
  const warnings: PlanWarning[] = [];
  const sdk = sdkImportsOf(file);
  const seen = new Set<Node>();
  const warn = (offset: number, code: PlanWarning['code'], message: string): void => {
    const p = lines.positionAt(offset);
    warnings.push({ code, message, file: path, line: p.line, column: p.column });
  };
  // Every occurrence, even inside longer words: `${env}_name` and `name_quarantine` matter too.
  for (let offset = source.indexOf(target.name); offset >= 0; offset = source.indexOf(target.name, offset + 1)) {
    const token = file.getDescendantAtPos(offset);
    if (!token || offset < token.getStart() || !isStringToken(token)) continue;
    const root = stringRootOf(token);
    if (seen.has(root)) continue;
    seen.add(root);
    const flat = flattenString(root);
    if (!flat) continue;
    const edit = (from: number, kind: PlannedEdit['kind']): void => {
      const start = flat.offsets[from]!;
      edits.push(plannedEdit(path, source, lines, start, start + target.name.length, newName, kind));
    };
    const urls = urlNames(flat.text, target.kind);
    for (const u of urls) {
      if (u.text === target.name && isContiguous(flat, u.start, u.end)) edit(u.start, 'ts url');
      else if (u.text === target.name || (u.text.includes(HOLE) && gluedToHole(u.text, target.name))) warn(firstOffset(flat, u.start, u.end, root.getStart()), 'dynamic-name', `${describe(flat, u.start, u.end)} is built from expressions; tb-refs cannot prove it names ${target.name} and left it as it is.`);
    }
    if (urls.length > 0) continue;
    const context = contextOf(root, sdk);
    const hasHole = flat.text.includes(HOLE);
    if (context.kind === 'name') {
      if (context.resource !== target.kind) continue;
      if (!hasHole && flat.text === target.name) {
        if (context.proven) edit(0, context.via);
        else warn(root.getStart(), 'unproven-reference', `'${target.name}' passed to ${context.what} is left as it is: nothing shows the receiver is a Tinybird client.`);
      } else if (hasHole) {
        warn(root.getStart(), 'dynamic-name', `The ${context.what} name ${describe(flat, 0, flat.text.length)} is built from expressions; tb-refs cannot prove it names ${target.name} and left it as it is.`);
      }
      continue;
    }
    if (context.kind === 'sql') {
      sqlEdits(flat, target, (i) => edit(i, 'ts sql'), (i) => warn(firstOffset(flat, i, flat.text.length, root.getStart()), 'dynamic-name', `SQL in ${context.what} reads a table whose name is built from expressions next to ${target.name}; left as it is.`));
      continue;
    }
    if (!hasHole && flat.text === target.name) {
      warn(root.getStart(), 'unproven-reference', `The string '${target.name}' is left as it is: it is not used as a Tinybird ${target.kind} name in a form tb-refs recognises.`);
    } else if (hasHole && gluedToHole(flat.text, target.name)) {
      warn(root.getStart(), 'dynamic-name', `${describe(flat, 0, flat.text.length)} builds a name from ${target.name} and expressions; left as it is.`);
    } else if (!hasHole && new RegExp(`\\b(from|join)\\s+[\`"]?${target.name}\\b`, 'i').test(flat.text)) {
      warn(root.getStart(), 'unproven-reference', `This string looks like SQL reading ${target.name}, but it is not passed to the Tinybird SDK; left as it is.`);
    }
  }
  return { edits, warnings };
}

/** Resource-name segments of Tinybird API URLs in a flat string, by resource kind. */
function urlNames(text: string, kind: 'datasource' | 'pipe'): { start: number; end: number; text: string }[] {
  const found: { start: number; end: number; text: string }[] = [];
  const paths = kind === 'pipe' ? ['/v0/pipes/'] : ['/v0/datasources/'];
  for (const p of paths) {
    for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) {
      const start = i + p.length;
      let end = start;
      while (end < text.length && !SEGMENT_END.test(text[end]!)) end++;
      if (end > start) found.push({ start, end, text: text.slice(start, end) });
    }
  }
  if (kind === 'datasource') {
    for (const m of text.matchAll(/\/v0\/(?:events|datasources)\?(?:[^#"'`\s]*?&)?name=/g)) {
      const start = m.index + m[0].length;
      let end = start;
      while (end < text.length && !/[&#"'`\s]/.test(text[end]!)) end++;
      if (end > start) found.push({ start, end, text: text.slice(start, end) });
    }
  }
  return found;
}

/** SQL references to the target inside a flat string; holes become placeholder identifiers. */
function sqlEdits(flat: FlatString, target: ResourceTarget, edit: (index: number) => void, dynamic: (index: number) => void): void {
  const text = flat.text.replaceAll(HOLE, 'h');
  for (const r of sqlReferencesIn(text, 0)) {
    const span = nameSpan(r.name, target.name, target.kind === 'datasource');
    if (r.database !== undefined) continue;
    if (span !== undefined && isContiguous(flat, r.range.start, r.range.start + span)) edit(r.range.start);
    else if (flat.text.slice(r.range.start, r.range.end).includes(HOLE) && r.name.includes(target.name)) dynamic(r.range.start);
  }
}

/**
 * True when an occurrence of `name` is a whole name glued to a computed part: `${env}_name`,
 * `name_${suffix}`, `name${suffix}`. `name_other${x}` is another name and does not count.
 */
function gluedToHole(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = text[i - 1];
    const after = text[i + name.length];
    const leftHole = before === HOLE || (before === '_' && text[i - 2] === HOLE);
    const rightHole = after === HOLE || (after === '_' && text[i + name.length + 1] === HOLE);
    const leftOk = leftHole || before === undefined || !IDENT.test(before);
    const rightOk = rightHole || after === undefined || !IDENT.test(after);
    if ((leftHole || rightHole) && leftOk && rightOk) return true;
  }
  return false;
}

/** File offset of the first written character in `[from, to)` of a flat string. */
function firstOffset(flat: FlatString, from: number, to: number, fallback: number): number {
  for (let i = from; i < to; i++) if (flat.offsets[i]! >= 0) return flat.offsets[i]!;
  return fallback;
}

function describe(flat: FlatString, from: number, to: number): string {
  const shown = flat.text.slice(from, to).replaceAll(HOLE, '${…}');
  return `"${shown.length > 80 ? `${shown.slice(0, 77)}…` : shown}"`;
}
