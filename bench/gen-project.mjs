#!/usr/bin/env node
// Deterministic synthetic Tinybird project generator for the tb-refs benchmarks.
//
//   node bench/gen-project.mjs OUT [COUNT=10000] [SEED=42]
//
// or, as a module:
//
//   import { generateProject, writeProject } from './gen-project.mjs';
//   const project = generateProject({ count: 10000, seed: 42 }); // in memory
//   writeProject('/tmp/out', { count: 10000, seed: 42 });        // on disk
//
// The project is roughly 35% .datasource and 65% .pipe files, laid out like a
// Tinybird Forward project:
//
//   datasources/      landing datasources (JSON paths, MergeTree, TTL, INDEXES, TOKEN … APPEND),
//                     ReplacingMergeTree dedup datasources (ENGINE_VER) and materialized-view
//                     targets (AggregatingMergeTree / SummingMergeTree / MergeTree)
//   copies/           TYPE COPY pipes (TARGET_DATASOURCE, COPY_MODE, COPY_SCHEDULE) that fill
//                     the dedup datasources
//   materializations/ TYPE MATERIALIZED pipes (DATASOURCE) that fill the MV targets
//   endpoints/        templated endpoints: `%`, {{ String(x, required=True) }},
//                     {% if defined(x) %}…{% end %}, JOINs, CTEs, several nodes, TOKEN lines,
//                     DESCRIPTION blocks (pipe- and node-level), CACHE
//
// Reference contract (later benchmarks build the dependency graph on it):
//   * every FROM / JOIN target in a pipe names a generated datasource, an earlier node of
//     the same pipe, or a CTE defined in the same query (WITH name AS (…));
//   * every TARGET_DATASOURCE / DATASOURCE names a generated datasource;
//   * there are no pipe-to-pipe references, and no reference is dangling.
// `manifest.json` (written next to the files) lists, for every file, what it reads and
// writes, so a graph benchmark can check its edges against it.
//
// Every generated file is also accepted by the official @tinybirdco/sdk parser
// (strict mode: no TAGS, pipe TOKENs are READ, ENGINE_SORTING_KEY always present), so the
// throughput comparison on this set is not skewed by early rejections.
//
// No dependencies; output depends only on (count, seed, GENERATOR_VERSION).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 2;

// ---------------------------------------------------------------------------
// PRNG

/** mulberry32: tiny, fast, good enough for test data. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRng(seed) {
  const next = mulberry32(seed);
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    /** k distinct elements, in original order. */
    sample(arr, k) {
      const idx = arr.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [idx[i], idx[j]] = [idx[j], idx[i]];
      }
      return idx.slice(0, Math.min(k, arr.length)).sort((x, y) => x - y).map((i) => arr[i]);
    },
  };
  return rng;
}

// ---------------------------------------------------------------------------
// Vocabulary

const ENTITIES = [
  'events', 'pageviews', 'sessions', 'orders', 'payments', 'invoices', 'members', 'activities',
  'repos', 'commits', 'issues', 'pull_requests', 'deployments', 'app_logs', 'clicks', 'signups',
  'subscriptions', 'messages', 'tickets', 'sensor_readings', 'trades', 'shipments', 'reviews',
  'searches', 'errors', 'api_calls', 'emails', 'notifications', 'campaigns', 'products',
  'activityRelations', 'leads', 'sales', 'web_vitals', 'usage', 'audit_log',
];

/** Optional columns: [name, type, default expression or null, dimension?]. */
const EXTRA_COLUMNS = [
  ['user_id', 'String', null, false],
  ['session_id', 'String', null, false],
  ['member_id', 'String', "''", false],
  ['workspace_id', 'String', null, true],
  ['project_id', 'String', null, true],
  ['segment_id', 'LowCardinality(String)', "''", true],
  ['country', 'LowCardinality(String)', "''", true],
  ['region', 'LowCardinality(String)', "''", true],
  ['device', 'LowCardinality(String)', "'desktop'", true],
  ['browser', 'LowCardinality(String)', "''", true],
  ['os', 'LowCardinality(String)', "''", true],
  ['platform', 'LowCardinality(String)', null, true],
  ['channel', 'String', "''", true],
  ['status', 'LowCardinality(String)', "'pending'", true],
  ['event_type', 'LowCardinality(String)', null, true],
  ['referrer', 'String', "''", false],
  ['url', 'String', "''", false],
  ['pathname', 'String', "'/'", false],
  ['title', 'String', "''", false],
  ['body', 'String', "''", false],
  ['amount', 'Float64', '0', false],
  ['currency', 'LowCardinality(String)', "'USD'", true],
  ['quantity', 'UInt32', '1', false],
  ['score', 'Int8', '-1', false],
  ['duration_ms', 'UInt64', '0', false],
  ['is_bot', 'UInt8', '0', false],
  ['sentiment_score', 'Float32', '-1', false],
  ['attributes', 'String', "'{}'", false],
  ['tags', 'Array(String)', null, false],
  ['labels', 'Array(LowCardinality(String))', null, false],
  ['latitude', 'Nullable(Float64)', null, false],
  ['longitude', 'Nullable(Float64)', null, false],
  ['location', 'Tuple(lat Float64, lon Float64)', null, false],
  ['created_by_id', 'UUID', "toUUID('00000000-0000-0000-0000-000000000000')", false],
  ['deleted_at', 'DateTime64(3)', 'toDateTime64(0, 3)', false],
  ['git_lines', 'Int32', '0', false],
  ['git_is_merge', 'UInt8', '0', false],
];
const NUMERIC_COLUMNS = new Set(['amount', 'quantity', 'score', 'duration_ms', 'sentiment_score', 'git_lines']);

