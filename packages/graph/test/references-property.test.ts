import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { globby } from 'globby';
import { describe, expect, test } from 'vitest';
import { parseDatafile } from '@tb-refs/parser';
import { extractSqlReferences, type SqlReferenceSite } from '../src/index.js';
import { expectReferenceInvariants, sqlBlockOf } from './helpers.js';

// A small SQL grammar whose generator knows which of the text it writes are table references,
// so the property is exact: the extraction finds those references and nothing else.

interface RefPiece {
  readonly text: string;
  readonly name: string;
  /** Offset of the name inside `text`. */
  readonly nameAt: number;
  readonly database?: string;
  readonly site: SqlReferenceSite;
  readonly quote?: '`' | '"' | "'";
  readonly conditional: boolean;
}
type Piece = string | RefPiece;
type Sql = readonly Piece[];
type Arb = fc.Arbitrary<Sql>;

const TABLES = ['events', 'users', 'sessions', 'daily_stats', 'events__v2', 'Orders'];
/** CTE names never collide with table names, so a reported CTE name is always a bug. */
const CTE_NAMES = ['cte_a', 'cte_b', 'cte_c'];
const MAX_DEPTH = 3;

const cat = (...parts: (Piece | Sql)[]): Sql => parts.flatMap((p) => (typeof p === 'string' || !Array.isArray(p) ? [p as Piece] : (p as Sql)));
const conditional = (sql: Sql): Sql => sql.map((p) => (typeof p === 'string' ? p : { ...p, conditional: true }));

/** Separators: whitespace, comments that mention FROM/JOIN, template comments. */
const sep = fc.constantFrom(' ', ' ', ' ', '\n    ', ' /* FROM nope JOIN nope2 */ ', ' -- FROM nope\n    ', ' {# FROM nope #} ');

function tableRef(site: SqlReferenceSite): fc.Arbitrary<RefPiece> {
  return fc.tuple(fc.constantFrom(...TABLES), fc.constantFrom('bare', 'db', 'backtick', 'dbBacktick', 'dq', 'dqDotted', 'table()')).map(([name, form]): RefPiece => {
    const r = { name, site, conditional: false };
    switch (form) {
      case 'bare': return { ...r, text: name, nameAt: 0 };
      case 'db': return { ...r, text: `analytics.${name}`, nameAt: 10, database: 'analytics' };
      case 'backtick': return { ...r, text: `\`${name}\``, nameAt: 1, quote: '`' };
      case 'dbBacktick': return { ...r, text: `\`analytics\`.\`${name}\``, nameAt: 13, database: 'analytics', quote: '`' };
      case 'dq': return { ...r, text: `"${name}"`, nameAt: 1, quote: '"' };
      case 'dqDotted': return { ...r, text: `"analytics.${name}"`, nameAt: 11, database: 'analytics', quote: '"' };
      default: return site === 'in' ? { ...r, text: name, nameAt: 0 } : { ...r, site: 'table()', text: `{{ TABLE('${name}') }}`, nameAt: 10, quote: "'" };
    }
  });
}

const alias = fc.constantFrom('', '', ' AS x1', ' x2', ' AS `x3`', ' FINAL', ' AS x4 FINAL', ' SAMPLE 0.1 OFFSET 0.5');

/** Arbitraries are built once per (depth, scope): building them is what costs, not drawing. */
function memo(fn: (depth: number, ctes: readonly string[]) => Arb): (depth: number, ctes: readonly string[]) => Arb {
  const cache = new Map<string, Arb>();
  return (depth, ctes) => {
    const key = `${depth}:${ctes.join(',')}`;
    let arb = cache.get(key);
    if (!arb) cache.set(key, (arb = fn(depth, ctes)));
    return arb;
  };
}

