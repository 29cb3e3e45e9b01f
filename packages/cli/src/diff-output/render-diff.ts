import type { DatasourceChange, Edge, Vertex } from '@tb-refs/graph';
import type { DiffFinding, DiffReport, DiffResult } from '../diff-report.js';
import { diffExitCode } from '../diff-report.js';
import { createColors, plural } from '../formatters/formatter.js';
import { graphToMermaid, mermaidId } from '../graph-output/graph-mermaid.js';
import type { GraphView } from '../graph-output/graph-view.js';

/** `tb-refs diff --format json`: the report as computed. */
export function diffToJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One line saying whether the change is safe, shared by text and Markdown. */
function verdict(report: DiffReport): string {
  const broken = report.brokenReferences.length;
  const errors = report.lint.introduced.filter((f) => f.severity === 'error').length;
  const problems: string[] = [];
  if (broken > 0) problems.push(`breaks ${plural(broken, 'reference')}`);
  if (errors > 0) problems.push(`introduces ${plural(errors, 'lint error')}`);
  if (problems.length > 0) return `This change ${problems.join(' and ')}.`;
  const downtime = report.downtime.length;
  return downtime > 0 ? `No broken reference or new lint error, but ${plural(downtime, 'endpoint')} will see downtime.` : 'No broken reference, new lint error or downtime.';
}

const STATUS_MARK: Record<DatasourceChange['status'], string> = { added: '+', removed: '-', renamed: '→', changed: '~' };

function changeSummary(c: DatasourceChange): string {
  const what = c.status === 'renamed' ? `renamed from ${c.from ?? '?'}` : c.status;
  return `${what}${c.breaking && c.status === 'changed' ? ' (breaking: recreated)' : ''}`;
}

/** A terminal report. */
export function diffToText(report: DiffReport, options: { color: boolean }): string {
  const c = createColors(options.color);
  const lines = [c.bold(`tb-refs diff: ${report.base} → working tree`), ''];
  const section = (title: string, body: string[]): void => {
    if (body.length === 0) return;
    lines.push(c.bold(title), ...body, '');
  };
  section('Datasources', report.datasources.flatMap((d) => [
    `  ${STATUS_MARK[d.status]} ${d.name}  ${c.dim(changeSummary(d))}`,
    ...d.details.filter((x) => !x.startsWith('renamed from ')).map((x) => `      ${x}`),
    ...(d.endpoints.length > 0 ? [`      ${c.dim(`endpoints downstream: ${d.endpoints.join(', ')}`)}`] : []),
  ]));
  section('Pipes', [...report.pipesAdded.map((p) => `  + ${p}`), ...report.pipesRemoved.map((p) => `  - ${p}`)]);
  section('Endpoints with downtime', report.downtime.map((d) => `  ${c.red(d.endpoint)}  ${c.dim(d.reason)}`));
  section('Broken references', report.brokenReferences.map((r) => `  ${r.file}:${r.line}:${r.column}  ${c.red(r.name)} ${c.dim('no longer exists')}`));
  const finding = (mark: string, f: DiffFinding): string => `  ${mark} ${f.severity === 'error' ? c.red('error') : c.yellow('warning')}  ${f.file}:${f.line}:${f.column}  ${f.message}  ${c.dim(f.ruleId)}`;
  section('New lint findings', report.lint.introduced.map((f) => finding('+', f)));
  section('Fixed lint findings', report.lint.fixed.map((f) => finding(c.green('✔'), f)));
  if (lines.length === 2) lines.push('No datasource, pipe or lint change.', '');
  const text = verdict(report);
  lines.push(diffExitCode(report) === 0 ? c.green(text) : c.bold(c.red(text)));
  return `${lines.join('\n')}\n`;
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replace(/\r?\n/g, '<br>');
}

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

