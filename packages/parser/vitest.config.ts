import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@tb-refs/source'] },
  test: { name: 'parser', include: ['test/**/*.test.ts'] },
});
