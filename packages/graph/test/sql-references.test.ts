import { describe, expect, test } from 'vitest';
import { parseDatafile } from '@tb-refs/parser';
import { extractSqlReferences, type SqlReferenceSite } from '../src/index.js';
import { expectReferenceInvariants, nthIndexOf, sqlBlockOf } from './helpers.js';

/**
 * An expected reference. Its range is found in the SQL text: the `nth` occurrence of `at`
 * (default: the name itself), then the last occurrence of `name` inside `at`.
 */
interface Ref {
  readonly name: string;
  readonly at?: string;
  readonly nth?: number;
  readonly database?: string;
  readonly site?: SqlReferenceSite;
  readonly quote?: '`' | '"' | "'";
  readonly conditional?: boolean;
}

/** An expected dynamic site: `text`, found as the `nth` occurrence of `at` (default: `text`). */
interface Dyn {
  readonly text: string;
  readonly at?: string;
  readonly nth?: number;
  readonly conditional?: boolean;
}

interface Case {
  readonly name: string;
  readonly sql: string;
  readonly refs: readonly Ref[];
  readonly dynamic?: readonly Dyn[];
}

function run(c: Case) {
  const { block, source, base } = sqlBlockOf(c.sql);
  const result = extractSqlReferences(block);
  expectReferenceInvariants(result, source);
  const actual = result.references.map((r) => ({
    name: r.name, database: r.database, site: r.site, quote: r.quote, conditional: r.conditional,
    range: r.range, text: source.slice(r.range.start, r.range.end),
  }));
  const expected = c.refs.map((e) => {
    const at = e.at ?? e.name;
    const inner = at.lastIndexOf(e.name);
    if (inner < 0) throw new Error(`"${e.name}" is not inside "${at}"`);
    const start = base + nthIndexOf(c.sql, at, e.nth) + inner;
    return {
      name: e.name, database: e.database, site: e.site ?? 'from', quote: e.quote, conditional: e.conditional ?? false,
      range: { start, end: start + e.name.length }, text: e.name,
    };
  });
  expect(actual).toEqual(expected);
  const dynamic = result.dynamic.map((d) => ({ text: d.text, range: d.range, conditional: d.conditional }));
  const expectedDynamic = (c.dynamic ?? []).map((d) => {
    const at = d.at ?? d.text;
    const start = base + nthIndexOf(c.sql, at, d.nth) + at.indexOf(d.text);
    return { text: d.text, range: { start, end: start + d.text.length }, conditional: d.conditional ?? false };
  });
  expect(dynamic).toEqual(expectedDynamic);
}

