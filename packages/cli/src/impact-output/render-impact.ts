import type { Impact } from '@tb-refs/graph';
import { createColors } from '../formatters/formatter.js';

function nameOf(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

/** `tb-refs impact --format json`: the Impact object as computed. */
export function impactToJson(impact: Impact): string {
  return `${JSON.stringify(impact, null, 2)}\n`;
}

/** A terminal report of the playbook. */
export function impactToText(impact: Impact, options: { color: boolean }): string {
  const c = createColors(options.color);
  const lines = [
    c.bold(`Changing datasource ${impact.datasource}`) + c.dim(`  ${impact.file}`),
    `${impact.origin === 'postgres' ? 'Replicated from Postgres' : 'Tinybird-only'}${impact.raw ? ', raw landing datasource' : ''}; ${impact.downstream.length} resources downstream.`,
    '',
    c.bold('Read directly by'),
    ...(impact.directReaders.length ? impact.directReaders.map((r) => `  ${r.type.padEnd(12)} ${nameOf(r.pipe)}  ${c.dim(`${r.file}:${r.line ?? 1}:${r.column ?? 1}`)}`) : ['  (nothing)']),
    '',
    c.bold('Endpoints that go down during a swap') + c.dim(' (they query it live)'),
    ...(impact.liveEndpoints.length ? impact.liveEndpoints.map((r) => `  ${c.red(nameOf(r.pipe))}${r.via.length ? c.dim(` via ${r.via.map(nameOf).join(' → ')}`) : ''}`) : ['  (none)']),
    '',
    c.bold('Endpoints with no downtime') + c.dim(' (they read stored copies)'),
    ...(impact.shieldedEndpoints.length ? impact.shieldedEndpoints.map((id) => `  ${c.green(nameOf(id))}`) : ['  (none)']),
  ];
  if (impact.copyFeeds.length) {
    lines.push('', c.bold('Copy pipes fed from it'), ...impact.copyFeeds.map((f) => `  ${nameOf(f.pipe)} → ${nameOf(f.target)}`));
  }
  lines.push(
    '',
    c.bold(`Recommended: ${impact.approach === 'rename' ? 'quick rename (only copy pipes read it)' : 'repoint consumers pipe by pipe (endpoints read it directly)'}`),
    ...impact.steps.map((s, i) => `  ${i + 1}. ${s}`),
  );
  return `${lines.join('\n')}\n`;
}

/** A Markdown report for a PR comment or a runbook. */
export function impactToMarkdown(impact: Impact): string {
  const code = (s: string): string => `\`${s}\``;
  const lines = [
    `## Changing ${code(impact.datasource)}`,
    '',
    `${impact.origin === 'postgres' ? 'Replicated from Postgres' : 'Tinybird-only'} datasource (${code(impact.file)})${impact.raw ? ', raw landing table' : ''}; ${impact.downstream.length} resources downstream.`,
    '',
    '| Consumer | Type | Reads it | Downtime during a swap |',
    '| --- | --- | --- | --- |',
  ];
  const live = new Set(impact.liveEndpoints.map((r) => r.pipe));
  for (const d of impact.downstream) {
    if (d.kind !== 'pipe') continue;
    const direct = impact.directReaders.some((r) => r.pipe === d.id);
    lines.push(`| ${code(d.name)} | ${d.type ?? ''} | ${direct ? 'directly' : 'downstream'} | ${live.has(d.id) ? '**yes**' : 'no'} |`);
  }
  lines.push('', `### Recommended: ${impact.approach === 'rename' ? 'quick rename' : 'repoint consumers'}`, '', ...impact.steps.map((s, i) => `${i + 1}. ${s}`));
  return `${lines.join('\n')}\n`;
}
