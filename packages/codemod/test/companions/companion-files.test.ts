import { describe, expect, test } from 'vitest';
import { companionRenames } from '../../src/companions/companion-files.js';
import { shellTestEdits } from '../../src/companions/shell-test.js';
import { testYamlEdits } from '../../src/companions/test-yaml.js';
import { applyTextEdits } from '../../src/text-edits.js';

const PIPE = { id: 'pipe:top', kind: 'pipe', name: 'top' } as const;
const DS = { id: 'datasource:events', kind: 'datasource', name: 'events' } as const;

describe('test YAML', () => {
  const yaml = (text: string, target: typeof PIPE | typeof DS = PIPE, to = 'best') => applyTextEdits(text, testYamlEdits('tests/t.yaml', text, target, to));

  test('pipe names in every form, with CRLF and comments kept', () => {
    const input = '- a:\r\n    pipe: top # the endpoint\r\n- b:\r\n    pipe:\r\n      name: "top"\r\n      params: {top: 1}\r\n- pipe: \'top\'\r\n  tests:\r\n    - coverage:\r\n';
    expect(yaml(input)).toBe(input.replaceAll('pipe: top', 'pipe: best').replace('name: "top"', 'name: "best"').replace("pipe: 'top'", "pipe: 'best'"));
  });

  test('Forward test names, parameters and expected results are data, not pipe names', () => {
    const input = '- name: top\n  description: top\n  parameters: top=1\n  expected_result: |\n    pipe: top\n    {"top": 1}\n';
    expect(yaml(input)).toBe(input);
  });

  test('sql in block, plain and quoted scalars; only table positions change', () => {
    const input = '- t:\n    sql: |\n      SELECT top FROM events\n      WHERE x IN (SELECT id FROM events_quarantine)\n    max_time: 1\n- u:\n    sql: "SELECT * FROM events AS top"\n';
    expect(yaml(input, DS, 'hits')).toBe(input.replace('top FROM events\n', 'top FROM hits\n').replace('events_quarantine', 'hits_quarantine').replace('FROM events AS', 'FROM hits AS'));
  });
});

describe('shell tests', () => {
  const shell = (text: string, target: typeof PIPE | typeof DS = PIPE, to = 'best') => applyTextEdits(text, shellTestEdits('tests/t.test', text, target, to));

  test('the resource argument of tb commands, with a VERSION suffix', () => {
    expect(shell('tb pipe data top__v${TB_VERSION:-0} --format CSV\ntb --semver 1.0.0 pipe data top --param top=1\necho top\n'))
      .toBe('tb pipe data best__v${TB_VERSION:-0} --format CSV\ntb --semver 1.0.0 pipe data best --param top=1\necho top\n');
  });

  test('SQL given to tb sql', () => {
    expect(shell('tb sql "SELECT count() FROM events WHERE events > 0"\n', DS, 'hits')).toBe('tb sql "SELECT count() FROM hits WHERE events > 0"\n');
  });
});

describe('files named after the resource', () => {
  test('fixtures and tests move; look-alikes stay', () => {
    const paths = [
      'fixtures/events.csv', 'fixtures/events_old.csv', 'datasources/fixtures/events.ndjson', 'datasources/fixtures/events.parquet',
      'tests/events.yaml', 'tests/events.test', 'tests/events.test.result', 'docs/events.csv', 'fixtures/events.txt',
    ];
    expect(companionRenames(paths, 'datasources/events.datasource', 'events', 'hits').map((r) => `${r.from} → ${r.to} (${r.reason})`)).toEqual([
      'fixtures/events.csv → fixtures/hits.csv (fixture)',
      'datasources/fixtures/events.ndjson → datasources/fixtures/hits.ndjson (fixture)',
      'datasources/fixtures/events.parquet → datasources/fixtures/hits.parquet (fixture)',
      'tests/events.yaml → tests/hits.yaml (test)',
      'tests/events.test → tests/hits.test (test)',
      'tests/events.test.result → tests/hits.test.result (test)',
    ]);
  });
});