const query = memo((depth, ctes) => {
  if (depth >= MAX_DEPTH) return select(depth, ctes);
  // Fewer CTEs and set operands deeper down keep the generated queries small.
  return fc.integer({ min: 0, max: depth === 0 ? 2 : 1 }).chain((n) => {
    const names = CTE_NAMES.slice(0, n);
    // Each CTE sees the outer CTEs and the earlier siblings: `name AS (query)`, or a scoped
    // expression `expr AS name` (whose scalar subquery may read a table).
    const definitions = names.map((name, i) => {
      const visible = [...ctes, ...names.slice(0, i)];
      return fc.oneof(
        { weight: 3, arbitrary: query(depth + 1, visible).map((q) => cat(`${name} AS (`, q, ')')) },
        { weight: 1, arbitrary: fc.constantFrom<Sql>([`toDate('2024-01-01') AS ${name}`], [`[1, 2] AS ${name}`]) },
        { weight: 1, arbitrary: tableRef('from').map((r) => cat('(SELECT max(a) FROM ', r, `) AS ${name}`)) },
      );
    });
    const withClause: Arb = n === 0
      ? fc.constant([])
      : fc.tuple(...definitions).map((ds) => cat('WITH ', ...ds.flatMap((d, i) => cat(i > 0 ? ', ' : '', d)), ' '));
    const scope = [...ctes, ...names];
    // `{% if p %} SELECT … {% else %} SELECT … {% end %}`: alternative queries sharing the CTEs.
    const body = fc.oneof(
      { weight: 4, arbitrary: select(depth, scope) },
      { weight: 1, arbitrary: fc.tuple(select(depth, scope), select(depth, scope)).map(([a, b]) => cat('{% if p %} ', conditional(a), ' {% else %} ', conditional(b), ' {% end %}')) },
    );
    const parts = fc.array(fc.tuple(fc.constantFrom(' UNION ALL ', ' UNION DISTINCT ', ' INTERSECT ', ' EXCEPT '), select(depth, scope)), { maxLength: depth === 0 ? 2 : 1 });
    return fc.tuple(withClause, body, parts).map(([w, first, rest]) => cat(w, first, ...rest.flatMap(([op, s]) => cat(op, s))));
  });
});

const select = memo((depth, ctes) => {
  const list = fc.array(selectItem(depth, ctes), { minLength: 1, maxLength: 2 }).map((items) => items.flatMap((it, i) => cat(i > 0 ? ', ' : '', it)));
  const where = fc.option(condition(depth, ctes), { nil: undefined });
  const tail = fc.constantFrom('', ' ORDER BY a', ' GROUP BY a WITH TOTALS', ' ORDER BY a WITH FILL FROM 1 TO 10 STEP 1', ' LIMIT 1 BY a', ' SETTINGS max_threads = 1');
  const fromFirst = fc.boolean();
  return fc.tuple(list, fromClause(depth, ctes), where, tail, sep, fromFirst).map(([l, from, w, t, s, ff]) => {
    const whereSql = w ? cat(s, 'WHERE ', w) : [];
    return ff ? cat('FROM ', from, ' SELECT ', l, whereSql, t) : cat('SELECT ', l, s, 'FROM ', from, whereSql, t);
  });
});

function selectItem(depth: number, ctes: readonly string[]): Arb {
  const simple = fc.constantFrom<Sql>(['a'], ['*'], ['count() AS n'], ['* EXCEPT (a, b)'], ['EXTRACT(YEAR FROM d) AS y'], ["trim(BOTH ' ' FROM s)"], ["'FROM nope' AS s"]);
  const joinGet = fc.tuple(fc.constantFrom('joinGet', 'joinGetOrNull', 'dictGet', 'dictHas'), fc.constantFrom(...TABLES)).map(([fn, name]): Sql => [
    `${fn}(`, { text: `'${name}'`, name, nameAt: 1, site: fn.startsWith('joinGet') ? 'joinGet' : 'dictGet', quote: "'", conditional: false }, ', a)',
  ]);
  if (depth >= MAX_DEPTH - 1) return fc.oneof(simple, joinGet);
  const scalar = query(depth + 1, ctes).map((q) => cat('(', q, ') AS sq'));
  return fc.oneof({ weight: 8, arbitrary: simple }, { weight: 2, arbitrary: joinGet }, { weight: 1, arbitrary: scalar });
}