const DESCRIPTION_LINES = [
  (n) => `- \`${n}\` is the unique identifier for the record.`,
  (n) => `- \`${n}\` is used for tenant isolation; always filter on it.`,
  (n) => `- \`${n}\` is when the event happened on the source platform.`,
  (n) => `- \`${n}\` defaults to an empty string when the source does not send it.`,
  (n) => `- \`${n}\` is stored as LowCardinality because it has few distinct values.`,
  (n) => `- \`${n}\` is kept for backwards compatibility with the v1 API.`,
  (n) => `- \`${n}\` comes from the ingestion worker, not from the client.`,
];
const DESCRIPTION_OPENERS = {
  landing: [
    (n) => `\`${n}\` contains raw events pushed by the ingestion worker through the Events API.`,
    (n) => `\`${n}\` is the landing datasource; the dedup and rollup datasources derive from it.`,
    (n) => `Raw \`${n}\` rows, append-only. Retention is handled by the TTL below.`,
  ],
  dedup: [
    (n) => `Deduplicated copy of the landing data, refreshed by a scheduled copy pipe. Use \`${n}\` for reporting.`,
    (n) => `\`${n}\` keeps the latest version of every row (ReplacingMergeTree on \`updated_at\`); query it with FINAL.`,
  ],
  mv: [
    (n) => `Pre-aggregated rollup used by the dashboard widgets (\`${n}\`).`,
    (n) => `Materialized view target for \`${n}\` – keeps one row per time bucket and dimension.`,
    (n) => `📊 Metrics for ${n}; see the runbook before changing the sorting key.`,
  ],
  copy: [
    (n) => `Deduplicates rows into \`${n}\` and drops the fields nobody reads, so copies stay cheap.`,
    (n) => `Internal helper for ${n}’s backfill. Don’t expose publicly.`,
  ],
  materialized: [
    (n) => `Feeds the \`${n}\` rollup on every insert into the source datasource.`,
    (n) => `Materializes daily aggregates into \`${n}\`.`,
  ],
  endpoint: [
    (n) => `Serves the \`${n}\` widget: totals when \`granularity\` is absent, a time series otherwise.`,
    (n) => `- \`${n}\` returns one row per tenant and time bucket.\n- Parameters: \`tenant_id\` (required), \`start_date\`, \`end_date\`, \`limit\`.`,
    (n) => `Public API endpoint \`${n}\`. Keep the response shape stable – the dashboard and the SDK clients depend on it.`,
  ],
  node: [
    (n) => `Filters the source rows for the requested tenant and date range (\`${n}\`).`,
    (n) => `\`${n}\`: joins the filtered rows with the per-tenant totals.`,
    (n) => `Final shape of the response.`,
  ],
};

const TOKEN_NAMES_READ = ['dashboard', 'read', 'read pipes token', 'read_pipes', 'frontend', 'api_public'];
const TOKEN_NAMES_APPEND = ['tracker', 'ingest', 'append_token', 'worker'];
const COPY_SCHEDULES = ['0 * * * *', '@on-demand', '*/15 * * * *', '5 2 * * *', '0 */6 * * *', '@on-demand'];
const INDEX_TYPES = [
  (c) => `bloom_filter(0.01)`,
  (c) => `minmax`,
  (c) => `set(100)`,
  (c) => `ngrambf_v1(3, 2048, 6, 0)`,
  (c) => `tokenbf_v1(512, 3, 0)`,
];

// ---------------------------------------------------------------------------
// Helpers

const pad = (n, w = 4) => String(n).padStart(w, '0');

function descriptionBlock(rng, kind, subject, columns, indent) {
  const lines = rng.pick(DESCRIPTION_OPENERS[kind])(subject).split('\n');
  if (columns && columns.length && rng.chance(0.75)) {
    for (const c of rng.sample(columns, rng.int(2, Math.min(12, columns.length)))) {
      lines.push(rng.pick(DESCRIPTION_LINES)(c.name));
    }
  }
  return `DESCRIPTION >\n${lines.map((l) => indent + l).join('\n')}\n`;
}

function maybeQuote(rng, quoted, value) {
  return quoted ? `"${value}"` : value;
}

/** Joins SQL lines with the block indentation. */
function sqlBlock(indent, lines) {
  return lines.map((l) => (l === '' ? '' : indent + l)).join('\n');
}

// ---------------------------------------------------------------------------
// Datasources

function landingColumns(rng) {
  const cols = [
    { name: 'id', type: 'String', def: null, dim: false },
    { name: 'tenant_id', type: 'LowCardinality(String)', def: null, dim: true },
    { name: 'timestamp', type: rng.chance(0.5) ? 'DateTime' : 'DateTime64(3)', def: null, dim: false },
  ];
  for (const [name, type, def, dim] of rng.sample(EXTRA_COLUMNS, rng.int(4, 18))) {
    cols.push({ name, type, def: rng.chance(0.6) ? def : null, dim });
  }
  cols.push({ name: 'updated_at', type: 'DateTime64(3)', def: rng.chance(0.3) ? 'now64(3)' : null, dim: false });
  return cols;
}

