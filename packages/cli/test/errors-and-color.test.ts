import { InternalError, UsageError } from '@tb-refs/core';
import { describe, expect, test } from 'vitest';
import { shouldUseColor } from '../src/color.js';
import { renderError } from '../src/report-error.js';

describe('shouldUseColor', () => {
  test.for([
    { flag: undefined, isTTY: true, env: {}, expected: true },
    { flag: undefined, isTTY: false, env: {}, expected: false },
    { flag: false, isTTY: true, env: {}, expected: false },
    { flag: true, isTTY: false, env: { NO_COLOR: '1' }, expected: true },
    { flag: undefined, isTTY: true, env: { NO_COLOR: '1' }, expected: false },
    { flag: undefined, isTTY: true, env: { NO_COLOR: '' }, expected: true },
    { flag: undefined, isTTY: false, env: { FORCE_COLOR: '1' }, expected: true },
    { flag: undefined, isTTY: true, env: { FORCE_COLOR: '0' }, expected: true },
    { flag: undefined, isTTY: false, env: { FORCE_COLOR: '0' }, expected: false },
  ])('flag=$flag isTTY=$isTTY env=$env → $expected', ({ flag, isTTY, env, expected }) => {
    expect(shouldUseColor(flag, { isTTY, env })).toBe(expected);
  });
});

describe('renderError', () => {
  test('a known error is one line plus its cause, without a stack', () => {
    const error = new UsageError('path "x" cannot be read', { cause: new Error('EACCES: permission denied') });
    expect(renderError(error, '/work')).toBe('tb-refs: path "x" cannot be read\n  cause: EACCES: permission denied\n');
  });

  test('an unknown error shows its stack and cause chain, hides the cwd, and asks for a report', () => {
    const cause = new TypeError('cannot read properties of undefined');
    const error = new InternalError('the parser crashed on /work/a.pipe', { cause });
    const text = renderError(error, '/work');
    expect(text.split('\n')[0]).toBe('tb-refs: internal error: the parser crashed on <cwd>/a.pipe');
    expect(text).toMatch(/InternalError: the parser crashed[\s\S]*\n\s+at /);
    expect(text).toContain('Caused by:\nTypeError: cannot read properties of undefined');
    expect(text).toContain('Please report it');
    expect(text).not.toContain('/work/');
  });

  test('a thrown non-Error value is still reported', () => {
    expect(renderError('oops', '/work')).toMatch(/^tb-refs: internal error: oops\noops\n/);
  });
});
