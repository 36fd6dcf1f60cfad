import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Test files are named by kind: *.unit.test.ts need no services; *.int.test.ts and *.e2e.test.ts
// talk to the real services, which the global setup provisions and starts (idempotently).

/**
 * Files that must not run beside other files: they stop a shared service (Kafka), use the shared
 * defaults (database, task queue, topic, health ports), or hand Mailpit duplicate Message-IDs, which
 * the soak's mail check (run beside the others) counts. They run one at a time after all the others.
 */
const ALONE = [
  'test/relay/kafka-outage.int.test.ts',
  'test/ops/processes.e2e.test.ts',
  'test/ops/tracing.e2e.test.ts',
  'test/ops/tracing-kafka.e2e.test.ts',
  'test/demo/shutdown.e2e.test.ts',
  'test/mail/mail.int.test.ts',
  'test/soak/mailpit-inbox.int.test.ts',
];

/**
 * The slowest files, slowest first (a fresh clone has no durations cached): started first, they do not
 * end up running alone at the end while the other worker has nothing left to take.
 */
const SLOWEST = [
  'test/workflows/worker-restart.int.test.ts',
  'test/soak/soak.e2e.test.ts',
  'test/web/ale-cycle-browser.e2e.test.ts',
  'test/workflows/concurrent-decisions.int.test.ts',
  'test/web/task-forms.e2e.test.ts',
  'test/api/schemathesis.e2e.test.ts',
  'test/projections/verify-under-kill.int.test.ts',
  'test/web/closing-forms.e2e.test.ts',
  'test/workflows/replay.unit.test.ts',
  'test/web/owner-auditor.e2e.test.ts',
  'test/web/annual-cycle.e2e.test.ts',
  'test/eventstore/tamper.int.test.ts',
  'test/workflows/timer-race.int.test.ts',
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const at = SLOWEST.indexOf(relative(process.cwd(), f.moduleId).replaceAll('\\', '/'));
      return at === -1 ? SLOWEST.length : at;
    };
    const group = (f: TestSpecification) => f.project.config.sequence.groupOrder;
    // Stable: the other files keep the base order (by cached duration, else by size).
    return (await super.sort(files)).sort((a, b) => group(a) - group(b) || rank(a) - rank(b));
  }
}

// Two files at once: most service-backed files wait (on Temporal, Postgres, the browser) more than they
// compute, so two fit on the 2-core CI machine. Each has its own database, task queue, topic, ports and,
// on the shared dev server, namespace; a municipality's history is read as its chain's committed prefix,
// which no other database's open transaction holds back (application/history.ts).
// ARSHJUL_TEST_WORKERS=1 runs every file one at a time again (a machine that is busy with other work).
const WORKERS = Number(process.env.ARSHJUL_TEST_WORKERS) || 2;
const serviceBacked = {
  globalSetup: ['test/support/global-setup.ts'],
  setupFiles: ['test/support/temporal-runtime.ts'],
  testTimeout: 120_000,
  hookTimeout: 300_000,
};

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.unit.test.ts'],
          exclude: ['node_modules/**', '.arshjul/**'],
          // Beside the service-backed files (same group, same worker count).
          maxWorkers: WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'int',
          include: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
          exclude: ['node_modules/**', '.arshjul/**', ...ALONE],
          ...serviceBacked,
          maxWorkers: WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'int-alone',
          include: ALONE,
          ...serviceBacked,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