describe('FROM items', () => {
  test.for<Case>([
    { name: 'bare name', sql: 'SELECT a FROM events', refs: [{ name: 'events' }] },
    { name: 'lower-case keywords', sql: 'select a from events where a > 1', refs: [{ name: 'events' }] },
    { name: 'db.name', sql: 'SELECT a FROM analytics.events', refs: [{ name: 'events', database: 'analytics' }] },
    { name: 'backticked name', sql: 'SELECT a FROM `events`', refs: [{ name: 'events', quote: '`' }] },
    { name: 'backticked name with a dash', sql: 'SELECT a FROM `my-events`', refs: [{ name: 'my-events', quote: '`' }] },
    { name: 'backticked db and name', sql: 'SELECT a FROM `analytics`.`events`', refs: [{ name: 'events', database: 'analytics', quote: '`' }] },
    { name: 'double-quoted name', sql: 'SELECT a FROM "events"', refs: [{ name: 'events', quote: '"' }] },
    {
      name: 'double-quoted "a.b" is one token: the last part is the name',
      sql: 'SELECT a FROM "analytics.events" WHERE 1',
      refs: [{ name: 'events', database: 'analytics', quote: '"', at: 'analytics.events' }],
    },
    {
      name: 'double-quoted "a.b.c" keeps every leading part as the database',
      sql: 'SELECT a FROM "x.y.events"',
      refs: [{ name: 'events', database: 'x.y', quote: '"' }],
    },
    { name: 'name followed by a newline and a clause', sql: 'SELECT a\n    FROM events\n    WHERE a = 1', refs: [{ name: 'events' }] },
    { name: 'name with a semicolon', sql: 'SELECT a FROM events;', refs: [{ name: 'events' }] },
    { name: 'no FROM at all', sql: 'SELECT 1, now(), [1, 2] AS arr', refs: [] },
    {
      name: 'subqueries at depth',
      sql: 'SELECT * FROM (SELECT * FROM (SELECT x FROM (SELECT x FROM deep) AS d1) AS d2)',
      refs: [{ name: 'deep' }],
    },
    { name: 'subquery without alias', sql: 'SELECT * FROM (SELECT x FROM inner_t) WHERE x > 0', refs: [{ name: 'inner_t' }] },
    { name: 'parenthesised table name', sql: 'SELECT * FROM (events)', refs: [{ name: 'events' }] },
    {
      name: 'parenthesised join',
      sql: 'SELECT * FROM (a_t JOIN b_t ON a_t.x = b_t.x)',
      refs: [{ name: 'a_t', at: 'FROM (a_t' }, { name: 'b_t', at: 'JOIN b_t', site: 'join' }],
    },
    { name: 'table function is not a reference', sql: 'SELECT number FROM numbers(10)', refs: [] },
    { name: 'table function with string args', sql: "SELECT * FROM url('https://x/events.csv', 'CSV')", refs: [] },
    {
      name: 'table function arguments are scanned for subqueries',
      sql: 'SELECT * FROM generateSeries(1, (SELECT max(n) FROM limits)) AS s JOIN events ON 1',
      refs: [{ name: 'limits' }, { name: 'events', site: 'join' }],
    },
    {
      name: 'nested function calls in a table function',
      sql: 'SELECT * FROM merge(currentDatabase(), concat(\'^\', \'ev\')), other',
      refs: [{ name: 'other' }],
    },
    {
      name: 'comma joins',
      sql: 'SELECT * FROM a_t, b_t AS b, c_t c, (SELECT 1 FROM d_t) AS d',
      refs: [{ name: 'a_t' }, { name: 'b_t' }, { name: 'c_t' }, { name: 'd_t' }],
    },
    { name: 'FINAL', sql: 'SELECT * FROM members FINAL WHERE isBot = 0', refs: [{ name: 'members' }] },
    {
      name: 'alias then FINAL, then a join',
      sql: 'SELECT * FROM members AS m FINAL INNER JOIN orgs AS o FINAL ON m.o = o.id',
      refs: [{ name: 'members' }, { name: 'orgs', site: 'join' }],
    },
    {
      name: 'SAMPLE with OFFSET',
      sql: 'SELECT * FROM hits SAMPLE 0.1 OFFSET 0.5 WHERE a IN lookup',
      refs: [{ name: 'hits' }, { name: 'lookup', site: 'in' }],
    },
    {
      name: 'SAMPLE with a fraction, then a join',
      sql: 'SELECT * FROM hits SAMPLE 1 / 10 JOIN users USING (uid)',
      refs: [{ name: 'hits' }, { name: 'users', site: 'join' }],
    },
    {
      name: 'SAMPLE then a comma join',
      sql: 'SELECT * FROM hits SAMPLE 0.1 OFFSET 0.5, users SAMPLE 1 / 2, sessions',
      refs: [{ name: 'hits' }, { name: 'users' }, { name: 'sessions' }],
    },
    { name: 'alias with AS', sql: 'SELECT e.a FROM events AS e', refs: [{ name: 'events' }] },
    { name: 'alias without AS', sql: 'SELECT e.a FROM events e WHERE e.a = 1', refs: [{ name: 'events', at: 'FROM events' }] },
    { name: 'double-quoted alias', sql: 'SELECT 1 FROM events AS "e"', refs: [{ name: 'events' }] },
    { name: 'alias of db.name', sql: 'SELECT 1 FROM analytics.events ev', refs: [{ name: 'events', database: 'analytics' }] },
    {
      name: 'alias equal to another table name is not a reference',
      sql: 'SELECT * FROM events AS users JOIN sessions ON users.id = sessions.uid',
      refs: [{ name: 'events' }, { name: 'sessions', site: 'join', at: 'JOIN sessions' }],
    },
    { name: 'FROM-first query', sql: 'FROM events SELECT a, b WHERE a > 1', refs: [{ name: 'events' }] },
    {
      name: 'FROM-first query with a join',
      sql: 'FROM events AS e JOIN users AS u ON e.uid = u.id SELECT *',
      refs: [{ name: 'events' }, { name: 'users', site: 'join' }],
    },
  ])('$name', (c) => run(c));
});

