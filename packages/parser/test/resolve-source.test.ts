import { LineIndex } from '@tb-refs/core';
import { expect, test } from 'vitest';
import { LineIndex as LineIndexFromSource } from '../../core/src/index.js';

// vitest.config.ts sets the `@tb-refs/source` export condition so that workspace packages are
// read from their TypeScript sources, never from a stale dist/. Vitest runs tests in Vite's SSR
// environment, so the condition has to be in `ssr.resolve.conditions`.
test('@tb-refs/core resolves to its source, not to dist', () => {
  expect(LineIndex).toBe(LineIndexFromSource);
});
