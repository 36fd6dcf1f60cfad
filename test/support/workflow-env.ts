import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { recordingNotifier } from '../../activities/notifier';
import { EventStore } from '../../eventstore/index';
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
    async teardown() {
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
