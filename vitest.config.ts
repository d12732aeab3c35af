import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // test/workers/ runs in workerd: vitest.workers.config.ts.
    exclude: ['test/workers/**', 'node_modules/**'],
    // D1's limit of 100 bound parameters per statement, enforced on better-sqlite3 too (see the file).
    setupFiles: ['test/support/d1-limits.ts'],
    // End-to-end flows start servers and SQLite files; two cores are plenty for this many workers.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
