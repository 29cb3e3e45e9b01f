import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '@tb-refs/core';
import { describe, expect, test } from 'vitest';
import { REPORTERS } from '../src/lint-output/index.js';
import { escapeData, escapeProperty, githubReporter } from '../src/lint-output/github.js';
import { jsonReporter } from '../src/lint-output/json.js';
import type { LintFileReport, ReporterOptions, RuleInfo } from '../src/lint-output/lint-report.js';
import { MARKDOWN_MAX_ROWS, markdownReporter } from '../src/lint-output/markdown.js';
import { sarifReporter } from '../src/lint-output/sarif.js';
import { stylishReporter } from '../src/lint-output/stylish.js';
import { validateJsonSchema } from './json-schema.js';

const SARIF_SCHEMA = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'fixtures/sarif-schema-2.1.0.json'), 'utf8'),
) as Record<string, unknown>;

const RULES: Record<string, RuleInfo> = {
  'endpoint-reads-raw-datasource': {
    description: 'Disallow endpoints that read a raw landing datasource',
    defaultSeverity: 'warn',
    docsUrl: 'rules/endpoint-reads-raw-datasource.md',
    fixable: false,
  },
  'endpoint-token': { description: 'Require a TOKEN … READ line on every endpoint', defaultSeverity: 'off', docsUrl: 'rules/endpoint-token.md' },
  'parse-error': { description: 'Report datafiles that do not parse', defaultSeverity: 'error' },
  'replacing-merge-tree-version': {
    description: 'Require ENGINE_VER on ReplacingMergeTree',
    defaultSeverity: 'error',
    docsUrl: 'rules/replacing-merge-tree-version.md',
    fixable: false,
  },
  'unused-disable-directive': { description: 'Report tb-refs-disable directives that suppress nothing', defaultSeverity: 'off', fixable: true },
};

const options: ReporterOptions = { cwd: '/repo', color: false, rules: RULES, toolVersion: '0.1.0' };

const DATASOURCE = ['SCHEMA >', '    `id` String,', '    `updatedAt` DateTime', '', 'ENGINE ReplacingMergeTree', 'ENGINE_SORTING_KEY id', ''].join('\n');
const PIPE = ['NODE recent', 'SQL >', '    SELECT * FROM activities', '', '# tb-refs-disable-next-line no-cycle', 'TYPE endpoint', ''].join('\n');

function message(overrides: Partial<Diagnostic> & Pick<Diagnostic, 'ruleId' | 'file' | 'line' | 'column' | 'endColumn'>): Diagnostic {
  return { severity: 'error', message: 'Something is wrong.', endLine: overrides.line, ...overrides };
}

function report(filePath: string, source: string, messages: Diagnostic[], suppressed: Diagnostic[] = []): LintFileReport {
  const errors = messages.filter((m) => m.severity === 'error');
  const warnings = messages.filter((m) => m.severity === 'warning');
  return {
    filePath,
    source,
    messages,
    suppressedMessages: suppressed,
    errorCount: errors.length,
    warningCount: warnings.length,
    fixableErrorCount: errors.filter((m) => m.fix).length,
    fixableWarningCount: warnings.filter((m) => m.fix).length,
  };
}

const RMT = message({
  ruleId: 'replacing-merge-tree-version',
  messageId: 'missingVersion',
  message: 'ReplacingMergeTree "users" has no ENGINE_VER, so deduplication keeps an arbitrary row.',
  file: 'tinybird/datasources/users.datasource',
  line: 5,
  column: 1,
  endColumn: 26,
  help: 'Add `ENGINE_VER updatedAt`.',
});
const RAW = message({
  ruleId: 'endpoint-reads-raw-datasource',
  severity: 'warning',
  message: 'Endpoint "recent" reads the raw landing datasource "activities".',
  file: 'tinybird/endpoints/recent.pipe',
  line: 3,
  column: 19,
  endColumn: 29,
  related: [{ file: 'tinybird/datasources/activities.datasource', line: 1, column: 1, message: 'the raw datasource' }],
});
const UNUSED = message({
  ruleId: 'unused-disable-directive',
  message: 'Unused tb-refs-disable-next-line directive (no problems were reported from "no-cycle").',
  file: 'tinybird/endpoints/recent.pipe',
  line: 5,
  column: 1,
  endColumn: 37,
  fix: { range: [48, 85], text: '' },
  help: 'Remove the directive.',
});

