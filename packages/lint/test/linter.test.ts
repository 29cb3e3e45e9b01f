import { ConfigError, InternalError } from '@tb-refs/core';
import { describe, expect, it } from 'vitest';
import { defineRule } from '../src/define-rule.js';
import { lintProject } from '../src/linter.js';
import type { AnyRule, RuleListener } from '../src/rule.js';
import { projectOf } from './helpers/project.js';
import { registry, wordRule } from './helpers/test-rules.js';

const pipe = 'NODE n\nSQL >\n    SELECT bad FROM t\n';

/** A file rule whose `create` returns `listener` (or throws). */
function ruleWith(id: string, create: (report: (d: object) => void, graph: () => unknown) => RuleListener, scope: 'file' | 'project' = 'file'): AnyRule {
  return defineRule({
    id,
    meta: { type: 'problem', category: 'correctness', scope, defaultSeverity: 'error', description: 'Test', fixable: false, messages: { m: 'M.' } },
    create: (context) => create((d) => context.report(d as never), () => context.graph),
  });
}

function crash(rule: AnyRule, files: Record<string, string> = { 'pipes/p.pipe': pipe }): InternalError {
  try {
    lintProject(projectOf(files), { rules: { [rule.id]: 'error' } }, { rules: { [rule.id]: rule } });
  } catch (error) {
    expect(error).toBeInstanceOf(InternalError);
    return error as InternalError;
  }
  throw new Error('expected an InternalError');
}

describe('crashing rules', () => {
  it('wraps an exception from create() with the rule and file, keeping the cause', () => {
    const cause = new TypeError('boom');
    const error = crash(ruleWith('explodes', () => { throw cause; }));
    expect(error.message).toBe('rule "explodes" crashed on pipes/p.pipe: boom');
    expect(error.cause).toBe(cause);
  });

  it('wraps an exception from a visitor', () => {
    expect(crash(ruleWith('explodes', () => ({ PipeNode: () => { throw new Error('late'); } }))).message).toBe('rule "explodes" crashed on pipes/p.pipe: late');
  });

  it('rejects a file rule that reads context.graph', () => {
    expect(crash(ruleWith('peeks', (_, graph) => ({ File: () => void graph() }))).message).toContain('rule "peeks" has scope "file" but read context.graph');
  });

  it.for([
    [{ messageId: 'nope', range: { start: 0, end: 1 } }, 'unknown messageId "nope"'],
    [{ messageId: 'm' }, 'report() needs a range or a loc'],
    [{ messageId: 'm', range: { start: 0, end: 1 }, fix: { range: [0, 1], text: '' } }, 'reported a fix but meta.fixable is false'],
  ] as const)('treats a malformed report as a crash: %j', ([descriptor, message]) => {
    expect(crash(ruleWith('bad-report', (report) => ({ File: () => report(descriptor) }))).message).toContain(message);
  });
});

describe('results', () => {
  const rules = registry(wordRule('rule-a', 'bad'), wordRule('rule-b', 'SELECT'), wordRule('rule-c', 'NODE'));

  it('one result per file, sorted by path, with sorted messages and counts', () => {
    const graph = projectOf({ 'pipes/z.pipe': pipe, 'pipes/a.pipe': `${pipe}    -- bad\n` });
    const results = lintProject(graph, { rules: { 'rule-a': 'error', 'rule-b': 'warn', 'rule-c': 'off' } }, { rules });
    expect(results.map((r) => r.filePath)).toEqual(['pipes/a.pipe', 'pipes/z.pipe']);
    expect(results[0]!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.severity}`)).toEqual([
      '3:5 rule-b warning',
      '3:12 rule-a error',
      '4:8 rule-a error',
    ]);
    expect(results[0]).toMatchObject({ errorCount: 2, warningCount: 1, fixableCount: 0, source: `${pipe}    -- bad\n` });
  });

  it('includes parse diagnostics', () => {
    const [r] = lintProject(projectOf({ 'pipes/p.pipe': 'SQL >\n    SELECT bad\n' }), { rules: { 'rule-a': 'error', 'rule-b': 'off' } }, { rules });
    expect(r!.messages.map((m) => `${m.line} ${m.ruleId}/${m.messageId}`)).toEqual(['1 parse-error/pipeWithoutNodes', '1 parse-error/sqlWithoutNode', '2 rule-a/found']);
    expect(r!.errorCount).toBe(3);
  });

  it('lints only the requested files, still reading the whole project', () => {
    const results = lintProject(projectOf({ 'pipes/a.pipe': pipe, 'pipes/b.pipe': pipe }), {}, { rules, files: ['pipes/b.pipe'] });
    expect(results.map((r) => r.filePath)).toEqual(['pipes/b.pipe']);
  });

  it('resolves related locations in other files', () => {
    const rule = ruleWith('points', (report) => ({
      File: () => report({ messageId: 'm', range: { start: 0, end: 4 }, related: [{ file: 'pipes/b.pipe', range: { start: 7, end: 10 }, message: 'there' }] }),
    }));
    const [r] = lintProject(projectOf({ 'pipes/a.pipe': pipe, 'pipes/b.pipe': pipe }), { rules: { points: 'error' } }, { rules: { points: rule }, files: ['pipes/a.pipe'] });
    expect(r!.messages[0]!.related).toEqual([{ file: 'pipes/b.pipe', line: 2, column: 1, message: 'there' }]);
  });

  it('throws ConfigError for an invalid config', () => {
    expect(() => lintProject(projectOf({}), { rules: { 'rule-a': 'loud' } } as never, { rules })).toThrow(ConfigError);
  });
});

describe('traversal', () => {
  it('visits in a fixed order with :exit callbacks', () => {
    const seen: string[] = [];
    const log = (key: string) => (node: { type?: string; name?: string; fileName?: string }) => seen.push(`${key} ${node.name ?? node.fileName ?? ''}`);
    const rule = ruleWith('order', () => ({
      File: log('File'), Directive: log('Directive'), Pipe: log('Pipe'), TokenGrant: log('TokenGrant'), PipeNode: log('PipeNode'),
      SqlBlock: log('SqlBlock'), 'PipeNode:exit': log('PipeNode:exit'), 'Pipe:exit': log('Pipe:exit'), 'File:exit': log('File:exit'),
    }));
    lintProject(projectOf({ 'pipes/p.pipe': 'TOKEN t READ\nNODE a\nSQL >\n    SELECT 1\n' }), { rules: { order: 'error' } }, { rules: { order: rule } });
    expect(seen).toEqual([
      'File pipes/p.pipe', 'Directive TOKEN', 'Directive NODE', 'Directive SQL', 'Pipe ', 'TokenGrant t', 'PipeNode a', 'SqlBlock ',
      'PipeNode:exit a', 'Pipe:exit ', 'File:exit pipes/p.pipe',
    ]);
  });
});
