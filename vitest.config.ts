import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** crashsim's package names resolve to the sources in this repository, as tsconfig.json's paths say. */
const PACKAGE_ENTRIES: Readonly<Record<string, string>> = {
  crashsim: 'src/index.ts',
  'crashsim/sim': 'sim/index.ts',
  'crashsim/scenarios': 'scenarios/index.ts',
  'crashsim/vitest': 'integrations/vitest.ts',
  'crashsim/fast-check': 'integrations/fast-check.ts',
};

export default defineConfig({
  resolve: {
    alias: Object.entries(PACKAGE_ENTRIES).map(([name, path]) => ({
      find: new RegExp(`^${name.replace('/', '\\/')}$`),
      replacement: fileURLToPath(new URL(`./${path}`, import.meta.url)),
    })),
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and campaigns are CPU-bound; the CI machine has 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // `npm test` runs with --coverage and fails below these floors; a run of a few test files
    // (`npx vitest run test/wal`) collects nothing and checks nothing.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'sim/**/*.ts', 'scenarios/**/*.ts'],
      reportsDirectory: 'reports/coverage',
      reporter: ['text-summary', 'json-summary'],
      thresholds: { statements: 92, branches: 87 },
    },
  },
});
