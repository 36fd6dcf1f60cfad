import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { recordingNotifier } from '../../activities/notifier';
import { executeMunicipalityCommand } from '../../application/municipality';
import { type TemporalCyclePort, temporalCyclePort, wallClock } from '../../application/temporal-cycle-port';
import { ALE_MUNICIPALITY_ID, aleMunicipalityCommands } from '../../domain/examples/ale';
import { EventStore } from '../../eventstore/index';
import { serviceUrls } from '../../services/config';
import { createArshjulWorker } from '../../worker/create-worker';
import { createTestDatabase, type TestDatabase } from './database';
import { replayTaskQueue } from './replay-task-queue';

const { temporal } = proto;

/**
 * The real Temporal dev server (as the demo and the soak use it) and one fresh database per suite,
 * with arshjul's real worker and its production tuning: workers keep their sticky workflow cache, and
 * a stopped worker's sticky work goes back to the task queue. Time is the wall clock; a cycle runs on
 * a compressed calendar (its clock option).
 */
export interface DevServerHarness {
  client: Client;
  db: TestDatabase;
  store: EventStore;
  notifier: ReturnType<typeof recordingNotifier>;
  taskQueue: string;
  /** A worker with a connection of its own, as a separate worker process would have. */
  newSeparateWorker(): Promise<{ worker: Worker; close(): Promise<void> }>;
  /**
   * Resolves once the server has seen the worker poll the workflow queue: until then it refuses
   * updates ("no poller seen for task queue recently") after the previous worker said it stopped.
   */
  untilPolling(worker: Worker, since: number): Promise<void>;
  /** Drives a cycle through the Temporal client on the wall clock. */
  port(municipalityId: string, budgetYear: number): TemporalCyclePort;
  /** Registers Ale's organisation, people and steering documents in the store. */
  registerAle(): Promise<void>;
  /**
   * Replays the history of every run on the suite's task queue (closed and continued-as-new ones too)
   * on the current workflow code, as a worker without a cache does; the failures, each named by its
   * workflow id and run. Histories are saved under reports/histories/<label>/ when one fails.
   */
  replayAll(): Promise<string[]>;
  /** Ends the suite's workflows still running (a failed test's), closes the client, drops the database. */
  teardown(workflowIds?: readonly string[]): Promise<void>;
}

/** gRPC status 6: the namespace was registered by an earlier run. */
const GRPC_ALREADY_EXISTS = 6;

/**
 * Each suite runs in a namespace of its own on the shared dev server, so its workflow ids (the Ale
 * scenario's `ale` cycle) cannot meet another file's running beside it (the soak's `ale`). Registered
 * once per label and kept: the dev server's namespaces live in its database, and a new one answers at once.
 */
async function ensureNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
  } catch (error) {
    if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw error;
  }
}

export async function createDevServerHarness(label: string): Promise<DevServerHarness> {
  const namespace = `arshjul-test-${label}`;
  const [connection, db] = await Promise.all([
    Connection.connect({ address: serviceUrls.temporalAddress }),
    createTestDatabase(label),
  ]);
  await ensureNamespace(connection, namespace);
  const client = new Client({ connection, namespace });
  const store = new EventStore(db.appPool);
  const notifier = recordingNotifier();
  const taskQueue = `${label}-${randomUUID()}`;
  return {
    client,
    db,
    store,
    notifier,
    taskQueue,
    async newSeparateWorker() {
      const workerConnection = await NativeConnection.connect({ address: serviceUrls.temporalAddress });
      const worker = await createArshjulWorker({
        connection: workerConnection,
        namespace,
        taskQueue,
        store,
        notifier,
      });
      return { worker, close: () => workerConnection.close() };
    },
    async untilPolling(worker, since) {
      // Every worker of this process has the same identity: the new one is a poller seen since it started.
      for (let attempt = 0; attempt < 300; attempt++) {
        const { pollers } = await client.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        const seenMs = (p: (typeof pollers)[number]) =>
          Number(p.lastAccessTime?.seconds ?? 0) * 1000 + (p.lastAccessTime?.nanos ?? 0) / 1e6;
        if (pollers?.some((p) => seenMs(p) >= since)) return;
        await delay(100);
      }
      throw new Error(`worker ${worker.options.identity} never polled ${taskQueue}`);
    },
    port: (municipalityId, budgetYear) =>
      temporalCyclePort({ client, taskQueue, municipalityId, budgetYear, time: wallClock, store }),
    async registerAle() {
      for (const command of aleMunicipalityCommands()) {
        await executeMunicipalityCommand(store, ALE_MUNICIPALITY_ID, command, { causationId: 'test:setup' });
      }
    },
    replayAll: () => replayTaskQueue(client, taskQueue, label),
    async teardown(workflowIds = []) {
      // The dev server outlives the suite: a cycle left running would fire its timers into a dropped database.
      for (const id of workflowIds) {
        await client.workflow
          .getHandle(id)
          .terminate('test over')
          .catch(() => undefined);
      }
      await connection.close();
      await db.drop();
    },
  };
}