describe('JOIN forms', () => {
  const forms = [
    'JOIN', 'INNER JOIN', 'LEFT JOIN', 'LEFT OUTER JOIN', 'RIGHT JOIN', 'RIGHT OUTER JOIN', 'FULL JOIN',
    'FULL OUTER JOIN', 'ANY JOIN', 'ALL JOIN', 'ANY LEFT JOIN', 'ALL INNER JOIN', 'ASOF JOIN', 'ASOF LEFT JOIN',
    'LEFT ASOF JOIN', 'SEMI LEFT JOIN', 'LEFT SEMI JOIN', 'LEFT ANTI JOIN', 'RIGHT SEMI JOIN', 'RIGHT ANTI JOIN',
    'GLOBAL JOIN', 'GLOBAL LEFT JOIN', 'GLOBAL ANY LEFT JOIN', 'GLOBAL ALL INNER JOIN', 'LOCAL JOIN', 'PASTE JOIN',
    'left outer join', 'Global Semi Left Join',
  ];
  test.for(forms)('%s … ON', (form) =>
    run({
      name: form,
      sql: `SELECT * FROM a_t ${form} b_t ON a_t.id = b_t.id WHERE x IN c_t`,
      refs: [{ name: 'a_t', at: 'FROM a_t' }, { name: 'b_t', at: `${form} b_t`, site: 'join' }, { name: 'c_t', site: 'in' }],
    }),
  );
  test.for(forms)('%s … USING', (form) =>
    run({
      name: form,
      sql: `SELECT * FROM a_t ${form} \`b_t\` AS b USING (id, ts) ORDER BY id`,
      refs: [{ name: 'a_t', at: 'FROM a_t' }, { name: 'b_t', site: 'join', quote: '`' }],
    }),
  );
  test.for<Case>([
    { name: 'CROSS JOIN without condition', sql: 'SELECT * FROM a_t CROSS JOIN b_t', refs: [{ name: 'a_t' }, { name: 'b_t', site: 'join' }] },
    { name: 'USING without parentheses', sql: 'SELECT * FROM a_t JOIN b_t USING id WHERE id > 0', refs: [{ name: 'a_t' }, { name: 'b_t', site: 'join' }] },
    {
      name: 'a chain of joins',
      sql: 'SELECT * FROM a_t LEFT JOIN b_t ON a_t.x = b_t.x INNER JOIN db2.c_t USING (y) CROSS JOIN d_t FULL OUTER JOIN e_t ON 1',
      refs: [
        { name: 'a_t', at: 'FROM a_t' }, { name: 'b_t', at: 'JOIN b_t', site: 'join' },
        { name: 'c_t', database: 'db2', site: 'join' }, { name: 'd_t', site: 'join' }, { name: 'e_t', site: 'join' },
      ],
    },
    {
      name: 'a comma join after ON',
      sql: 'SELECT * FROM a_t JOIN b_t ON a_t.x = b_t.x, c_t WHERE 1',
      refs: [{ name: 'a_t', at: 'FROM a_t' }, { name: 'b_t', at: 'JOIN b_t', site: 'join' }, { name: 'c_t' }],
    },
    {
      name: 'SAMPLE inside a template branch ends at {% else %}',
      sql: 'SELECT * FROM {% if p %} t1 SAMPLE 0.1 OFFSET 0.5 {% else %} t2 SAMPLE 1 / 2 {% end %}',
      refs: [{ name: 't1', conditional: true }, { name: 't2', conditional: true }],
    },
    {
      name: 'join of a subquery',
      sql: 'SELECT * FROM a_t JOIN (SELECT id FROM b_t WHERE k IN c_t) AS s ON s.id = a_t.id',
      refs: [{ name: 'a_t', at: 'FROM a_t' }, { name: 'b_t' }, { name: 'c_t', site: 'in' }],
    },
    {
      name: 'ON condition holding a subquery and IN table',
      sql: 'SELECT * FROM a_t JOIN b_t ON a_t.id = b_t.id AND b_t.k IN (SELECT k FROM c_t) AND b_t.j NOT IN d_t',
      refs: [
        { name: 'a_t', at: 'FROM a_t' }, { name: 'b_t', at: 'JOIN b_t', site: 'join' }, { name: 'c_t' }, { name: 'd_t', site: 'in' },
      ],
    },
    {
      name: 'left() and right() in ON are functions, not joins',
      sql: 'SELECT * FROM a_t JOIN b_t ON left(a_t.x, 3) = right(b_t.y, 3) LEFT JOIN c_t USING (z) WHERE left(s, 1) = \'x\'',
      refs: [{ name: 'a_t', at: 'FROM a_t' }, { name: 'b_t', at: 'JOIN b_t', site: 'join' }, { name: 'c_t', site: 'join' }],
    },
    {
      name: 'join of a table function',
      sql: 'SELECT * FROM a_t JOIN numbers(10) AS n ON n.number = a_t.x',
      refs: [{ name: 'a_t', at: 'FROM a_t' }],
    },
    { name: 'ARRAY JOIN is not a reference', sql: 'SELECT * FROM events ARRAY JOIN tags AS tag', refs: [{ name: 'events' }] },
    { name: 'LEFT ARRAY JOIN is not a reference', sql: 'SELECT * FROM events LEFT ARRAY JOIN tags, ids AS i WHERE tag != \'\'', refs: [{ name: 'events' }] },
    {
      name: 'ARRAY JOIN then a table join',
      sql: 'SELECT * FROM events ARRAY JOIN tags AS tag LEFT JOIN tag_names USING (tag)',
      refs: [{ name: 'events' }, { name: 'tag_names', site: 'join' }],
    },
    {
      name: 'ARRAY JOIN of a function',
      sql: 'SELECT * FROM events ARRAY JOIN arrayEnumerate(tags) AS i',
      refs: [{ name: 'events' }],
    },
  ])('$name', (c) => run(c));
});