function renderSchema(rng, cols, { json, indent, backticks }) {
  const lines = cols.map((c) => {
    let s = backticks ? `\`${c.name}\` ${c.type}` : `${c.name} ${c.type}`;
    if (json) s += ` \`json:$.${c.name}\``;
    if (c.def) s += ` DEFAULT ${c.def}`;
    return indent + s;
  });
  return `SCHEMA >\n${lines.join(',\n')}\n`;
}

function renderDatasource(rng, ds) {
  const indent = rng.chance(0.05) ? '\t' : '    ';
  const quoted = rng.chance(0.25); // dub-style ENGINE "MergeTree"
  const parts = [];
  if (rng.chance(0.15)) parts.push(`# Data Source created from Pipe '${ds.name}'\n`);
  if (rng.chance(0.8)) parts.push(descriptionBlock(rng, ds.kind, ds.name, ds.columns, indent));
  if (ds.token) parts.push(`TOKEN "${ds.token}" APPEND\n`);
  parts.push(renderSchema(rng, ds.columns, { json: ds.kind === 'landing' && rng.chance(0.9), indent, backticks: rng.chance(0.9) }));
  if (ds.indexes.length) {
    parts.push(`INDEXES >\n${ds.indexes.map((ix) => `${indent}${ix}`).join('\n')}\n`);
  }
  const engine = [`ENGINE ${maybeQuote(rng, quoted, ds.engine)}`];
  if (ds.partitionKey) engine.push(`ENGINE_PARTITION_KEY ${maybeQuote(rng, quoted, ds.partitionKey)}`);
  engine.push(`ENGINE_SORTING_KEY ${maybeQuote(rng, quoted, ds.sortingKey)}`);
  if (ds.ver) engine.push(`ENGINE_VER ${maybeQuote(rng, quoted, ds.ver)}`);
  if (ds.ttl) engine.push(`ENGINE_TTL ${maybeQuote(rng, quoted, ds.ttl)}`);
  if (ds.summing) engine.push(`ENGINE_SUMMING_COLUMNS ${maybeQuote(rng, quoted, ds.summing)}`);
  if (ds.settings) engine.push(`ENGINE_SETTINGS ${ds.settings}`);
  parts.push(engine.join('\n') + '\n');
  return parts.join('\n');
}

function makeLanding(rng, name) {
  const columns = landingColumns(rng);
  const indexes = [];
  if (rng.chance(0.35)) {
    for (const c of rng.sample(columns.filter((c) => /String|DateTime/.test(c.type) && !c.type.startsWith('Array')), rng.int(1, 3))) {
      indexes.push(`idx_${c.name} ${c.name} TYPE ${rng.pick(INDEX_TYPES)(c)} GRANULARITY ${rng.pick([1, 4, 64])}`);
    }
  }
  return {
    kind: 'landing',
    name,
    columns,
    indexes,
    engine: 'MergeTree',
    partitionKey: rng.pick(['toYYYYMM(timestamp)', 'toYear(timestamp)', 'toDate(timestamp)']),
    sortingKey: rng.pick(['tenant_id, timestamp', 'tenant_id, timestamp, id', 'timestamp, tenant_id']),
    ttl: rng.chance(0.3) ? `toDateTime(timestamp) + toIntervalDay(${rng.pick([30, 90, 180, 365])})` : null,
    settings: rng.chance(0.05) ? "index_granularity=8192" : null,
    token: rng.chance(0.4) ? rng.pick(TOKEN_NAMES_APPEND) : null,
    reads: [],
  };
}

function makeDedup(rng, name, source) {
  const keep = source.columns.filter((c) => ['id', 'tenant_id', 'timestamp', 'updated_at'].includes(c.name) || rng.chance(0.6));
  return {
    kind: 'dedup',
    name,
    source,
    columns: keep.map((c) => ({ ...c, def: c.def && rng.chance(0.5) ? c.def : null })),
    indexes: rng.chance(0.3) ? ['idx_updated_at updated_at TYPE minmax GRANULARITY 1'] : [],
    engine: 'ReplacingMergeTree',
    partitionKey: rng.pick(['toYear(timestamp)', 'toYYYYMM(timestamp)']),
    sortingKey: rng.pick(['id', 'tenant_id, id', 'tenant_id, timestamp, id']),
    ver: 'updated_at',
    ttl: null,
    settings: null,
    token: null,
    reads: [],
  };
}

const MV_GRAINS = [
  ['day', 'Date', 'toDate(timestamp)'],
  ['hour', 'DateTime', 'toStartOfHour(timestamp)'],
  ['week', 'Date', 'toStartOfWeek(timestamp)'],
  ['month', 'Date', 'toStartOfMonth(timestamp)'],
];

