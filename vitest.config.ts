import { defineConfig } from 'vitest/config';

// Test files are named by kind: *.unit.test.ts need no services; *.int.test.ts and *.e2e.test.ts
// talk to the real services, which the global setup provisions and starts (idempotently).
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.unit.test.ts'],
          exclude: ['node_modules/**', '.arshjul/**'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
          exclude: ['node_modules/**', '.arshjul/**'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/temporal-runtime.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Integration suites share one Postgres, Temporal and Kafka on a 2-core machine. One at a time
          // also because reads of the committed prefix (transaction_id < pg_snapshot_xmin) see every
          // database's open transactions: a file writing beside another hides that file's newest events
          // from it (two document tests failed with "no snapshot" when files ran two at a time).
          fileParallelism: false,
        },
      },
    ],
  },
});