describe('CTEs and scopes', () => {
  test.for<Case>([
    { name: 'WITH name AS (subquery) is scoped', sql: 'WITH c AS (SELECT * FROM events) SELECT * FROM c', refs: [{ name: 'events' }] },
    { name: 'backticked CTE name', sql: 'WITH `c` AS (SELECT * FROM events) SELECT * FROM `c`', refs: [{ name: 'events' }] },
    {
      name: 'WITH t AS (SELECT * FROM t) reads the real table t',
      sql: 'WITH events AS (SELECT * FROM events WHERE a = 1) SELECT * FROM events',
      refs: [{ name: 'events', at: 'FROM events WHERE' }],
    },
    {
      name: 'sibling CTEs resolve in order',
      sql: 'WITH c1 AS (SELECT * FROM events), c2 AS (SELECT * FROM c1) SELECT * FROM c2 JOIN c1 USING (id)',
      refs: [{ name: 'events' }],
    },
    {
      name: 'a CTE used before it is defined is a table',
      sql: 'WITH a2 AS (SELECT * FROM alias1), alias1 AS (SELECT * FROM events) SELECT * FROM a2',
      refs: [{ name: 'alias1', at: 'FROM alias1' }, { name: 'events' }],
    },
    {
      name: 'WITH expr AS x is scoped',
      sql: "WITH toDate('2024-01-01') AS d, 1 AS x SELECT * FROM events WHERE day = d AND x IN x",
      refs: [{ name: 'events' }],
    },
    {
      name: 'WITH expr AS x before a FROM-first query',
      sql: "WITH toDate('2024-01-01') AS d FROM events JOIN users USING (id) SELECT * WHERE day = d",
      refs: [{ name: 'events' }, { name: 'users', site: 'join' }],
    },
    {
      name: 'WITH (scalar subquery) AS x reads the subquery and scopes x',
      sql: 'WITH (SELECT max(v) FROM limits) AS mx SELECT * FROM events WHERE v = mx',
      refs: [{ name: 'limits' }, { name: 'events' }],
    },
    {
      name: 'CTE visible in nested subqueries',
      sql: 'WITH c AS (SELECT * FROM events) SELECT * FROM (SELECT * FROM c) AS s WHERE s.k IN (SELECT k FROM c) AND s.j IN c',
      refs: [{ name: 'events' }],
    },
    {
      name: 'CTE of a subquery is not visible outside it',
      sql: 'SELECT * FROM (WITH c AS (SELECT 1 FROM events) SELECT * FROM c) AS s JOIN c USING (id)',
      refs: [{ name: 'events' }, { name: 'c', at: 'JOIN c', site: 'join' }],
    },
    {
      name: 'CTE shared across UNION ALL',
      sql: 'WITH c AS (SELECT * FROM events) SELECT * FROM c UNION ALL SELECT * FROM c',
      refs: [{ name: 'events' }],
    },
    {
      name: 'a db-qualified name is never a CTE',
      sql: 'WITH events AS (SELECT 1) SELECT * FROM analytics.events',
      refs: [{ name: 'events', database: 'analytics', at: 'analytics.events' }],
    },
    {
      name: 'recursive CTE name is not a table',
      sql: 'WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT * FROM r JOIN events ON 1',
      refs: [{ name: 'events', site: 'join' }],
    },
    {
      name: 'multi-line CTEs',
      sql: 'WITH\n        c AS (\n            SELECT *\n            FROM events\n        )\n    SELECT *\n    FROM c\n    INNER JOIN users AS u ON u.id = c.uid',
      refs: [{ name: 'events' }, { name: 'users', site: 'join' }],
    },
  ])('$name', (c) => run(c));
});

describe('set operations', () => {
  test.for<Case>([
    {
      name: 'UNION ALL / UNION DISTINCT / UNION',
      sql: 'SELECT a FROM t1 UNION ALL SELECT a FROM t2 UNION DISTINCT SELECT a FROM t3 UNION SELECT a FROM t4',
      refs: [{ name: 't1' }, { name: 't2' }, { name: 't3' }, { name: 't4' }],
    },
    { name: 'INTERSECT', sql: 'SELECT a FROM t1 INTERSECT SELECT a FROM t2', refs: [{ name: 't1' }, { name: 't2' }] },
    { name: 'EXCEPT', sql: 'SELECT a FROM t1 EXCEPT SELECT a FROM t2', refs: [{ name: 't1' }, { name: 't2' }] },
    { name: 'EXCEPT DISTINCT', sql: 'SELECT a FROM t1 EXCEPT DISTINCT SELECT a FROM t2', refs: [{ name: 't1' }, { name: 't2' }] },
    {
      name: 'parenthesised set operands',
      sql: '(SELECT a FROM t1) UNION ALL (SELECT a FROM t2) EXCEPT (SELECT a FROM t3)',
      refs: [{ name: 't1' }, { name: 't2' }, { name: 't3' }],
    },
    { name: '* EXCEPT (cols) is a column transformer', sql: 'SELECT * EXCEPT (a, b) FROM t1 WHERE c IN t2', refs: [{ name: 't1' }, { name: 't2', site: 'in' }] },
    { name: '* EXCEPT col is a column transformer', sql: 'SELECT * EXCEPT secret FROM t1', refs: [{ name: 't1' }] },
    {
      name: 'table.* EXCEPT (cols) REPLACE (…)',
      sql: 'SELECT e.* EXCEPT (a) REPLACE (lower(b) AS b) FROM t1 AS e',
      refs: [{ name: 't1' }],
    },
  ])('$name', (c) => run(c));
});