function fromItem(depth: number, ctes: readonly string[], site: 'from' | 'join'): Arb {
  const table = fc.tuple(tableRef(site), alias).map(([r, a]) => cat(r, a));
  const fn = fc.constantFrom<Sql>(['numbers(10)'], ["url('https://x/y.csv', 'CSV') AS u"]);
  const options: fc.WeightedArbitrary<Sql>[] = [{ weight: 8, arbitrary: table }, { weight: 1, arbitrary: fn }];
  if (ctes.length > 0) options.push({ weight: 2, arbitrary: fc.tuple(fc.constantFrom(...ctes), alias).map(([c, a]) => [c + a]) });
  if (depth < MAX_DEPTH) {
    options.push({ weight: 1, arbitrary: fc.tuple(query(depth + 1, ctes), alias).map(([q, a]) => cat('(', q, ')', a.replace(' FINAL', ''))) });
    // `FROM {% if %} t1 {% else %} t2 {% end %}`: every branch counts, conditionally.
    const leaf = fc.tuple(tableRef(site), alias).map(([r, a]) => cat(r, a));
    options.push({ weight: 1, arbitrary: fc.tuple(leaf, leaf).map(([a, b]) => cat('{% if p %} ', conditional(a), ' {% else %} ', conditional(b), ' {% end %}')) });
  }
  return fc.oneof(...options);
}

function fromClause(depth: number, ctes: readonly string[]): Arb {
  const joinKind = fc.constantFrom('JOIN', 'LEFT JOIN', 'INNER JOIN', 'ANY LEFT JOIN', 'GLOBAL FULL OUTER JOIN', 'LEFT ASOF JOIN', 'LEFT ANTI JOIN');
  // USING takes an expression list, so a comma after it would extend the list: ON only here.
  const join = fc.oneof(
    fc.tuple(joinKind, fromItem(depth, ctes, 'join'), fc.constantFrom(' ON x.a = y.a', ' ON (x.a = y.a)', ' ON left(x.a, 2) = right(y.a, 2) AND any(x.b) IN (1)')).map(([k, it, on]) => cat(` ${k} `, it, on)),
    fromItem(depth, ctes, 'join').map((it) => cat(' CROSS JOIN ', it)),
    // A join that only exists in one branch of the template.
    fromItem(depth, ctes, 'join').map((it) => cat(' {% if defined(q) %} LEFT JOIN ', conditional(it), ' ON x.a = y.a {% end %}')),
  );
  const usingJoin = fc.tuple(joinKind, fromItem(depth, ctes, 'join'), fc.constantFrom(' USING (a)', ' USING a, b')).map(([k, it, u]) => cat(` ${k} `, it, u));
  const more = fc.oneof(fromItem(depth, ctes, 'from').map((it) => cat(', ', it)), join);
  // ARRAY JOIN takes an expression list, so only a JOIN may follow it (a comma would extend the list).
  const arrayJoin = fc.tuple(fc.constantFrom(' ARRAY JOIN arr AS el', ' LEFT ARRAY JOIN arr, ids AS i'), fc.option(join, { nil: undefined })).map(([aj, j]) => cat(aj, j ?? []));
  const last = fc.option(fc.oneof(arrayJoin, usingJoin), { nil: undefined });
  return fc.tuple(fromItem(depth, ctes, 'from'), fc.array(more, { maxLength: 2 }), last).map(([first, rest, l]) => cat(first, ...rest, l ?? []));
}

function condition(depth: number, ctes: readonly string[]): Arb {
  const simple = fc.constantFrom<Sql>(['a = 1'], ['a IN (1, 2)'], ["b IN ('x', 'y')"], ['c NOT IN [1]'], ['d > {{ Int32(lim, 1) }}']);
  const inTable = fc.tuple(fc.constantFrom('IN', 'NOT IN', 'GLOBAL IN', 'GLOBAL NOT IN'), tableRef('in')).map(([op, r]) => cat(`a ${op} `, r));
  const options: fc.WeightedArbitrary<Sql>[] = [{ weight: 5, arbitrary: simple }, { weight: 3, arbitrary: inTable }];
  if (ctes.length > 0) options.push({ weight: 1, arbitrary: fc.constantFrom(...ctes).map((c) => [`a IN ${c}`]) });
  if (depth < MAX_DEPTH - 1) {
    const sub = query(depth + 1, ctes);
    options.push({ weight: 1, arbitrary: sub.map((q) => cat('a IN (', q, ')')) });
    options.push({ weight: 1, arbitrary: sub.map((q) => cat('NOT EXISTS (', q, ')')) });
    options.push({ weight: 1, arbitrary: sub.map((q) => cat('v > (', q, ')')) });
  }
  const one = fc.oneof(...options);
  return fc.tuple(one, fc.option(one, { nil: undefined }), fc.boolean()).map(([a, b, wrap]) => {
    if (!b) return a;
    return wrap ? cat(a, ' {% if defined(p) %} AND ', conditional(b), ' {% end %}') : cat(a, ' AND ', b);
  });
}

