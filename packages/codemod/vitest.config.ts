import { defineProject } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@tb-refs/source` export
// condition, so tests never run against a stale `dist/`. Vitest runs test files in Vite's SSR
// environment, whose conditions are `ssr.resolve.conditions` (not `resolve.conditions`); setting
// either replaces Vite's defaults, so those are listed again.
const conditions = ['@tb-refs/source', 'module', 'development|production'];

export default defineProject({
  resolve: { conditions: [...conditions, 'browser'] },
  ssr: { resolve: { conditions: [...conditions, 'node'] } },
  test: { name: 'codemod', include: ['test/**/*.test.ts'] },
});
