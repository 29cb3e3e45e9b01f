import { defineProject } from 'vitest/config';

// End-to-end tests run the CLI in-process from sources (the `@tb-refs/source` condition, see
// packages/parser/vitest.config.ts) and, where they spawn it, the built `dist/`.
const conditions = ['@tb-refs/source', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions: [...conditions, 'browser'] },
  ssr: { resolve: { conditions: [...conditions, 'node'] } },
  test: { name: 'e2e', include: ['**/*.test.ts'], exclude: ['**/node_modules/**', 'fixtures/**'], testTimeout: 60_000 },
});
