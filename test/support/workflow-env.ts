import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { recordingNotifier } from '../../activities/notifier';
import { EventStore } from '../../eventstore/index';
import type { CyclePort } from '../../scenario/port';
import { type TimeSource, temporalCyclePort } from '../../scenario/temporal-port';
import { paths } from '../../services/config';
import { createArshjulWorker } from '../../worker/create-worker';
import { createTestDatabase, type TestDatabase } from './database';

/**
 * One time-skipping Temporal environment (the native test server we provision) and one fresh
 * database per suite, with arshjul's real worker: real activities appending to real Postgres.
 */
export interface WorkflowHarness {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  store: EventStore;
  notifier: ReturnType<typeof recordingNotifier>;
  taskQueue: string;
  /** A new worker on the suite's task queue (call run() or runUntil() on it). */
  newWorker(): Promise<Worker>;
  /**
   * A worker with a connection of its own, as a separate worker process would have, and no workflow
   * cache: it holds nothing sticky, so any worker can take over at once and every workflow task
   * rebuilds the workflow from its history.
   */
  newSeparateWorker(): Promise<{ worker: Worker; close(): Promise<void> }>;
  /** Starts a worker on the suite's task queue that runs until teardown. */
  startWorker(): Promise<void>;
  /** The test server's clock, which moves when told to (time skipping). */
  time: TimeSource;
  /** Drives a cycle through the Temporal client on the test server's clock. */
  port(municipalityId: string, budgetYear: number): CyclePort;
  /** Stops the worker started by startWorker, the test server, and drops the database. */
  teardown(): Promise<void>;
}

export async function createWorkflowHarness(label: string): Promise<WorkflowHarness> {
  const [env, db] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: paths.temporalTestServerBin } },
    }),
    createTestDatabase(label),
  ]);
  const store = new EventStore(db.appPool);
  const notifier = recordingNotifier();
  const taskQueue = `${label}-${randomUUID()}`;
  const time: TimeSource = { now: () => env.currentTimeMs(), sleep: (ms) => env.sleep(ms) };
  let started: { worker: Worker; running: Promise<void> } | undefined;
  return {
    env,
    db,
    store,
    notifier,
    taskQueue,
    newWorker: () => createArshjulWorker({ connection: env.nativeConnection, taskQueue, store, notifier }),
    async newSeparateWorker() {
      const connection = await NativeConnection.connect({ address: env.address });
      const worker = await createArshjulWorker({
        connection,
        taskQueue,
        store,
        notifier,
        tuning: { maxCachedWorkflows: 0 },
      });
      return { worker, close: () => connection.close() };
    },
    async startWorker() {
      const worker = await createArshjulWorker({
        connection: env.nativeConnection,
        taskQueue,
        store,
        notifier,
      });
      started = { worker, running: worker.run() };
    },
    time,
    port: (municipalityId, budgetYear) =>
      temporalCyclePort({ client: env.client, taskQueue, municipalityId, budgetYear, time }),
    async teardown() {
      if (started) {
        started.worker.shutdown();
        await started.running;
      }
      await env.teardown();
      await db.drop();
    },
  };
}

/** The event types of a stream, in order. */
export async function streamTypes(store: EventStore, streamId: string): Promise<string[]> {
  const events = await store.readStream(streamId);
  return events.map((e) => e.type);
}