const RESULTS: LintFileReport[] = [
  report('tinybird/datasources/activities.datasource', 'SCHEMA >\n', []),
  report('tinybird/datasources/users.datasource', DATASOURCE, [RMT]),
  report('tinybird/endpoints/recent.pipe', PIPE, [RAW, UNUSED]),
];

describe('stylish', () => {
  test('code frames grouped by file, docs links, summary and fixable count', () => {
    expect(stylishReporter(RESULTS, options)).toMatchInlineSnapshot(`
      "tinybird/datasources/users.datasource:5:1  error  ReplacingMergeTree "users" has no ENGINE_VER, so deduplication keeps an arbitrary row.  replacing-merge-tree-version
        3 |     \`updatedAt\` DateTime
        4 |
      > 5 | ENGINE ReplacingMergeTree
          | ^^^^^^^^^^^^^^^^^^^^^^^^^
        6 | ENGINE_SORTING_KEY id
        help: Add \`ENGINE_VER updatedAt\`.
        docs: rules/replacing-merge-tree-version.md

      tinybird/endpoints/recent.pipe:3:19  warning  Endpoint "recent" reads the raw landing datasource "activities".  endpoint-reads-raw-datasource
        1 | NODE recent
        2 | SQL >
      > 3 |     SELECT * FROM activities
          |                   ^^^^^^^^^^
        4 |
        5 | # tb-refs-disable-next-line no-cycle
        note: the raw datasource (tinybird/datasources/activities.datasource:1:1)
        docs: rules/endpoint-reads-raw-datasource.md

      tinybird/endpoints/recent.pipe:5:1  error  Unused tb-refs-disable-next-line directive (no problems were reported from "no-cycle").  unused-disable-directive
        3 |     SELECT * FROM activities
        4 |
      > 5 | # tb-refs-disable-next-line no-cycle
          | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        6 | TYPE endpoint
        help: Remove the directive.

      ✖ 3 problems (2 errors, 1 warning) in 2 files
        1 error and 0 warnings potentially fixable with the \`--fix\` option.
      "
    `);
  });

  test('an absolute docs base makes absolute doc links', () => {
    const out = stylishReporter(RESULTS, { ...options, docsBaseUrl: 'https://github.com/acme/tb-refs/blob/main/' });
    expect(out).toContain('docs: https://github.com/acme/tb-refs/blob/main/rules/replacing-merge-tree-version.md');
  });

  test('a clean run is one line', () => {
    expect(stylishReporter([RESULTS[0]!], options)).toBe('✔ 1 file linted, no problems\n');
  });

  test('colour on adds ANSI codes, colour off has none', () => {
    expect(stylishReporter(RESULTS, { ...options, color: true })).toContain('\u001b[');
    expect(stylishReporter(RESULTS, options)).not.toContain('\u001b[');
  });
});

describe('json', () => {
  test('ESLint-like file results with numeric severities (2 error, 1 warning)', () => {
    expect(jsonReporter(RESULTS, options)).toMatchInlineSnapshot(`
      "[
        {
          "filePath": "tinybird/datasources/activities.datasource",
          "messages": [],
          "suppressedMessages": [],
          "errorCount": 0,
          "warningCount": 0,
          "fixableErrorCount": 0,
          "fixableWarningCount": 0
        },
        {
          "filePath": "tinybird/datasources/users.datasource",
          "messages": [
            {
              "ruleId": "replacing-merge-tree-version",
              "severity": 2,
              "message": "ReplacingMergeTree \\"users\\" has no ENGINE_VER, so deduplication keeps an arbitrary row.",
              "messageId": "missingVersion",
              "line": 5,
              "column": 1,
              "endLine": 5,
              "endColumn": 26,
              "help": "Add \`ENGINE_VER updatedAt\`."
            }
          ],
          "suppressedMessages": [],
          "errorCount": 1,
          "warningCount": 0,
          "fixableErrorCount": 0,
          "fixableWarningCount": 0
        },
        {
          "filePath": "tinybird/endpoints/recent.pipe",
          "messages": [
            {
              "ruleId": "endpoint-reads-raw-datasource",
              "severity": 1,
              "message": "Endpoint \\"recent\\" reads the raw landing datasource \\"activities\\".",
              "line": 3,
              "column": 19,
              "endLine": 3,
              "endColumn": 29,
              "related": [
                {
                  "file": "tinybird/datasources/activities.datasource",
                  "line": 1,
                  "column": 1,
                  "message": "the raw datasource"
                }
              ]
            },
            {
              "ruleId": "unused-disable-directive",
              "severity": 2,
              "message": "Unused tb-refs-disable-next-line directive (no problems were reported from \\"no-cycle\\").",
              "line": 5,
              "column": 1,
              "endLine": 5,
              "endColumn": 37,
              "fix": {
                "range": [
                  48,
                  85
                ],
                "text": ""
              },
              "help": "Remove the directive."
            }
          ],
          "suppressedMessages": [],
          "errorCount": 1,
          "warningCount": 1,
          "fixableErrorCount": 1,
          "fixableWarningCount": 0
        }
      ]
      "
    `);
  });
});

