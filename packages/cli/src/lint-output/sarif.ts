import type { Diagnostic } from '@tb-refs/core';
import { type Reporter, type ReporterOptions, type RuleInfo, docsLink, isAbsoluteUrl } from './lint-report.js';

/** The `$schema` GitHub's documentation uses for SARIF 2.1.0. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'none' | 'note' | 'warning' | 'error';

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`): one run whose
 * `tool.driver.rules` describe every known rule id (sorted, then ids only seen in results), and
 * one result per message with `ruleId`, `ruleIndex`, `level`, `message.text` and a physical
 * location: a cwd-relative, '/'-separated, percent-encoded `uri` (run from the repository root so
 * GitHub can match it) and a region with 1-based lines and columns, `endColumn` exclusive,
 * counted in UTF-16 code units (`columnKind`). `help` and `related` become the result's
 * `relatedLocations` and the rule's `help`. `helpUri` and `informationUri` need absolute URIs
 * (GitHub rejects the upload otherwise), so they are only set when `docsBaseUrl` is.
 */
export const sarifReporter: Reporter = (results, options) => {
  const ids = Object.keys(options.rules).sort(byCodeUnit);
  const known = new Set(ids);
  const extra = new Set<string>();
  for (const r of results) for (const m of r.messages) if (!known.has(m.ruleId)) extra.add(m.ruleId);
  ids.push(...[...extra].sort(byCodeUnit));
  const index = new Map(ids.map((id, i) => [id, i]));
  const base = options.docsBaseUrl !== undefined && isAbsoluteUrl(options.docsBaseUrl) ? options.docsBaseUrl : undefined;
  const driver = {
    name: 'tb-refs',
    ...(options.toolVersion === undefined ? {} : { version: options.toolVersion, semanticVersion: options.toolVersion }),
    ...(base === undefined ? {} : { informationUri: base }),
    rules: ids.map((id) => ruleDescriptor(id, options.rules[id], { ...options, docsBaseUrl: base })),
  };
  const sarifResults = results.flatMap((r) => r.messages.map((m) => sarifResult(m, index.get(m.ruleId) ?? -1)));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{ tool: { driver }, columnKind: 'utf16CodeUnits', results: sarifResults }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function ruleDescriptor(id: string, info: RuleInfo | undefined, options: ReporterOptions): object {
  const docs = docsLink(id, options);
  const severity = info?.defaultSeverity ?? 'error';
  return {
    id,
    shortDescription: { text: info === undefined ? id : `${info.description}.` },
    ...(docs === undefined ? {} : isAbsoluteUrl(docs) ? { helpUri: docs, help: { text: `See ${docs}`, markdown: `See [${id}](${docs}).` } } : { help: { text: `See ${docs} in the tb-refs repository.` } }),
    defaultConfiguration: severity === 'off' ? { enabled: false } : { level: severity === 'warn' ? 'warning' : 'error' },
    ...(info?.fixable ? { properties: { tags: ['fixable'] } } : {}),
  };
}

function sarifResult(m: Diagnostic, ruleIndex: number): object {
  const level: Level = m.severity === 'error' ? 'error' : 'warning';
  return {
    ruleId: m.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level,
    message: { text: m.help === undefined ? m.message : `${m.message}\n${m.help}` },
    locations: [{ physicalLocation: physicalLocation(m.file, m.line, m.column, m.endLine, m.endColumn) }],
    ...(m.related === undefined || m.related.length === 0
      ? {}
      : {
          relatedLocations: m.related.map((r, i) => ({
            id: i,
            physicalLocation: physicalLocation(r.file, r.line, r.column),
            message: { text: r.message },
          })),
        }),
  };
}

function physicalLocation(file: string, line: number, column: number, endLine?: number, endColumn?: number): object {
  const region: Record<string, number> = { startLine: Math.max(1, line), startColumn: Math.max(1, column) };
  if (endLine !== undefined && endColumn !== undefined) {
    region['endLine'] = Math.max(region['startLine']!, endLine);
    region['endColumn'] = Math.max(1, endColumn);
  }
  return { artifactLocation: { uri: fileUri(file) }, region };
}

/** A relative URI reference for a '/'-separated path: each segment percent-encoded (spaces, `#`, `:`, `%`…). */
export function fileUri(file: string): string {
  return file.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
