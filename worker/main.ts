import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { loggingNotifier } from '../activities/notifier';
import { EventStore } from '../eventstore/index';
import { databaseCheck, temporalCheck } from '../ops/checks';
import { startHealthServer } from '../ops/health-server';
import { startTracing } from '../ops/tracing';
import { serviceUrls } from '../services/config';
import { freePort } from '../services/free-port';
import { type ArshjulWorkerOptions, createArshjulWorker } from './create-worker';
import { workflowPromiseStacks } from './promise-stacks';
import { installRuntimeLogger, sizeWorkflowYoungGeneration } from './runtime';
import { workflowWatchdog } from './watchdog-mode';

/**
 * Runs the worker until SIGINT/SIGTERM (`arshjul worker` or `node --import tsx worker/main.ts`), with
 * /healthz, /readyz and /metrics on ARSHJUL_WORKER_HEALTH_PORT. Temporal's runtime takes the signal:
 * the worker finishes its running tasks, `run()` resolves, and the rest closes after it.
 */
export async function runWorker(): Promise<void> {
  const logger = pino({ name: 'arshjul-worker' });
  const tracing = startTracing('worker');
  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 10 });
  pool.on('error', () => {});
  // Temporal's core serves its metrics on a private port; /metrics on the health port appends them.
  const coreMetricsPort = await freePort();
  installRuntimeLogger('WARN', { prometheusBindAddress: `127.0.0.1:${coreMetricsPort}` });
  sizeWorkflowYoungGeneration();
  const connection = await NativeConnection.connect({ address: serviceUrls.temporalAddress });
  try {
    const worker = await createArshjulWorker({
      connection,
      namespace: serviceUrls.temporalNamespace,
      taskQueue: serviceUrls.temporalTaskQueue,
      store: new EventStore(pool),
      notifier: loggingNotifier(logger),
      tracing,
      tuning: tuningFromEnv(process.env),
    });
    const health = await startHealthServer({
      name: 'worker',
      checks: { database: databaseCheck(pool), temporal: temporalCheck(connection) },
      running: () => worker.getState() === 'RUNNING',
      extraMetrics: () => scrape(`http://127.0.0.1:${coreMetricsPort}/metrics`),
    });
    logger.info(
      {
        temporal: serviceUrls.temporalAddress,
        health: health.url,
        promiseStacks: workflowPromiseStacks(),
        deadlockWatchdog: workflowWatchdog(),
      },
      'worker started',
    );
    try {
      await worker.run();
    } finally {
      await health.close();
    }
    logger.info('worker stopped');
  } finally {
    await connection.close();
    await pool.end();
    await tracing?.shutdown();
  }
}

/**
 * Overrides of the worker's workflow-task tuning for measuring (create-worker.ts WORKFLOW_TASK_TUNING):
 * ARSHJUL_WORKER_WORKFLOW_TASKS, ARSHJUL_WORKER_WORKFLOW_THREADS, ARSHJUL_WORKER_CACHED_WORKFLOWS,
 * ARSHJUL_WORKER_WORKFLOW_POLLERS and ARSHJUL_WORKER_ACTIVITY_POLLERS (long polls held open at once),
 * ARSHJUL_WORKER_STICKY_RATIO (nonStickyToStickyPollRatio, a fraction) and
 * ARSHJUL_WORKER_STICKY_TIMEOUT_MS (how long a task waits on the sticky queue before any worker may take it).
 */
export function tuningFromEnv(env: NodeJS.ProcessEnv): ArshjulWorkerOptions['tuning'] {
  const count = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name}: '${raw}' ska vara ett heltal ≥ 0`);
    return value;
  };
  const tasks = count('ARSHJUL_WORKER_WORKFLOW_TASKS');
  const threads = count('ARSHJUL_WORKER_WORKFLOW_THREADS');
  const cached = count('ARSHJUL_WORKER_CACHED_WORKFLOWS');
  const workflowPollers = count('ARSHJUL_WORKER_WORKFLOW_POLLERS');
  const activityPollers = count('ARSHJUL_WORKER_ACTIVITY_POLLERS');
  const stickyTimeoutMs = count('ARSHJUL_WORKER_STICKY_TIMEOUT_MS');
  const ratioRaw = env.ARSHJUL_WORKER_STICKY_RATIO;
  const ratio = ratioRaw === undefined || ratioRaw === '' ? undefined : Number(ratioRaw);
  if (ratio !== undefined && !(ratio > 0 && ratio <= 1))
    throw new Error(`ARSHJUL_WORKER_STICKY_RATIO: '${ratioRaw}' ska vara ett tal över 0 och högst 1`);
  return {
    ...(workflowPollers !== undefined
      ? { workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: workflowPollers } }
      : {}),
    ...(activityPollers !== undefined
      ? { activityTaskPollerBehavior: { type: 'simple-maximum', maximum: activityPollers } }
      : {}),
    ...(ratio !== undefined ? { nonStickyToStickyPollRatio: ratio } : {}),
    ...(stickyTimeoutMs !== undefined ? { stickyQueueScheduleToStartTimeout: stickyTimeoutMs } : {}),
    ...(tasks !== undefined ? { maxConcurrentWorkflowTaskExecutions: tasks } : {}),
    ...(threads !== undefined ? { workflowThreadPoolSize: threads } : {}),
    ...(cached !== undefined ? { maxCachedWorkflows: cached } : {}),
  };
}

/** Temporal core's exposition text; empty when it does not answer (its metrics are extra, not vital). */
async function scrape(url: string): Promise<string> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runWorker();
}