/** A pull-request comment: the verdict, tables of changes and a Mermaid diagram of the affected data flow. */
export function diffToMarkdown(result: DiffResult): string {
  const { report } = result;
  const failed = diffExitCode(report) !== 0;
  const out = [`### tb-refs diff against ${code(report.base)}`, '', `${failed ? '❌' : report.downtime.length > 0 ? '⚠️' : '✅'} ${verdict(report)}`, ''];
  if (report.datasources.length > 0) {
    out.push('#### Datasources', '', '| datasource | change | details | endpoints downstream |', '| --- | --- | --- | --- |');
    for (const d of report.datasources) {
      const details = d.details.filter((x) => !x.startsWith('renamed from ')).map(cell).join('<br>');
      out.push(`| ${code(d.name)} | ${cell(changeSummary(d))} | ${details} | ${d.endpoints.map(code).join(', ')} |`);
    }
    out.push('');
  }
  if (report.pipesAdded.length + report.pipesRemoved.length > 0) {
    out.push('#### Pipes', '', ...report.pipesAdded.map((p) => `- added ${code(p)}`), ...report.pipesRemoved.map((p) => `- removed ${code(p)}`), '');
  }
  if (report.downtime.length > 0) {
    out.push('#### Endpoints with downtime', '', '| endpoint | reads live | why |', '| --- | --- | --- |');
    for (const d of report.downtime) out.push(`| ${code(d.endpoint)} | ${code(d.datasource)} | ${cell(d.reason)} |`);
    out.push('');
  }
  if (report.brokenReferences.length > 0) {
    out.push('#### Broken references', '', '| location | name | in |', '| --- | --- | --- |');
    for (const r of report.brokenReferences) out.push(`| ${code(`${r.file}:${r.line}:${r.column}`)} | ${code(r.name)} | ${code(r.node === undefined ? r.owner : `${r.owner}.${r.node}`)} |`);
    out.push('');
  }
  if (report.lint.introduced.length + report.lint.fixed.length > 0) {
    out.push('#### Lint', '', '| | severity | location | rule | message |', '| --- | --- | --- | --- | --- |');
    const row = (mark: string, f: DiffFinding): string => `| ${mark} | ${f.severity} | ${code(`${f.file}:${f.line}`)} | ${code(f.ruleId)} | ${cell(f.message)} |`;
    for (const f of report.lint.introduced) out.push(row('new', f));
    for (const f of report.lint.fixed) out.push(row('fixed', f));
    out.push('');
  }
  const view = affectedView(result);
  if (view.vertices.some((v) => v.kind !== 'node')) {
    out.push('#### Affected data flow', '', '```mermaid', diagram(result, view).trimEnd(), '```', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * The affected resources on both sides: vertices of the working tree, plus those only the base
 * has (removed, or the old name of a renamed datasource) with their edges at the base.
 */
function affectedView(result: DiffResult): GraphView {
  const { before, after, affected } = result;
  const vertices: Vertex[] = [];
  for (const id of [...affected].sort()) {
    const v = after.vertices.get(id) ?? before.vertices.get(id);
    if (v !== undefined && v.kind !== 'node') vertices.push(v);
  }
  const ids = new Set(vertices.map((v) => v.id));
  const edges: Edge[] = after.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  for (const e of before.edges) {
    if (ids.has(e.from) && ids.has(e.to) && (!after.vertices.has(e.from) || !after.vertices.has(e.to))) edges.push(e);
  }
  return { vertices, edges };
}

/** The Mermaid flowchart of {@link graphToMermaid}, with added, removed, changed and downtime resources styled. */
function diagram(result: DiffResult, view: GraphView): string {
  const { report } = result;
  const present = new Set(view.vertices.map((v) => v.id));
  const classes: Record<string, Set<string>> = { added: new Set(), removed: new Set(), changed: new Set(), downtime: new Set() };
  const mark = (cls: string, id: string): void => {
    if (present.has(id)) classes[cls]!.add(mermaidId(id));
  };
  for (const d of report.datasources) {
    const id = `datasource:${d.name}`;
    if (d.status === 'added') mark('added', id);
    else if (d.status === 'removed') mark('removed', id);
    else if (d.status === 'changed') mark('changed', id);
    else {
      mark('added', id);
      mark('removed', `datasource:${d.from ?? ''}`);
    }
  }
  for (const p of report.pipesAdded) mark('added', `pipe:${p}`);
  for (const p of report.pipesRemoved) mark('removed', `pipe:${p}`);
  for (const d of report.downtime) mark('downtime', `pipe:${d.endpoint}`);
  const styles: Record<string, string> = {
    added: 'stroke:#1a7f37,stroke-width:3px',
    removed: 'stroke:#d00,stroke-width:2px,stroke-dasharray:4,color:#d00',
    changed: 'stroke:#bf8700,stroke-width:3px',
    downtime: 'fill:#ffebe9,stroke:#d00',
  };
  const lines = [graphToMermaid(view).trimEnd()];
  for (const [cls, members] of Object.entries(classes)) {
    if (members.size === 0) continue;
    lines.push(`  classDef ${cls} ${styles[cls]}`, `  class ${[...members].join(',')} ${cls}`);
  }
  return `${lines.join('\n')}\n`;
}
