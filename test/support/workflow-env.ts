import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { recordingNotifier } from '../../activities/notifier';
import type { CyclePort } from '../../application/cycle-port';
import { executeMunicipalityCommand } from '../../application/municipality';
import { type TimeSource, temporalCyclePort } from '../../application/temporal-cycle-port';
import { ALE_MUNICIPALITY_ID, aleMunicipalityCommands } from '../../domain/examples/ale';
import type { MunicipalityCommandInput } from '../../domain/municipality/commands';
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
  /** Starts a worker on the suite's task queue that runs until teardown. */
  startWorker(): Promise<void>;
  /** The test server's clock, which moves when told to (time skipping). */
  time: TimeSource;
  /** Drives a cycle through the Temporal client on the test server's clock. */
  port(municipalityId: string, budgetYear: number): CyclePort;
  /**
   * Registers Ale's organisation, people and steering documents in the store under an id: the one
   * authority the workflows read who may act from.
   */
  registerAle(municipalityId?: string): Promise<void>;
  /** Runs municipality commands through the application, as the API would. */
  runMunicipalityCommands(municipalityId: string, commands: MunicipalityCommandInput[]): Promise<void>;
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
  const runMunicipalityCommands = async (municipalityId: string, commands: MunicipalityCommandInput[]) => {
    for (const command of commands) {
      await executeMunicipalityCommand(store, municipalityId, command, { causationId: 'test:setup' });
    }
  };
  return {
    env,
    db,
    store,
    notifier,
    taskQueue,
    newWorker: () => createArshjulWorker({ connection: env.nativeConnection, taskQueue, store, notifier }),
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
      temporalCyclePort({ client: env.client, taskQueue, municipalityId, budgetYear, time, store }),
    async registerAle(municipalityId = ALE_MUNICIPALITY_ID) {
      const commands = aleMunicipalityCommands().map((c) =>
        c.type === 'RegisterMunicipality' ? { ...c, municipalityId } : c,
      );
      await runMunicipalityCommands(municipalityId, commands);
    },
    runMunicipalityCommands,
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