describe('IN, EXISTS and scalar subqueries', () => {
  test.for<Case>([
    { name: 'IN table', sql: 'SELECT * FROM events WHERE uid IN users', refs: [{ name: 'events' }, { name: 'users', site: 'in' }] },
    {
      name: 'NOT IN db.t',
      sql: 'SELECT * FROM events WHERE uid NOT IN analytics.bots',
      refs: [{ name: 'events' }, { name: 'bots', database: 'analytics', site: 'in' }],
    },
    { name: 'GLOBAL IN t', sql: 'SELECT * FROM events WHERE uid GLOBAL IN users', refs: [{ name: 'events' }, { name: 'users', site: 'in' }] },
    { name: 'GLOBAL NOT IN `t`', sql: 'SELECT * FROM events WHERE uid GLOBAL NOT IN `users`', refs: [{ name: 'events' }, { name: 'users', site: 'in', quote: '`' }] },
    { name: 'IN (SELECT …)', sql: 'SELECT * FROM events WHERE uid IN (SELECT id FROM users)', refs: [{ name: 'events' }, { name: 'users' }] },
    { name: 'IN ((SELECT …))', sql: 'SELECT * FROM events WHERE uid IN ((SELECT id FROM users))', refs: [{ name: 'events' }, { name: 'users' }] },
    { name: 'IN (1, 2) is no reference', sql: "SELECT * FROM events WHERE a IN (1, 2) AND b IN ('x') AND c IN tuple(1)", refs: [{ name: 'events' }] },
    { name: 'IN array literal', sql: 'SELECT * FROM events WHERE a IN [1, 2]', refs: [{ name: 'events' }] },
    { name: 'tuple IN (SELECT …)', sql: 'SELECT * FROM events WHERE (a, b) IN (SELECT a, b FROM pairs)', refs: [{ name: 'events' }, { name: 'pairs' }] },
    { name: 'EXISTS (…)', sql: 'SELECT * FROM events WHERE EXISTS (SELECT 1 FROM users WHERE id = uid)', refs: [{ name: 'events' }, { name: 'users' }] },
    { name: 'NOT EXISTS(…)', sql: 'SELECT * FROM events WHERE NOT EXISTS(SELECT 1 FROM bots)', refs: [{ name: 'events' }, { name: 'bots' }] },
    {
      name: 'scalar subquery in the SELECT list',
      sql: 'SELECT (SELECT max(ts) FROM sessions) AS latest, a FROM events',
      refs: [{ name: 'sessions' }, { name: 'events' }],
    },
    {
      name: 'scalar subquery inside a function call',
      sql: 'SELECT round(100 * c / (SELECT count() FROM totals), 2) AS pct FROM events',
      refs: [{ name: 'totals' }, { name: 'events' }],
    },
    {
      name: 'scalar subquery in WHERE and HAVING',
      sql: 'SELECT k, count() AS n FROM events WHERE v > (SELECT avg(v) FROM stats) GROUP BY k HAVING n > (SELECT min(n) FROM floor_t)',
      refs: [{ name: 'events' }, { name: 'stats' }, { name: 'floor_t' }],
    },
    {
      name: 'subquery in PREWHERE, ORDER BY and LIMIT BY clauses',
      sql: 'SELECT * FROM events PREWHERE a IN (SELECT a FROM t2) ORDER BY x LIMIT 1 BY id SETTINGS max_threads = 2',
      refs: [{ name: 'events' }, { name: 't2' }],
    },
  ])('$name', (c) => run(c));
});

describe('functions naming tables in string literals', () => {
  test.for<Case>([
    {
      name: "joinGet('ds', …) (range inside the quotes)",
      sql: "SELECT joinGet('songs_join', 'title', id) AS title FROM plays",
      refs: [{ name: 'songs_join', site: 'joinGet', quote: "'" }, { name: 'plays' }],
    },
    {
      name: "joinGetOrNull('db.ds', …)",
      sql: "SELECT joinGetOrNull('shared.songs_join', 'title', id) FROM plays",
      refs: [{ name: 'songs_join', database: 'shared', site: 'joinGet', quote: "'" }, { name: 'plays' }],
    },
    {
      name: "dictGet('dict', …)",
      sql: "SELECT dictGet('countries_dict', 'name', code) FROM plays",
      refs: [{ name: 'countries_dict', site: 'dictGet', quote: "'" }, { name: 'plays' }],
    },
    {
      name: 'dictGetOrDefault, dictGetString and dictHas',
      sql: "SELECT dictGetOrDefault('d1', 'n', k, 'x'), dictGetString('d2', 'n', k) FROM plays WHERE dictHas('d3', k)",
      refs: [
        { name: 'd1', site: 'dictGet', quote: "'" }, { name: 'd2', site: 'dictGet', quote: "'" }, { name: 'plays' },
        { name: 'd3', site: 'dictGet', quote: "'" },
      ],
    },
    {
      name: 'joinGet with a computed first argument is no reference',
      sql: "SELECT joinGet(concat('a', 'b'), 'v', k) FROM plays",
      refs: [{ name: 'plays' }],
    },
    {
      name: 'a string that is not the first argument of those functions is no reference',
      sql: "SELECT lower('songs_join'), has(['x'], 'y') FROM plays",
      refs: [{ name: 'plays' }],
    },
  ])('$name', (c) => run(c));
});

