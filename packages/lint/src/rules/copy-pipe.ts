// https://www.tinybird.co/docs/forward/work-with-data/copy-pipes
// https://www.tinybird.co/docs/classic/cli/datafiles/pipe-files#copy-pipes
import type { ProjectGraph } from '@tb-refs/graph';
import type { PipeNode } from '@tb-refs/parser';
import { defineRule } from '../define-rule.js';
import { memoPerGraph } from '../utils/graph-index.js';
import { targetReference } from '../utils/node-target.js';
import { directiveRange, unquotedValueRange } from '../utils/setting-value.js';

const ON_DEMAND = '@on-demand';
/** Shorthands croniter (which Tinybird validates schedules with) accepts. */
const CRON_ALIASES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface CronField {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for numbers (`jan` = 1, `sun` = 0). */
  readonly names?: readonly string[];
  readonly namesFrom?: number;
}

const FIELDS: readonly CronField[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  // 7 is Sunday too.
  { label: 'day of week', min: 0, max: 7, names: DAYS, namesFrom: 0 },
];

/** Copy pipes need one copy node, an existing target datasource, a valid schedule and mode. */
export const copyPipe = defineRule({
  id: 'copy-pipe',
  meta: {
    type: 'problem',
    category: 'correctness',
    scope: 'project',
    defaultSeverity: 'error',
    description: 'Require copy pipes to have one copy node with a datasource target, a valid COPY_SCHEDULE and a valid COPY_MODE',
    fixable: false,
    messages: {
      missingTarget: 'Copy node "{{node}}" has no TARGET_DATASOURCE; Tinybird rejects a copy pipe that does not say which datasource it writes.',
      targetNotDatasource: 'TARGET_DATASOURCE "{{name}}" is a {{kind}}, not a datasource; a copy pipe can only write a datasource.',
      multipleCopyNodes: 'Node "{{node}}" is a second copy node in this pipe (after "{{first}}"); a pipe can have only one copy node.',
      conflictingReplace: 'Copy pipes "{{pipe}}" and "{{other}}" both replace the whole of "{{name}}" on a schedule, so each run throws away what the other wrote.',
      invalidSchedule: 'COPY_SCHEDULE "{{value}}" is not a cron expression ({{reason}}); Tinybird rejects the copy pipe.',
      invalidMode: '{{key}} is "{{value}}"; a copy pipe writes in `append` or `replace` mode.',
    },
  },
  create(context) {
    return {
      Pipe(pipe) {
        if (context.parsed.kind !== 'pipe') return;
        const source = context.parsed.source;
        const copies = pipe.nodes.filter((n) => n.nodeType === 'copy');
        if (copies.length === 0) return;
        const first = copies[0]!;
        for (const node of copies) {
          const typeDirective = node.directives.find((d) => d.key === 'TYPE');
          const at = typeDirective ? directiveRange(typeDirective) : node.nameRange;
          if (node !== first) {
            context.report({
              messageId: 'multipleCopyNodes', data: { node: node.name, first: first.name }, range: at,
              help: 'Keep TYPE copy on the node whose result is written; the other nodes stay plain nodes it reads.',
              related: [{ range: first.nameRange, message: `"${first.name}" is the first copy node.` }],
            });
          }
          const target = node.targetDatasource;
          if (!target) {
            context.report({
              messageId: 'missingTarget', data: { node: node.name }, range: at,
              help: node.datasource ? 'Copy nodes name their target with TARGET_DATASOURCE, not DATASOURCE.' : 'Add `TARGET_DATASOURCE <datasource>` after TYPE copy.',
            });
          } else {
            const ref = targetReference(context.graph, context.file.path, target);
            // Names that resolve to nothing are reported by no-unresolved-reference.
            if (ref && (ref.resolution === 'pipe' || ref.resolution === 'node')) {
              context.report({
                messageId: 'targetNotDatasource', data: { name: ref.name, kind: ref.resolution }, range: ref.range,
                help: 'Name the .datasource the copy writes; create one with the columns the node selects.',
              });
            } else if (ref?.resolution === 'datasource' && isScheduledReplace(node)) {
              const other = otherScheduledReplace(context.graph, ref.target, context.file.name);
              if (other) {
                context.report({
                  messageId: 'conflictingReplace', data: { pipe: context.file.name, other, name: ref.name }, range: ref.range,
                  help: 'Write with one pipe (UNION the queries), or use COPY_MODE append in one of them.',
                });
              }
            }
          }
          const schedule = node.copySchedule;
          if (schedule) {
            const reason = scheduleProblem(schedule.value);
            if (reason) {
              context.report({
                messageId: 'invalidSchedule', data: { value: schedule.value, reason }, range: unquotedValueRange(source, schedule.directive),
                help: 'Write five fields, `minute hour day-of-month month day-of-week` (e.g. `0 * * * *`), or `@on-demand`.',
              });
            }
          }
          const mode = node.copyMode;
          if (mode && !/^(?:append|replace)$/i.test(mode.value.trim())) {
            context.report({
              messageId: 'invalidMode', data: { key: mode.key, value: mode.value }, range: unquotedValueRange(source, mode.directive),
              help: 'Use `COPY_MODE append` (the default) or `COPY_MODE replace`.',
            });
          }
        }
      },
    };
  },
});

