import { LineIndex } from '@tb-refs/core';
import type { ResourceTarget } from '../datafile-edits.js';
import type { PlannedEdit } from '../plan.js';
import { nameSpan, sqlReferencesIn } from '../sql-text.js';
import { plannedEdit } from '../text-edits.js';

// Classic CI regression tests (datafile-format.md §5.2): `tests/<name>.test` holds shell commands
// such as `tb pipe data top_browsers__v${TB_VERSION:-0} --format CSV`, and `<name>.test.result`
// the expected output. The resource is the first argument of `tb pipe|datasource|endpoint <verb>`
// (a VERSION suffix may follow the name), and SQL passed to `tb sql` reads tables by name.

const COMMAND = /\btb[ \t]+(?:--[\w-]+(?:[ \t]+[^\s-]\S*)?[ \t]+)*(pipe|datasource|endpoint|sql)\b/g;

/** Edits to the resource names in the `tb` commands of a shell test file. */
export function shellTestEdits(path: string, source: string, target: ResourceTarget, newName: string): PlannedEdit[] {
  const index = new LineIndex(source);
  const edits: PlannedEdit[] = [];
  const isDatasource = target.kind === 'datasource';
  for (const m of source.matchAll(COMMAND)) {
    const after = m.index + m[0].length;
    const words = shellWords(source, after, lineEnd(source, after));
    if (m[1] === 'sql') {
      const query = words.find((w) => !w.text.startsWith('-'));
      if (!query) continue;
      for (const r of sqlReferencesIn(query.text, query.start)) {
        if (r.database === undefined && nameSpan(r.name, target.name, isDatasource) !== undefined) {
          edits.push(plannedEdit(path, source, index, r.range.start, r.range.start + target.name.length, newName, 'shell test'));
        }
      }
      continue;
    }
    // `tb pipe data NAME …`: the verb, then the first positional argument.
    const positional = words.filter((w) => !w.text.startsWith('-'));
    const arg = positional[1];
    if (!arg) continue;
    if (arg.text === target.name || (arg.text.startsWith(`${target.name}__v`) && /^__v(\d|\$)/.test(arg.text.slice(target.name.length)))) {
      edits.push(plannedEdit(path, source, index, arg.start, arg.start + target.name.length, newName, 'shell test'));
    }
  }
  return edits;
}

/** Shell words from `start` to `end`, with quotes stripped from the reported text and range. */
function shellWords(source: string, start: number, end: number): { text: string; start: number }[] {
  const words: { text: string; start: number }[] = [];
  let p = start;
  while (p < end) {
    while (p < end && /[ \t]/.test(source[p]!)) p++;
    if (p >= end || source[p] === '#' || source[p] === '|' || source[p] === ';' || source[p] === '&') break;
    const q = source[p];
    if (q === '"' || q === "'") {
      const close = source.indexOf(q, p + 1);
      const stop = close < 0 || close > end ? end : close;
      words.push({ text: source.slice(p + 1, stop), start: p + 1 });
      p = stop + 1;
      continue;
    }
    const s = p;
    while (p < end && !/[ \t|;&]/.test(source[p]!)) p++;
    words.push({ text: source.slice(s, p), start: s });
  }
  return words;
}

function lineEnd(source: string, from: number): number {
  let p = from;
  while (p < source.length && source[p] !== '\n' && source[p] !== '\r') p++;
  return p;
}