describe('template TABLE() calls, branches and dynamic names', () => {
  test.for<Case>([
    {
      name: "{{ TABLE('x') }}",
      sql: "SELECT * FROM {{ TABLE('events') }}",
      refs: [{ name: 'events', site: 'table()', quote: "'" }],
    },
    {
      name: '{{ table("x") }}',
      sql: 'SELECT * FROM {{ table("events") }} AS e',
      refs: [{ name: 'events', site: 'table()', quote: '"' }],
    },
    {
      name: "{{ TABLE('db.x') }} splits the database off",
      sql: "SELECT * FROM {{ TABLE('shared.events') }}",
      refs: [{ name: 'events', database: 'shared', site: 'table()', quote: "'" }],
    },
    {
      name: "TABLE('a' + b) is dynamic: the literal is not the whole argument",
      sql: "SELECT * FROM {{ TABLE('events_' + suffix) }}",
      refs: [],
      dynamic: [{ text: "TABLE('events_' + suffix)" }],
    },
    {
      name: 'TABLE() in a {% set %} statement counts too',
      sql: "{% set src = TABLE('events') %} SELECT * FROM {{ src }}",
      refs: [{ name: 'events', site: 'table()', quote: "'" }],
      dynamic: [{ text: '{{ src }}' }],
    },
    {
      name: 'TABLE() anywhere in a template expression',
      sql: "SELECT * FROM events WHERE id IN (SELECT id FROM {{ TABLE('users') }})",
      refs: [{ name: 'events' }, { name: 'users', site: 'table()', quote: "'" }],
    },
    {
      name: 'FROM {% if %} t1 {% elif %} t2 {% else %} t3 {% end %}: every branch, conditional',
      sql: 'SELECT * FROM {% if a %} t1 {% elif b %} t2 {% else %} t3 {% end %} WHERE x IN t4',
      refs: [
        { name: 't1', conditional: true }, { name: 't2', conditional: true }, { name: 't3', conditional: true },
        { name: 't4', site: 'in' },
      ],
    },
    {
      name: 'aliases inside branches',
      sql: 'SELECT * FROM {% if a %} t1 AS x {% else %} db.t2 x {% end %} JOIN t3 ON 1',
      refs: [
        { name: 't1', conditional: true }, { name: 't2', database: 'db', conditional: true }, { name: 't3', site: 'join' },
      ],
    },
    {
      name: 'a whole table list in each branch',
      sql: 'SELECT * FROM {% if a %} t1 JOIN t2 ON t1.x = t2.x {% else %} t3 {% end %} WHERE y IN t4',
      refs: [
        { name: 't1', at: 'FROM {% if a %} t1', conditional: true }, { name: 't2', at: 'JOIN t2', site: 'join', conditional: true },
        { name: 't3', conditional: true }, { name: 't4', site: 'in' },
      ],
    },
    {
      name: 'nested blocks inside a branch of a table list',
      sql: 'SELECT * FROM {% if a %} t1 {% if b %} LEFT JOIN t2 ON t1.x = t2.x {% if c %} AND t2.y IN t4 {% end %} {% end %} {% elif d %} t3, t5 {% end %} JOIN t6 USING (x)',
      refs: [
        { name: 't1', at: '{% if a %} t1', conditional: true }, { name: 't2', at: 'JOIN t2', site: 'join', conditional: true },
        { name: 't4', site: 'in', conditional: true }, { name: 't3', conditional: true }, { name: 't5', conditional: true },
        { name: 't6', site: 'join' },
      ],
    },
    {
      name: 'JOIN {% if %} t1 {% else %} t2 {% end %}',
      sql: 'SELECT * FROM t0 JOIN {% if a %} t1 {% else %} t2 {% end %} AS j USING (x) WHERE 1',
      refs: [{ name: 't0' }, { name: 't1', site: 'join', conditional: true }, { name: 't2', site: 'join', conditional: true }],
    },
    {
      name: 'JOIN inside {% if %}; references outside the branch are not conditional',
      sql: 'SELECT * FROM t0 {% if defined(u) %} LEFT JOIN t1 ON t0.x = t1.x {% end %} WHERE y IN (SELECT y FROM t2)',
      refs: [{ name: 't0', at: 'FROM t0' }, { name: 't1', at: 'JOIN t1', site: 'join', conditional: true }, { name: 't2' }],
    },
    {
      name: 'subquery inside an {% if %} in WHERE',
      sql: 'SELECT * FROM t0 WHERE 1 {% if defined(x) %} AND k IN (SELECT k FROM t1) {% end %} AND j IN t2',
      refs: [{ name: 't0' }, { name: 't1', conditional: true }, { name: 't2', site: 'in' }],
    },
    {
      name: '{% for %} bodies are conditional',
      sql: 'SELECT * FROM t0 WHERE 1 {% for v in vals %} OR k IN (SELECT k FROM t1) {% end %}',
      refs: [{ name: 't0' }, { name: 't1', conditional: true }],
    },
    {
      name: '{% if %} SELECT … {% else %} SELECT … {% end %} share the CTEs',
      sql: 'WITH c AS (SELECT * FROM t0) {% if a %} SELECT * FROM c {% else %} SELECT * FROM c JOIN t1 USING (id) {% end %}',
      refs: [{ name: 't0' }, { name: 't1', site: 'join', conditional: true }],
    },
    {
      name: 'alternatives with their own WITH, and a FROM-first alternative',
      sql: 'SELECT * FROM ({% if a %} WITH c AS (SELECT * FROM t1) SELECT * FROM c {% elif b %} FROM t2 SELECT x {% else %} SELECT 1 FROM t3 {% end %}) WHERE k IN t4',
      refs: [{ name: 't1', conditional: true }, { name: 't2', conditional: true }, { name: 't3', conditional: true }, { name: 't4', site: 'in' }],
    },
    {
      name: 'FROM in each branch',
      sql: 'SELECT a {% if p %} FROM t1 {% else %} FROM t2 AS x {% end %} WHERE b IN t3',
      refs: [{ name: 't1', conditional: true }, { name: 't2', conditional: true }, { name: 't3', site: 'in' }],
    },
    {
      name: 'alternative queries in parentheses',
      sql: '({% if a %} SELECT * FROM t1 {% else %} SELECT * FROM t2 {% end %})',
      refs: [{ name: 't1', conditional: true }, { name: 't2', conditional: true }],
    },
    {
      name: '{% set %} before the query and template parameters in it',
      sql: "{% set n = Int32(limit, 10) %} SELECT * FROM t1 WHERE d >= {{ Date(start, '2024-01-01') }} LIMIT {{ n }}",
      refs: [{ name: 't1' }],
    },
    {
      name: "TABLE('x') in an {% if %} branch is conditional",
      sql: "SELECT * FROM {% if a %} {{ TABLE('t1') }} {% else %} t2 {% end %}",
      refs: [{ name: 't1', site: 'table()', quote: "'", conditional: true }, { name: 't2', conditional: true }],
    },
    {
      name: 'FROM {{ symbol(x) }} is dynamic',
      sql: "SELECT * FROM {{ symbol(source, 'events') }} JOIN t1 ON 1",
      refs: [{ name: 't1', site: 'join' }],
      dynamic: [{ text: "{{ symbol(source, 'events') }}" }],
    },
    {
      name: 'FROM events_{{ suffix }} is dynamic',
      sql: 'SELECT * FROM events_{{ suffix }} AS e WHERE 1',
      refs: [],
      dynamic: [{ text: 'events_{{ suffix }}' }],
    },
    {
      name: 'a name built from several template pieces is one dynamic site',
      sql: 'SELECT * FROM {{ db }}.events_{{ suffix }}_v2 AS e JOIN t1 ON 1',
      refs: [{ name: 't1', site: 'join' }],
      dynamic: [{ text: '{{ db }}.events_{{ suffix }}_v2' }],
    },
    {
      name: 'db.{{ name }} is dynamic, not a reference to db',
      sql: 'SELECT * FROM analytics.{{ name }} WHERE 1',
      refs: [],
      dynamic: [{ text: 'analytics.{{ name }}' }],
    },
    {
      name: 'FROM $SOURCE is dynamic',
      sql: 'SELECT * FROM $SOURCE WHERE a IN t1',
      refs: [{ name: 't1', site: 'in' }],
      dynamic: [{ text: '$SOURCE' }],
    },
    {
      name: 'FROM ${SOURCE} is dynamic',
      sql: 'SELECT * FROM ${SOURCE}',
      refs: [],
      dynamic: [{ text: '${SOURCE}' }],
    },
    {
      name: 'TABLE(var) is dynamic',
      sql: 'SELECT * FROM {{ TABLE(source_name) }}',
      refs: [],
      dynamic: [{ text: 'TABLE(source_name)' }],
    },
    {
      name: 'dynamic names in a branch are conditional',
      sql: 'SELECT * FROM {% if a %} {{ symbol(x) }} {% else %} t1 {% end %}',
      refs: [{ name: 't1', conditional: true }],
      dynamic: [{ text: '{{ symbol(x) }}', conditional: true }],
    },
    {
      name: "joinGet('{{ x }}', …) is dynamic",
      sql: "SELECT joinGet('{{ x }}_join', 'v', k) FROM t1",
      refs: [{ name: 't1' }],
      dynamic: [{ text: "'{{ x }}_join'" }],
    },
  ])('$name', (c) => run(c));
});

