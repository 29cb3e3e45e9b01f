import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tb-refs/source'] },
  test: { name: 'e2e', include: ['**/*.test.ts'], exclude: ['**/node_modules/**'] },
});