function makeMv(rng, name, source, flavour) {
  const [grain, grainType, grainExpr] = rng.pick(MV_GRAINS);
  const dims = [source.columns.find((c) => c.name === 'tenant_id')]
    .concat(rng.sample(source.columns.filter((c) => c.dim && c.name !== 'tenant_id'), rng.int(0, 2)));
  const numeric = source.columns.filter((c) => NUMERIC_COLUMNS.has(c.name));
  const hasUser = source.columns.some((c) => c.name === 'user_id');
  const metrics = []; // { name, type, expr }
  if (flavour === 'aggregating') {
    metrics.push({ name: 'hits', type: 'AggregateFunction(count)', expr: 'countState()' });
    metrics.push({ name: 'uniq_ids', type: 'AggregateFunction(uniq, String)', expr: `uniqState(${hasUser ? 'user_id' : 'id'})` });
    for (const c of rng.sample(numeric, 2)) {
      metrics.push({ name: `sum_${c.name}`, type: `SimpleAggregateFunction(sum, ${/Float/.test(c.type) ? 'Float64' : 'Int64'})`, expr: `sum(${c.name})` });
    }
    metrics.push({ name: 'last_seen', type: 'SimpleAggregateFunction(max, DateTime64(3))', expr: 'max(updated_at)' });
  } else if (flavour === 'summing') {
    metrics.push({ name: 'hits', type: 'UInt64', expr: 'count()' });
    for (const c of rng.sample(numeric, 2)) {
      metrics.push({ name: `total_${c.name}`, type: /Float/.test(c.type) ? 'Float64' : 'Int64', expr: `sum(${c.name})` });
    }
  } else {
    metrics.push({ name: 'hits', type: 'UInt64', expr: 'count()' });
    metrics.push({ name: 'unique_ids', type: 'UInt64', expr: `uniqExact(${hasUser ? 'user_id' : 'id'})` });
  }
  const columns = [{ name: grain, type: grainType, def: null, dim: false, expr: grainExpr }]
    .concat(dims.map((d) => ({ ...d, def: null, expr: d.name })))
    .concat(metrics.map((m) => ({ name: m.name, type: m.type, def: null, dim: false, expr: m.expr, metric: true })));
  const keyCols = [grain, ...dims.map((d) => d.name)];
  return {
    kind: 'mv',
    flavour,
    name,
    source,
    grain,
    dims,
    metrics,
    columns,
    indexes: [],
    engine: flavour === 'aggregating' ? 'AggregatingMergeTree' : flavour === 'summing' ? 'SummingMergeTree' : 'MergeTree',
    partitionKey: grain === 'hour' ? `toYYYYMM(${grain})` : `toYear(${grain})`,
    sortingKey: keyCols.join(', '),
    summing: flavour === 'summing' && rng.chance(0.5) ? metrics.map((m) => m.name).join(', ') : null,
    ttl: null,
    settings: null,
    token: null,
    reads: [],
  };
}

// ---------------------------------------------------------------------------
// Pipes

function nodeText(rng, { name, description, templated, sql, indent }) {
  const out = [`NODE ${name}`];
  if (description) out.push(description.trimEnd());
  out.push('SQL >');
  const body = [];
  if (templated) body.push(indent + '%');
  else if (rng.chance(0.05)) body.push('');
  body.push(sqlBlock(indent, sql));
  out.push(body.join('\n'));
  return out.join('\n') + '\n';
}

function renderCopyPipe(rng, pipe, target) {
  const src = target.source;
  const indent = '    ';
  const cols = target.columns.map((c) => c.name);
  const nodes = [];
  const sinceParam = rng.chance(0.2);
  let readsTarget = false;
  if (rng.chance(0.5)) {
    readsTarget = !sinceParam;
    const sql = [
      'SELECT',
      ...cols.map((c, i) => `    a.${c}${i < cols.length - 1 ? ',' : ''}`),
      `FROM ${src.name} a`,
      sinceParam
        ? `WHERE a.updated_at > {{ DateTime64(since, '1970-01-01 00:00:00.000', description="Copy rows updated after this instant") }}`
        : `WHERE a.updated_at > (SELECT max(updated_at) FROM ${target.name})`,
    ];
    nodes.push(nodeText(rng, { name: `${pipe.name}_0`, templated: sinceParam, sql, indent }));
  } else {
    const first = [
      '-- keep only the newest version of each row',
      'SELECT *',
      `FROM ${src.name}`,
      sinceParam ? `WHERE updated_at > {{ DateTime64(since, '1970-01-01 00:00:00.000') }}` : `WHERE timestamp >= now() - INTERVAL ${rng.int(1, 30)} DAY`,
      'ORDER BY updated_at DESC',
      'LIMIT 1 BY id',
    ];
    nodes.push(nodeText(rng, { name: 'latest_versions', templated: sinceParam, sql: first, indent }));
    const second = ['SELECT', ...cols.map((c, i) => `    ${c}${i < cols.length - 1 ? ',' : ''}`), 'FROM latest_versions'];
    if (rng.chance(0.5)) second.push("WHERE tenant_id != ''");
    nodes.push(nodeText(rng, {
      name: `${pipe.name}_result`,
      description: rng.chance(0.3) ? descriptionBlock(rng, 'node', `${pipe.name}_result`, null, indent) : null,
      templated: false, sql: second, indent,
    }));
  }
  const parts = [];
  if (rng.chance(0.7)) parts.push(descriptionBlock(rng, 'copy', target.name, null, indent));
  parts.push(...nodes);
  const tail = [`TYPE ${rng.chance(0.9) ? 'COPY' : 'copy'}`, `TARGET_DATASOURCE ${target.name}`];
  if (rng.chance(0.85)) tail.push(`COPY_MODE ${rng.pick(['replace', 'append', 'append'])}`);
  tail.push(`COPY_SCHEDULE ${rng.pick(COPY_SCHEDULES)}`);
  parts.push(tail.join('\n') + '\n');
  return { text: parts.join('\n'), reads: readsTarget ? [src.name, target.name] : [src.name], writes: target.name, nodes: nodes.length };
}