describe('sarif', () => {
  test('one run with rule metadata and a result per message', () => {
    expect(sarifReporter(RESULTS, options)).toMatchInlineSnapshot(`
      "{
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
          {
            "tool": {
              "driver": {
                "name": "tb-refs",
                "version": "0.1.0",
                "semanticVersion": "0.1.0",
                "rules": [
                  {
                    "id": "endpoint-reads-raw-datasource",
                    "shortDescription": {
                      "text": "Disallow endpoints that read a raw landing datasource."
                    },
                    "help": {
                      "text": "See rules/endpoint-reads-raw-datasource.md in the tb-refs repository."
                    },
                    "defaultConfiguration": {
                      "level": "warning"
                    }
                  },
                  {
                    "id": "endpoint-token",
                    "shortDescription": {
                      "text": "Require a TOKEN … READ line on every endpoint."
                    },
                    "help": {
                      "text": "See rules/endpoint-token.md in the tb-refs repository."
                    },
                    "defaultConfiguration": {
                      "enabled": false
                    }
                  },
                  {
                    "id": "parse-error",
                    "shortDescription": {
                      "text": "Report datafiles that do not parse."
                    },
                    "defaultConfiguration": {
                      "level": "error"
                    }
                  },
                  {
                    "id": "replacing-merge-tree-version",
                    "shortDescription": {
                      "text": "Require ENGINE_VER on ReplacingMergeTree."
                    },
                    "help": {
                      "text": "See rules/replacing-merge-tree-version.md in the tb-refs repository."
                    },
                    "defaultConfiguration": {
                      "level": "error"
                    }
                  },
                  {
                    "id": "unused-disable-directive",
                    "shortDescription": {
                      "text": "Report tb-refs-disable directives that suppress nothing."
                    },
                    "defaultConfiguration": {
                      "enabled": false
                    },
                    "properties": {
                      "tags": [
                        "fixable"
                      ]
                    }
                  }
                ]
              }
            },
            "columnKind": "utf16CodeUnits",
            "results": [
              {
                "ruleId": "replacing-merge-tree-version",
                "ruleIndex": 3,
                "level": "error",
                "message": {
                  "text": "ReplacingMergeTree \\"users\\" has no ENGINE_VER, so deduplication keeps an arbitrary row.\\nAdd \`ENGINE_VER updatedAt\`."
                },
                "locations": [
                  {
                    "physicalLocation": {
                      "artifactLocation": {
                        "uri": "tinybird/datasources/users.datasource"
                      },
                      "region": {
                        "startLine": 5,
                        "startColumn": 1,
                        "endLine": 5,
                        "endColumn": 26
                      }
                    }
                  }
                ]
              },
              {
                "ruleId": "endpoint-reads-raw-datasource",
                "ruleIndex": 0,
                "level": "warning",
                "message": {
                  "text": "Endpoint \\"recent\\" reads the raw landing datasource \\"activities\\"."
                },
                "locations": [
                  {
                    "physicalLocation": {
                      "artifactLocation": {
                        "uri": "tinybird/endpoints/recent.pipe"
                      },
                      "region": {
                        "startLine": 3,
                        "startColumn": 19,
                        "endLine": 3,
                        "endColumn": 29
                      }
                    }
                  }
                ],
                "relatedLocations": [
                  {
                    "id": 0,
                    "physicalLocation": {
                      "artifactLocation": {
                        "uri": "tinybird/datasources/activities.datasource"
                      },
                      "region": {
                        "startLine": 1,
                        "startColumn": 1
                      }
                    },
                    "message": {
                      "text": "the raw datasource"
                    }
                  }
                ]
              },
              {
                "ruleId": "unused-disable-directive",
                "ruleIndex": 4,
                "level": "error",
                "message": {
                  "text": "Unused tb-refs-disable-next-line directive (no problems were reported from \\"no-cycle\\").\\nRemove the directive."
                },
                "locations": [
                  {
                    "physicalLocation": {
                      "artifactLocation": {
                        "uri": "tinybird/endpoints/recent.pipe"
                      },
                      "region": {
                        "startLine": 5,
                        "startColumn": 1,
                        "endLine": 5,
                        "endColumn": 37
                      }
                    }
                  }
                ]
              }
            ]
          }
        ]
      }
      "
    `);
  });

  test('validates against the SARIF 2.1.0 schema, with and without a docs base URL', () => {
    for (const docsBaseUrl of [undefined, 'https://github.com/acme/tb-refs/blob/main/']) {
      const log = JSON.parse(sarifReporter(RESULTS, { ...options, ...(docsBaseUrl ? { docsBaseUrl } : {}) })) as unknown;
      expect(validateJsonSchema(SARIF_SCHEMA, log)).toEqual([]);
    }
    expect(validateJsonSchema(SARIF_SCHEMA, JSON.parse(sarifReporter([], options)))).toEqual([]);
  });

  test('helpUri and informationUri are absolute when a docs base is given, absent otherwise', () => {
    const withBase = JSON.parse(sarifReporter(RESULTS, { ...options, docsBaseUrl: 'https://example.com/tb-refs/' })) as SarifLog;
    const driver = withBase.runs[0]!.tool.driver;
    expect(driver.informationUri).toBe('https://example.com/tb-refs/');
    expect(driver.rules.find((r) => r.id === 'replacing-merge-tree-version')?.helpUri).toBe('https://example.com/tb-refs/rules/replacing-merge-tree-version.md');
    expect(driver.rules.find((r) => r.id === 'parse-error')?.helpUri).toBeUndefined();
    const without = JSON.parse(sarifReporter(RESULTS, options)) as SarifLog;
    expect(without.runs[0]!.tool.driver.rules.every((r) => r.helpUri === undefined)).toBe(true);
  });

  test('paths that need it are percent-encoded; ruleIndex points at the rule; unknown ids get a descriptor', () => {
    const odd = message({ ruleId: 'made-up', file: 'dir with space/a#b:c.pipe', line: 1, column: 1, endColumn: 2 });
    const log = JSON.parse(sarifReporter([report('dir with space/a#b:c.pipe', 'x\n', [odd]), ...RESULTS], options)) as SarifLog;
    expect(validateJsonSchema(SARIF_SCHEMA, log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/a%23b%3Ac.pipe');
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  test('the schema fixture and validator catch what GitHub rejects', () => {
    const log = JSON.parse(sarifReporter(RESULTS, options)) as SarifLog;
    const bad = structuredClone(log) as unknown as { runs: { tool: { driver: { rules: { helpUri?: string }[] } }; results: { message?: unknown; level?: string }[] }[] };
    bad.runs[0]!.tool.driver.rules[0]!.helpUri = 'rules/endpoint-reads-raw-datasource.md';
    delete bad.runs[0]!.results[0]!.message;
    bad.runs[0]!.results[1]!.level = 'fatal';
    expect(validateJsonSchema(SARIF_SCHEMA, bad)).toEqual([
      '$.runs[0].tool.driver.rules[0].helpUri: "rules/endpoint-reads-raw-datasource.md" does not conform to the "uri" format',
      '$.runs[0].results[0]: missing required property "message"',
      '$.runs[0].results[1].level: expected one of ["none","note","warning","error"], found "fatal"',
    ]);
  });
});

describe('github', () => {
  test('one workflow command per problem', () => {
    expect(githubReporter(RESULTS, options)).toMatchInlineSnapshot(`
      "::error file=tinybird/datasources/users.datasource,line=5,col=1,endLine=5,endColumn=26,title=tb-refs(replacing-merge-tree-version)::ReplacingMergeTree "users" has no ENGINE_VER, so deduplication keeps an arbitrary row.%0AAdd \`ENGINE_VER updatedAt\`.
      ::warning file=tinybird/endpoints/recent.pipe,line=3,col=19,endLine=3,endColumn=29,title=tb-refs(endpoint-reads-raw-datasource)::Endpoint "recent" reads the raw landing datasource "activities".
      ::error file=tinybird/endpoints/recent.pipe,line=5,col=1,endLine=5,endColumn=37,title=tb-refs(unused-disable-directive)::Unused tb-refs-disable-next-line directive (no problems were reported from "no-cycle").%0ARemove the directive.
      "
    `);
  });

  test('escapes data (%, CR, LF) and properties (also : and ,) like the Actions toolkit', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
    const odd = message({ ruleId: 'parse-error', file: 'x/a,b:c.pipe', line: 2, column: 3, endColumn: 4, message: '50% of\nlines' });
    expect(githubReporter([report('x/a,b:c.pipe', '', [odd])], options)).toBe(
      '::error file=x/a%2Cb%3Ac.pipe,line=2,col=3,endLine=2,endColumn=4,title=tb-refs(parse-error)::50%25 of%0Alines\n',
    );
  });

  test('nothing to print when clean', () => {
    expect(githubReporter([RESULTS[0]!], options)).toBe('');
  });
});

describe('markdown', () => {
  test('summary, counts per rule and a table of findings', () => {
    expect(markdownReporter(RESULTS, options)).toMatchInlineSnapshot(`
      "### tb-refs lint

      ❌ 3 problems (2 errors, 1 warning) in 2 files.

      | rule | errors | warnings |
      | --- | ---: | ---: |
      | \`endpoint-reads-raw-datasource\` | 0 | 1 |
      | \`replacing-merge-tree-version\` | 1 | 0 |
      | \`unused-disable-directive\` | 1 | 0 |

      | severity | location | rule | message |
      | --- | --- | --- | --- |
      | ❌ error | [\`tinybird/datasources/users.datasource:5\`](tinybird/datasources/users.datasource#L5) | \`replacing-merge-tree-version\` | ReplacingMergeTree "users" has no ENGINE_VER, so deduplication keeps an arbitrary row. |
      | ⚠️ warning | [\`tinybird/endpoints/recent.pipe:3\`](tinybird/endpoints/recent.pipe#L3) | \`endpoint-reads-raw-datasource\` | Endpoint "recent" reads the raw landing datasource "activities". |
      | ❌ error | [\`tinybird/endpoints/recent.pipe:5\`](tinybird/endpoints/recent.pipe#L5) | \`unused-disable-directive\` | Unused tb-refs-disable-next-line directive (no problems were reported from "no-cycle"). |
      "
    `);
  });

  test('links rules and sources when absolute bases are given; escapes table cells', () => {
    const pipe = message({ ruleId: 'parse-error', file: 'a.pipe', line: 1, column: 1, endColumn: 2, message: 'a | b\n<c>' });
    const out = markdownReporter([report('a.pipe', '', [pipe]), ...RESULTS], {
      ...options,
      docsBaseUrl: 'https://example.com/tb-refs/',
      sourceBaseUrl: 'https://github.com/acme/app/blob/abc123/',
    });
    expect(out).toContain('| [`replacing-merge-tree-version`](https://example.com/tb-refs/rules/replacing-merge-tree-version.md) | 1 | 0 |');
    expect(out).toContain('| `parse-error` | 1 | 0 |');
    expect(out).toContain('[`tinybird/datasources/users.datasource:5`](https://github.com/acme/app/blob/abc123/tinybird/datasources/users.datasource#L5)');
    expect(out).toContain('| a \\| b<br>&lt;c&gt; |');
  });

  test(`caps the findings table at ${MARKDOWN_MAX_ROWS} rows`, () => {
    const many = Array.from({ length: MARKDOWN_MAX_ROWS + 7 }, (_, i) =>
      message({ ruleId: 'parse-error', file: 'a.pipe', line: i + 1, column: 1, endColumn: 2 }),
    );
    const out = markdownReporter([report('a.pipe', '', many)], options);
    expect(out.match(/^\| ❌ error \|/gm)).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(out).toMatch(/\n…and 7 more\.\n$/);
    expect(out).toContain('| `parse-error` | 57 | 0 |');
  });

  test('clean', () => {
    expect(markdownReporter([RESULTS[0]!], options)).toBe('### tb-refs lint\n\n✅ 1 file linted, no problems.\n');
  });
});

test('every reporter is pure: same input, same output, input untouched', () => {
  const before = JSON.stringify(RESULTS);
  for (const reporter of Object.values(REPORTERS)) expect(reporter(RESULTS, options)).toBe(reporter(RESULTS, options));
  expect(JSON.stringify(RESULTS)).toBe(before);
});

interface SarifLog {
  runs: {
    tool: { driver: { informationUri?: string; rules: { id: string; helpUri?: string }[] } };
    results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
  }[];
}

test('loadReporter loads the same reporters as REPORTERS', async () => {
  const { loadReporter } = await import('../src/lint-output/load-reporter.js');
  for (const [name, reporter] of Object.entries(REPORTERS)) expect(await loadReporter(name as keyof typeof REPORTERS)).toBe(reporter);
});
