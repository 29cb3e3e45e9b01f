import { describe, expect, it } from 'vitest';
import { isIgnoredPath, matchesGlob } from '../src/glob.js';

describe('matchesGlob', () => {
  it.for([
    ['endpoints/*.pipe', 'endpoints/top.pipe', true],
    ['endpoints/*.pipe', 'endpoints/v2/top.pipe', false],
    ['endpoints/**', 'endpoints/v2/top.pipe', true],
    ['endpoints/', 'endpoints/v2/top.pipe', true],
    ['**/*.pipe', 'top.pipe', true],
    ['**/*.pipe', 'a/b/top.pipe', true],
    ['**/*.pipe', 'a/b/top.datasource', false],
    ['a/**/b.pipe', 'a/b.pipe', true],
    ['a/**/b.pipe', 'a/x/y/b.pipe', true],
    ['*.{pipe,datasource}', 'x.datasource', true],
    ['*.{pipe,datasource}', 'x.incl', false],
    ['{pipes,endpoints/{v1,v2}}/*.pipe', 'endpoints/v2/a.pipe', true],
    ['{pipes,endpoints/{v1,v2}}/*.pipe', 'endpoints/v3/a.pipe', false],
    ['?.pipe', 'a.pipe', true],
    ['?.pipe', 'ab.pipe', false],
    ['[ab].pipe', 'b.pipe', true],
    ['[!ab].pipe', 'b.pipe', false],
    ['./pipes/*.pipe', 'pipes/a.pipe', true],
    ['pipes/a+b(1).pipe', 'pipes/a+b(1).pipe', true],
    ['pipes/a.pipe', 'pipes/aXpipe', false],
  ] as const)('%s ~ %s → %s', ([pattern, path, expected]) => {
    expect(matchesGlob(path, pattern)).toBe(expected);
  });
});

describe('isIgnoredPath', () => {
  it('matches the path or one of its folders', () => {
    expect(isIgnoredPath('vendor/ws/x.datasource', ['vendor'])).toBe(true);
    expect(isIgnoredPath('vendor/ws/x.datasource', ['vendor/*'])).toBe(true);
    expect(isIgnoredPath('pipes/x.pipe', ['vendor'])).toBe(false);
    expect(isIgnoredPath('pipes/x.pipe', ['**/x.pipe'])).toBe(true);
  });
});
