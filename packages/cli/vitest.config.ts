import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tb-refs/source'] },
  test: { name: 'cli', include: ['test/**/*.test.ts'] },
});