/** A copy node that replaces its target on a cron schedule (not on demand). */
function isScheduledReplace(node: PipeNode): boolean {
  const schedule = node.copySchedule?.value.trim().toLowerCase();
  return node.copyMode?.value.trim().toLowerCase() === 'replace' && schedule !== undefined && schedule !== ON_DEMAND && scheduleProblem(schedule) === undefined;
}

const replacersCache = new WeakMap<ProjectGraph, Map<string, ReadonlyMap<string, readonly string[]>>>();

/** Another pipe that also replaces `target` on a schedule, by name. */
function otherScheduledReplace(graph: ProjectGraph, target: string, self: string): string | undefined {
  return scheduledReplacers(graph).get(target)?.find((p) => p !== self);
}

/** For each datasource id, the pipes whose copy node replaces it on a schedule. Computed once per graph. */
function scheduledReplacers(graph: ProjectGraph): ReadonlyMap<string, readonly string[]> {
  return memoPerGraph(replacersCache, graph, '', () => {
    const byPath = new Map(graph.files.map((f) => [f.path, f]));
    const result = new Map<string, string[]>();
    for (const e of graph.edges) {
      if (e.kind !== 'copy') continue;
      const pipe = graph.vertices.get(e.from);
      if (pipe?.kind !== 'pipe') continue;
      const node = byPath.get(pipe.file)?.parsed.pipe?.nodes.find((n) => n.name === e.node);
      if (node && isScheduledReplace(node)) (result.get(e.to) ?? result.set(e.to, []).get(e.to)!).push(pipe.name);
    }
    return result;
  });
}

/** Why a COPY_SCHEDULE value is not a schedule, or undefined when it is one. */
function scheduleProblem(value: string): string | undefined {
  const text = value.trim();
  if (text.toLowerCase() === ON_DEMAND || CRON_ALIASES.has(text.toLowerCase())) return undefined;
  if (text.startsWith('@')) return `"${text}" is not @on-demand`;
  const fields = text.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) return `${fields.length} field${fields.length === 1 ? '' : 's'} instead of 5`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(fields[i]!, FIELDS[i]!);
    if (problem) return `${FIELDS[i]!.label}: ${problem}`;
  }
  return undefined;
}

function fieldProblem(field: string, spec: CronField): string | undefined {
  for (const part of field.split(',')) {
    if (part === '') return `empty list item in "${field}"`;
    const [base, step, extra] = part.split('/');
    if (extra !== undefined) return `"${part}" has two steps`;
    if (step !== undefined && !/^\d+$/.test(step)) return `step "${step}" is not a number`;
    if (step !== undefined && Number(step) === 0) return 'a step of 0';
    // croniter also takes hashed values (`H`, `H(0-29)`), whose minute it picks itself.
    if (base === '*' || base === '?' || /^H(?:\(\d+-\d+\))?$/.test(base!)) continue;
    // croniter: `L` (last day of the month), `5L` (last Friday), `5#2` (second Friday).
    if (spec.label === 'day of month' && base === 'L' && step === undefined) continue;
    if (spec.label === 'day of week' && /^[0-7](?:L|#[1-5])$/i.test(base!) && step === undefined) continue;
    const bounds = base!.split('-');
    if (bounds.length > 2 || bounds.some((b) => b === '')) return `"${base}" is not a value or range`;
    for (const bound of bounds) {
      const n = valueOf(bound, spec);
      if (n === undefined) return `"${bound}" is not a ${spec.label}`;
      if (n < spec.min || n > spec.max) return `${bound} is outside ${spec.min}-${spec.max}`;
    }
  }
  return undefined;
}

function valueOf(text: string, spec: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  return index < 0 ? undefined : index + (spec.namesFrom ?? 0);
}