describe('FROM that is not a table position, comments and strings', () => {
  test.for<Case>([
    { name: 'EXTRACT(YEAR FROM d)', sql: 'SELECT EXTRACT(YEAR FROM d) AS y FROM events', refs: [{ name: 'events' }] },
    { name: 'substring(s FROM 2)', sql: 'SELECT substring(s FROM 2 FOR 3) FROM events', refs: [{ name: 'events' }] },
    { name: "trim(BOTH ' ' FROM s)", sql: "SELECT trim(BOTH ' ' FROM s) FROM events", refs: [{ name: 'events' }] },
    { name: 'EXTRACT in WHERE', sql: 'SELECT * FROM events WHERE EXTRACT(DAY FROM ts) = 1', refs: [{ name: 'events' }] },
    {
      name: 'ORDER BY … WITH FILL FROM … TO … STEP',
      sql: 'SELECT d, c FROM events ORDER BY d WITH FILL FROM start_d TO end_d STEP 1 UNION ALL SELECT d, c FROM t2',
      refs: [{ name: 'events' }, { name: 't2' }],
    },
    {
      name: 'WITH FILL inside a subquery, then IN table',
      sql: 'SELECT * FROM (SELECT d FROM events ORDER BY d WITH FILL STEP 1) AS s WHERE d IN t2',
      refs: [{ name: 'events' }, { name: 't2', site: 'in' }],
    },
    {
      name: 'GROUP BY … WITH ROLLUP / WITH TOTALS keep the query and its CTEs',
      sql: 'WITH c AS (SELECT * FROM t0) SELECT k FROM c GROUP BY k WITH TOTALS UNION ALL SELECT k FROM c GROUP BY k WITH ROLLUP',
      refs: [{ name: 't0' }],
    },
    {
      name: 'FROM in strings and comments is ignored',
      sql: "SELECT 'FROM x1' AS s, \"col\" FROM events -- FROM x2\n    /* FROM x3 JOIN x4 */ WHERE s != 'JOIN x5'",
      refs: [{ name: 'events' }],
    },
    {
      name: 'template comments are ignored',
      sql: 'SELECT * FROM events {# FROM x1 #} WHERE 1',
      refs: [{ name: 'events' }],
    },
    {
      name: 'interval arithmetic and lambdas',
      sql: 'SELECT arrayMap(x -> x + 1, arr), now() - INTERVAL 1 DAY FROM events WHERE arrayExists(y -> y IN (1, 2), arr)',
      refs: [{ name: 'events' }],
    },
    {
      name: 'window functions and the WINDOW clause',
      sql: 'SELECT sum(a) OVER (PARTITION BY b ORDER BY c) FROM events WINDOW w AS (PARTITION BY b)',
      refs: [{ name: 'events' }],
    },
  ])('$name', (c) => run(c));
});