/** The SQL text and the references the generator wrote, with offsets inside the text. */
function render(sql: Sql): { text: string; refs: { name: string; database?: string; site: SqlReferenceSite; quote?: string; conditional: boolean; at: number }[] } {
  let text = '';
  const refs = [];
  for (const p of sql) {
    if (typeof p === 'string') {
      text += p;
      continue;
    }
    refs.push({ name: p.name, database: p.database, site: p.site, quote: p.quote, conditional: p.conditional, at: text.length + p.nameAt });
    text += p.text;
  }
  return { text, refs };
}

describe('property: generated SQL', () => {
  test('finds exactly the references the grammar wrote, with exact ranges', () => {
    fc.assert(
      fc.property(query(0, []), (sql) => {
        const { text, refs } = render(sql);
        const { block, source, base } = sqlBlockOf(text);
        const result = extractSqlReferences(block);
        expectReferenceInvariants(result, source);
        for (const r of result.references) expect(CTE_NAMES).not.toContain(r.name);
        expect(result.dynamic).toEqual([]);
        const actual = result.references.map((r) => ({ name: r.name, database: r.database, site: r.site, quote: r.quote, conditional: r.conditional, at: r.range.start - base }));
        expect(actual).toEqual(refs);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  }, 60_000);

  test('never throws and keeps the invariants on arbitrary token soup', () => {
    const word = fc.constantFrom(
      'SELECT', 'FROM', 'JOIN', 'LEFT', 'ARRAY', 'WITH', 'AS', 'IN', 'NOT', 'EXISTS', 'UNION', 'ALL', 'EXCEPT', 'ON', 'USING',
      'FINAL', 'SAMPLE', 'OFFSET', 'WHERE', 'FILL', 'TOTALS', 'RECURSIVE', '(', ')', ',', '.', '*', ';', 't1', 'db', '`q`', '"a.b"',
      "'s'", "joinGet('x', 'y')", "{{ TABLE('t2') }}", '{{ x }}', '{% if a %}', '{% else %}', '{% end %}', '$ENV', '1', '-- c\n   ',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.constantFrom(' ', '', '\n    ')), { maxLength: 40 }), (words) => {
        const text = words.map(([w, s]) => w + s).join('');
        const source = `NODE n\nSQL >\n    %\n    ${text}\n`;
        const block = parseDatafile(source, { fileName: 'p.pipe' }).pipe?.nodes[0]?.sql;
        if (!block) return;
        expectReferenceInvariants(extractSqlReferences(block), source);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});

describe('corpus: every node of every file', async () => {
  const corpus = path.resolve(import.meta.dirname, '../../../../shared/corpus');
  const present = existsSync(corpus);
  if (!present) console.warn(`corpus not found at ${corpus}: skipping the corpus reference invariants`);
  const files = present ? await globby('**/*.{pipe,incl,datasource,pipe_bak,backup}', { cwd: corpus }) : [];

  test.skipIf(!present)('the corpus has files', () => {
    expect(files.length).toBeGreaterThan(1000);
  });

  test.skipIf(!present)('references never overlap, are sorted and cover their names', { timeout: 60_000 }, () => {
    let blocks = 0;
    let references = 0;
    for (const file of files) {
      const source = readFileSync(path.join(corpus, file), 'utf8');
      const parsed = parseDatafile(source, { fileName: file });
      const sqls = [
        ...(parsed.pipe?.nodes ?? []).map((n) => n.sql),
        parsed.datasource?.forwardQuery,
        parsed.datasource?.importQuery,
      ];
      for (const sql of sqls) {
        if (!sql) continue;
        const result = extractSqlReferences(sql);
        try {
          expectReferenceInvariants(result, source);
        } catch (e) {
          throw new Error(`${file}: ${(e as Error).message}`);
        }
        blocks++;
        references += result.references.length;
      }
    }
    expect(blocks).toBeGreaterThan(1500);
    expect(references).toBeGreaterThan(2000);
  });
});