function renderMvPipe(rng, pipe, target) {
  const src = target.source;
  const indent = '    ';
  const select = target.columns.map((c) => (c.expr === c.name ? c.name : `${c.expr} AS ${c.name}`));
  const groupBy = target.columns.filter((c) => !c.metric).map((c) => c.name);
  const sql = [
    'SELECT',
    ...select.map((s, i) => `    ${s}${i < select.length - 1 ? ',' : ''}`),
    `FROM ${src.name}`,
  ];
  if (src.columns.some((c) => c.name === 'is_bot') && rng.chance(0.6)) sql.push('WHERE is_bot = 0');
  else if (rng.chance(0.3)) sql.push("WHERE tenant_id != ''");
  sql.push(`GROUP BY ${groupBy.join(', ')}`);
  const parts = [];
  if (rng.chance(0.5)) parts.push(descriptionBlock(rng, 'materialized', target.name, null, indent));
  parts.push(nodeText(rng, {
    name: rng.chance(0.5) ? `${pipe.name}_node` : `mv_${target.grain}`,
    description: rng.chance(0.2) ? descriptionBlock(rng, 'node', pipe.name, null, indent) : null,
    templated: false, sql, indent,
  }));
  const tail = [`TYPE ${rng.chance(0.5) ? 'MATERIALIZED' : 'materialized'}`, `DATASOURCE ${target.name}`];
  parts.push(tail.join('\n') + '\n');
  return { text: parts.join('\n'), reads: [src.name], writes: target.name, nodes: 1 };
}

const ENDPOINT_TOPICS = ['by_country', 'timeseries', 'top', 'totals', 'breakdown', 'leaderboard', 'trend', 'summary', 'funnel', 'latest', 'search', 'stats'];

/** Columns of a datasource that are plain (non-aggregate) values usable in WHERE/SELECT. */
function plainCols(ds) {
  return ds.columns.filter((c) => !c.metric && !/AggregateFunction/.test(c.type));
}
function timeCol(ds) {
  return ds.kind === 'mv' ? ds.grain : 'timestamp';
}