describe('fullRange', () => {
  test('covers database, dots and quotes', () => {
    const sql = 'SELECT * FROM `db`.`events` JOIN "x.users" ON 1';
    const { block, source } = sqlBlockOf(sql);
    const refs = extractSqlReferences(block).references;
    expect(refs.map((r) => source.slice(r.fullRange.start, r.fullRange.end))).toEqual(['`db`.`events`', '"x.users"']);
  });
  test("covers a TABLE('x') call", () => {
    const { block, source } = sqlBlockOf("SELECT * FROM {{ TABLE('events') }}");
    const [r] = extractSqlReferences(block).references;
    expect(source.slice(r!.fullRange.start, r!.fullRange.end)).toBe("TABLE('events')");
  });
});

describe('robustness', () => {
  test('deeply nested parentheses do not overflow the stack', () => {
    const depth = 5000;
    const sql = `SELECT * FROM ${'('.repeat(depth)}SELECT 1 FROM events${')'.repeat(depth)}`;
    const { block, source } = sqlBlockOf(sql);
    const result = extractSqlReferences(block);
    expectReferenceInvariants(result, source);
  });
  test('deeply nested subqueries in expressions do not overflow the stack', () => {
    const depth = 3000;
    const sql = `SELECT ${'(SELECT '.repeat(depth)}1${' FROM events)'.repeat(depth)}`;
    const { block, source } = sqlBlockOf(sql);
    expectReferenceInvariants(extractSqlReferences(block), source);
  });
  test.for([
    'SELECT * FROM', 'SELECT * FROM (', 'SELECT * FROM t JOIN', 'WITH', 'WITH c AS (', 'SELECT * FROM t WHERE x IN',
    ') ) SELECT', 'FROM', 'SELECT * FROM t AS', 'SELECT * FROM t SAMPLE', "SELECT joinGet('", 'SELECT * FROM t ARRAY JOIN',
  ])('incomplete query %j yields what it can', (sql) => {
    const source = `NODE n\nSQL >\n    ${sql}\n`;
    const block = parseDatafile(source, { fileName: 'p.pipe' }).pipe!.nodes[0]!.sql!;
    expectReferenceInvariants(extractSqlReferences(block), source);
  });
});
