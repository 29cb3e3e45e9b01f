import { defineProject } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@tb-refs/source` export
// condition (see packages/parser/vitest.config.ts for why both lists are set).
const conditions = ['@tb-refs/source', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions: [...conditions, 'browser'] },
  ssr: { resolve: { conditions: [...conditions, 'node'] } },
  test: { name: 'core', include: ['test/**/*.test.ts'] },
});