/** A filter node over one datasource with templated WHERE clauses. */
function filterNode(rng, ds, nodeName, params) {
  const cols = plainCols(ds);
  const t = timeCol(ds);
  const shown = uniq(['tenant_id', t, ...rng.sample(cols.map((c) => c.name), rng.int(1, 5))]);
  const sql = [];
  if (rng.chance(0.3)) sql.push(`-- filtered view of ${ds.name}`);
  sql.push('SELECT');
  if (ds.kind === 'mv') {
    const metricExprs = ds.metrics.map((m) =>
      /AggregateFunction\(count/.test(m.type) ? `countMerge(${m.name}) AS ${m.name}`
        : /AggregateFunction\(uniq/.test(m.type) ? `uniqMerge(${m.name}) AS ${m.name}`
          : /SimpleAggregateFunction\(max/.test(m.type) ? `max(${m.name}) AS ${m.name}`
            : `sum(${m.name}) AS ${m.name}`);
    const keys = uniq([t, ...ds.dims.map((d) => d.name)]);
    const all = [...keys, ...metricExprs];
    sql.push(...all.map((s, i) => `    ${s}${i < all.length - 1 ? ',' : ''}`));
    sql.push(`FROM ${ds.name}`);
    sql.push(...whereClauses(rng, ds, params, t));
    sql.push(`GROUP BY ${keys.join(', ')}`);
    return { sql, columns: [...keys, ...ds.metrics.map((m) => m.name)] };
  }
  sql.push(...shown.map((s, i) => `    ${s}${i < shown.length - 1 ? ',' : ''}`));
  sql.push(`FROM ${ds.name}${ds.kind === 'dedup' && rng.chance(0.6) ? ' FINAL' : ''}`);
  sql.push(...whereClauses(rng, ds, params, t));
  return { sql, columns: shown };
}

function whereClauses(rng, ds, params, t) {
  const out = [`WHERE tenant_id = {{ String(tenant_id, required=True, description="Tenant to query") }}`];
  params.add('tenant_id');
  const style = rng.int(0, 2);
  if (style === 0) {
    out.push(`{% if defined(start_date) %}`);
    out.push(`    AND ${t} >= {{ DateTime(start_date, description="Start of the range (inclusive)") }}`);
    out.push(`{% end %}`);
    out.push(`{% if defined(end_date) %}`);
    out.push(`    AND ${t} < {{ DateTime(end_date, description="End of the range (exclusive)") }}`);
    out.push(`{% end %}`);
  } else if (style === 1) {
    out.push(`AND ${t} >= {{ Date(date_from, '2024-01-01', description="First day") }}`);
    out.push(`AND ${t} <= {{ Date(date_to, '2024-12-31') }}`);
  } else {
    out.push(`{% if not defined(start_date) %}`);
    out.push(`    AND ${t} >= now() - interval 30 day`);
    out.push(`{% else %}`);
    out.push(`    AND ${t} >= {{ DateTime(start_date) }}`);
    out.push(`{% end %}`);
  }
  params.add('dates');
  const dims = plainCols(ds).filter((c) => c.dim && c.name !== 'tenant_id');
  for (const d of rng.sample(dims, rng.int(0, 2))) {
    if (rng.chance(0.5)) {
      out.push(`{% if defined(${d.name}) %}`);
      out.push(`    AND ${d.name} = {{ String(${d.name}, description="Filter by ${d.name}") }}`);
      out.push(`{% end %}`);
    } else {
      out.push(`{% if defined(${d.name}s) %}`);
      out.push(`    AND ${d.name} IN {{ Array(${d.name}s, 'String', description="Filter by several values of ${d.name}") }}`);
      out.push(`{% end %}`);
    }
  }
  return out;
}

function renderEndpoint(rng, pipe, primary, datasources) {
  const indent = rng.chance(0.04) ? '\t' : '    ';
  const reads = [primary.name];
  const params = new Set();
  const nodes = [];
  const nodeNames = [];

  // Node 1: filtered source
  const filteredName = rng.pick(['filtered', 'base', 'source_rows', `${primary.name}_filtered`, 'scoped']);
  const f = filterNode(rng, primary, filteredName, params);
  nodes.push(nodeText(rng, {
    name: filteredName,
    description: rng.chance(0.25) ? descriptionBlock(rng, 'node', filteredName, null, indent) : null,
    templated: true, sql: f.sql, indent,
  }));
  nodeNames.push(filteredName);
  let prev = filteredName;
  let prevCols = f.columns;

  const extra = rng.int(0, 3);
  for (let k = 0; k < extra && prevCols.includes('tenant_id'); k++) {
    const kind = rng.int(0, 3);
    let name;
    let sql;
    let templated = false;
    if (kind === 0 && datasources.length > 1) {
      // JOIN with another datasource (or a subquery over it)
      const other = rng.pick(datasources.filter((d) => d !== primary));
      reads.push(other.name);
      name = rng.pick(['joined', 'enriched', 'with_details', 'combined']);
      if (nodeNames.includes(name)) name = `${name}_${k}`;
      const oc = plainCols(other).filter((c) => c.name !== 'tenant_id').map((c) => c.name);
      const pickO = rng.sample(oc, rng.int(1, 3));
      const joinType = rng.pick(['LEFT JOIN', 'INNER JOIN', 'LEFT JOIN', 'ANY LEFT JOIN']);
      if (rng.chance(0.5)) {
        sql = [
          'SELECT',
          `    f.*,`,
          ...pickO.map((c, i) => `    o.${c} AS other_${c}${i < pickO.length - 1 ? ',' : ''}`),
          `FROM ${prev} AS f`,
          `${joinType} ${other.name} AS o ON o.tenant_id = f.tenant_id`,
        ];
      } else {
        templated = true;
        sql = [
          'SELECT f.*, o.total AS other_total',
          `FROM ${prev} f`,
          `${joinType} (`,
          `    SELECT tenant_id, count() AS total`,
          `    FROM ${other.name}`,
          `    WHERE tenant_id = {{ String(tenant_id, required=True) }}`,
          `    GROUP BY tenant_id`,
          `) AS o ON o.tenant_id = f.tenant_id`,
        ];
      }
      prevCols = [...prevCols, 'other'];
    } else if (kind === 1) {
      // CTE
      name = nodeNames.includes('with_totals') ? `with_totals_${k}` : 'with_totals';
      const cte = rng.pick(['totals', 'per_tenant', 'agg']);
      sql = [
        `WITH ${cte} AS (`,
        `    SELECT tenant_id, count() AS row_count`,
        `    FROM ${prev}`,
        `    GROUP BY tenant_id`,
        ')',
        `SELECT p.*, t.row_count`,
        `FROM ${prev} AS p`,
        `LEFT JOIN ${cte} AS t ON t.tenant_id = p.tenant_id`,
      ];
    } else if (kind === 2) {
      // time series with granularity if/elif/else
      name = nodeNames.includes('timeseries') ? `timeseries_${k}` : 'timeseries';
      templated = true;
      const t = prevCols.includes('timestamp') ? 'timestamp' : prevCols[1] ?? 'timestamp';
      sql = [
        'SELECT',
        `    {% if defined(granularity) %}`,
        `        CASE`,
        `            WHEN {{ granularity }} = 'hourly' THEN toStartOfHour(${t})`,
        `            WHEN {{ granularity }} = 'weekly' THEN toStartOfWeek(${t})`,
        `            WHEN {{ granularity }} = 'monthly' THEN toStartOfMonth(${t})`,
        `            ELSE toStartOfDay(${t})`,
        `        END AS bucket,`,
        `    {% else %}`,
        `        toStartOfDay(${t}) AS bucket,`,
        `    {% end %}`,
        `    count() AS total`,
        `FROM ${prev}`,
        'GROUP BY bucket',
        'ORDER BY bucket ASC',
      ];
      params.add('granularity');
      prevCols = ['bucket', 'total'];
    } else {
      // UNION ALL of the previous node and a datasource
      const other = rng.pick(datasources);
      reads.push(other.name);
      name = nodeNames.includes('unioned') ? `unioned_${k}` : 'unioned';
      templated = true;
      sql = [
        `SELECT tenant_id, 'current' AS source FROM ${prev}`,
        'UNION ALL',
        `SELECT tenant_id, 'history' AS source FROM ${other.name}`,
        `WHERE tenant_id = {{ String(tenant_id, required=True) }}`,
        `{% if defined(limit_history) %}`,
        `LIMIT {{ Int32(limit_history, 1000) }}`,
        `{% end %}`,
      ];
      prevCols = ['tenant_id', 'source'];
    }
    nodes.push(nodeText(rng, {
      name,
      description: rng.chance(0.15) ? descriptionBlock(rng, 'node', name, null, indent) : null,
      templated: templated || rng.chance(0.2), sql, indent,
    }));
    nodeNames.push(name);
    prev = name;
  }

  // Final node
  const finalName = rng.pick(['endpoint', `${pipe.name}_result`, 'result', 'final']);
  const finalSql = [
    'SELECT *',
    `FROM ${prev}`,
  ];
  if (rng.chance(0.5)) {
    finalSql.push(`{% if defined(order_by) %}`);
    finalSql.push(`ORDER BY {{ column(order_by, 'tenant_id') }} {% if defined(desc) %}DESC{% else %}ASC{% end %}`);
    finalSql.push(`{% end %}`);
  }
  finalSql.push(`LIMIT {{ Int32(limit, ${rng.pick([10, 50, 100, 1000])}, description="Maximum number of rows") }}`);
  if (rng.chance(0.5)) finalSql.push(`OFFSET {{ Int32(offset, 0) }}`);
  nodes.push(nodeText(rng, { name: finalName === prev ? `${finalName}_out` : finalName, templated: true, sql: finalSql, indent }));

  const parts = [];
  const tokenTop = rng.chance(0.3);
  const token = rng.chance(0.65) ? rng.pick(TOKEN_NAMES_READ) : null;
  if (token && tokenTop) parts.push(`TOKEN "${token}" READ\n`);
  if (rng.chance(0.8)) parts.push(descriptionBlock(rng, 'endpoint', pipe.name, primary.columns, indent));
  parts.push(...nodes);
  const tail = [];
  const typeRoll = rng.next();
  if (typeRoll < 0.65) tail.push('TYPE endpoint');
  else if (typeRoll < 0.9) tail.push('TYPE ENDPOINT');
  if (typeRoll < 0.9 && rng.chance(0.15)) tail.push(`CACHE ${rng.pick([30, 60, 300])}`);
  if (token && !tokenTop) tail.push(`TOKEN "${token}" READ`);
  if (tail.length) parts.push(tail.join('\n') + '\n');
  return { text: parts.join('\n'), reads: uniq(reads), writes: null, nodes: nodes.length };
}

function uniq(arr) {
  return [...new Set(arr)];
}

// ---------------------------------------------------------------------------
// Project

/**
 * Generates the project in memory.
 * @returns {{ count: number, seed: number, version: number, files: Array<{ path: string, kind: 'datasource'|'pipe', type: string, name: string, content: string, reads: string[], writes: string|null }> }}
 */
export function generateProject({ count = 10000, seed = 42 } = {}) {
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${count}`);
  const rng = makeRng(seed);
  const nDs = Math.max(1, Math.round(count * 0.35));
  const nPipe = count - nDs;

  // Datasources, in groups: one landing datasource, then derived ones.
  const datasources = [];
  const derived = []; // dedup and mv datasources, each wants one feeding pipe
  let g = 0;
  while (datasources.length < nDs) {
    const entity = ENTITIES[g % ENTITIES.length];
    const base = `${entity}_${pad(g)}`;
    g++;
    const landing = makeLanding(rng, base);
    datasources.push(landing);
    let last = landing;
    if (datasources.length < nDs && rng.chance(0.6)) {
      const d = makeDedup(rng, `${base}_dedup_ds`, landing);
      datasources.push(d);
      derived.push(d);
      last = d;
    }
    const nMv = rng.int(0, 2);
    for (let m = 0; m < nMv && datasources.length < nDs; m++) {
      const src = rng.chance(0.5) ? last : landing;
      const flavour = rng.pick(['aggregating', 'aggregating', 'summing', 'plain']);
      const mv = makeMv(rng, `${base}_${flavour === 'aggregating' ? 'agg' : flavour}_${m}_mv_ds`, src, flavour);
      datasources.push(mv);
      derived.push(mv);
    }
  }

  const files = [];
  for (const ds of datasources) {
    files.push({
      path: `datasources/${ds.name}.datasource`,
      kind: 'datasource',
      type: ds.kind,
      name: ds.name,
      content: renderDatasource(rng, ds),
      reads: [],
      writes: null,
    });
  }

  // Transform pipes first (one per derived datasource, while the pipe budget lasts).
  const nTransform = Math.min(derived.length, nPipe);
  for (let i = 0; i < nTransform; i++) {
    const target = derived[i];
    if (target.kind === 'dedup') {
      const name = target.name.replace(/_dedup_ds$/, '_dedup_copy');
      const r = renderCopyPipe(rng, { name }, target);
      files.push({ path: `copies/${name}.pipe`, kind: 'pipe', type: 'copy', name, content: r.text, reads: r.reads, writes: r.writes });
    } else {
      const name = target.name.replace(/_mv_ds$/, '_mv');
      const r = renderMvPipe(rng, { name }, target);
      files.push({ path: `materializations/${name}.pipe`, kind: 'pipe', type: 'materialized', name, content: r.text, reads: r.reads, writes: r.writes });
    }
  }

  // Endpoints: each reads from a small neighbourhood of datasources (realistic locality).
  const nEndpoints = nPipe - nTransform;
  for (let e = 0; e < nEndpoints; e++) {
    const center = rng.int(0, datasources.length - 1);
    const lo = Math.max(0, center - 6);
    const hood = datasources.slice(lo, Math.min(datasources.length, lo + 12));
    const primary = rng.pick(hood);
    const entity = primary.name.replace(/_\d{4}.*$/, '');
    const name = `${entity}_${rng.pick(ENDPOINT_TOPICS)}_${pad(e, 5)}`;
    const r = renderEndpoint(rng, { name }, primary, hood);
    files.push({ path: `endpoints/${name}.pipe`, kind: 'pipe', type: 'endpoint', name, content: r.text, reads: r.reads, writes: null });
  }

  // ~7% of files lack a trailing newline, as in the corpus.
  for (const f of files) {
    if (rng.chance(0.07)) f.content = f.content.replace(/\n+$/, '');
  }
  return { count, seed, version: GENERATOR_VERSION, files };
}

/** Manifest describing what each file reads and writes (no contents). */
export function manifestOf(project) {
  return {
    generator: 'bench/gen-project.mjs',
    version: project.version,
    count: project.count,
    seed: project.seed,
    files: project.files.map(({ path: p, kind, type, name, reads, writes }) => ({ path: p, kind, type, name, reads, writes })),
  };
}

/** Writes the project under `out` (created; existing datafile dirs are replaced). */
export function writeProject(out, { count = 10000, seed = 42 } = {}) {
  const project = generateProject({ count, seed });
  for (const dir of ['datasources', 'copies', 'materializations', 'endpoints']) {
    fs.rmSync(path.join(out, dir), { recursive: true, force: true });
  }
  fs.rmSync(path.join(out, 'manifest.json'), { force: true });
  const dirs = new Set(project.files.map((f) => path.dirname(path.join(out, f.path))));
  for (const d of dirs) fs.mkdirSync(d, { recursive: true });
  for (const f of project.files) fs.writeFileSync(path.join(out, f.path), f.content);
  // The manifest goes last: its presence marks a complete project.
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifestOf(project)) + '\n');
  return project;
}

/**
 * Checks the reference contract on a generated project: every FROM/JOIN target is a
 * generated datasource, an earlier node of the same pipe or a CTE of the same query,
 * and every TARGET_DATASOURCE/DATASOURCE exists. Returns a list of problems.
 */
export function checkReferences(project) {
  const dsNames = new Set(project.files.filter((f) => f.kind === 'datasource').map((f) => f.name));
  const problems = [];
  for (const f of project.files) {
    if (f.kind !== 'pipe') continue;
    const seenNodes = new Set();
    const chunks = f.content.split(/^NODE /m).slice(1);
    for (const chunk of chunks) {
      const nodeName = chunk.slice(0, chunk.indexOf('\n')).trim();
      const ctes = new Set([...chunk.matchAll(/\b(?:WITH|,)\s+([A-Za-z_][A-Za-z0-9_]*)\s+AS\s*\(/g)].map((m) => m[1]));
      for (const m of chunk.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)/g)) {
        const ref = m[1];
        if (!dsNames.has(ref) && !seenNodes.has(ref) && !ctes.has(ref)) {
          problems.push(`${f.path}: node ${nodeName}: unknown reference ${ref}`);
        }
      }
      seenNodes.add(nodeName);
    }
    for (const m of f.content.matchAll(/^(?:TARGET_DATASOURCE|DATASOURCE) (\S+)/gm)) {
      if (!dsNames.has(m[1])) problems.push(`${f.path}: unknown target ${m[1]}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// CLI

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out, countArg = '10000', seedArg = '42'] = process.argv.slice(2);
  if (!out || out.startsWith('-')) {
    console.error('usage: node bench/gen-project.mjs OUT [COUNT=10000] [SEED=42]');
    process.exit(2);
  }
  const count = Number(countArg);
  const seed = Number(seedArg);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    console.error('COUNT must be a positive integer and SEED an integer');
    process.exit(2);
  }
  const t0 = performance.now();
  const project = writeProject(out, { count, seed });
  const bytes = project.files.reduce((s, f) => s + Buffer.byteLength(f.content), 0);
  const byType = {};
  for (const f of project.files) byType[f.type] = (byType[f.type] ?? 0) + 1;
  const problems = checkReferences(project);
  console.log(
    `wrote ${project.files.length} files (${(bytes / 1e6).toFixed(2)} MB) to ${out} in ${((performance.now() - t0) / 1000).toFixed(2)} s: ` +
      Object.entries(byType).map(([k, v]) => `${v} ${k}`).join(', '),
  );
  if (problems.length) {
    console.error(`${problems.length} reference problems, e.g.:\n  ${problems.slice(0, 10).join('\n  ')}`);
    process.exit(1);
  }
}
