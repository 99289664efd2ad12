import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and campaigns are CPU-bound; the CI machine has 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'sim/**/*.ts', 'scenarios/**/*.ts'],
      reportsDirectory: 'reports/coverage',
    },
  },
});
