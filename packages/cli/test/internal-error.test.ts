import { afterEach, expect, test, vi } from 'vitest';
import { main } from '../src/main.js';
import { CLEAN_PIPE, cleanupProjects, createFakeIo, createProject } from './helpers.js';

// The parser never throws on bad input, so a throw stands in for a bug in tb-refs.
vi.mock('@tb-refs/parser', () => ({
  parseDatafile: () => {
    throw new TypeError('boom');
  },
}));

afterEach(cleanupProjects);

test('an unexpected exception exits 2 with the stack and a request to report it', async () => {
  const root = createProject({ 'top_users.pipe': CLEAN_PIPE });
  const io = createFakeIo(root);
  expect(await main(['check'], io)).toBe(2);
  expect(io.out()).toBe('');
  expect(io.err()).toMatch(/^tb-refs: internal error: the parser crashed on top_users\.pipe\n/);
  expect(io.err()).toMatch(/Caused by:\nTypeError: boom\n\s+at /);
  expect(io.err()).toContain('Please report it');
});
