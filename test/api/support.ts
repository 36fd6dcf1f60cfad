import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createApi } from '../../api/app';
import type { TimeSource } from '../../application/temporal-cycle-port';
import { aleTokens, registerAleViaApi } from '../../demo/ale';
import { ApiClient } from '../../demo/http-port';
import { ALE_USERS } from '../../domain/examples/ale';
import { EventStore } from '../../eventstore/index';
import { applyBatch, PROJECTIONS, readCheckpoint } from '../../projections/index';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { type ResolvedClock, workflowMsUntil } from '../../workflows/clock';
import { createWorkflowHarness, type WorkflowHarness } from '../support/workflow-env';

/** The Ale set-up's own time stamp, so as-of reads in the cycle's dates see the municipality. */
export const ALE_SETUP_AT = new Date('2026-01-07T08:00:00.000Z');

export interface ApiHarness {
  h: WorkflowHarness;
  app: FastifyInstance;
  /** Where the API listens, e.g. http://127.0.0.1:40123. */
  url: string;
  client: ApiClient;
  time: TimeSource;
  tokenFor(municipalityId: string): (userId: string) => Promise<string>;
  /** Brings every read model up to the store's head, as the Kafka-fed projections would. */
  catchUpProjections(): Promise<void>;
  teardown(): Promise<void>;
}

/**
 * A fresh database, the time-skipping Temporal server with the real worker, and the API listening on
 * a free port (tests talk to it over real HTTP). `startWorker: false` leaves the task queue without a
 * worker (one killed), for the test to start one with `h.newWorker()` when it wants.
 */
export async function createApiHarness(
  label: string,
  options: Pick<Parameters<typeof createApi>[0], 'web' | 'oidc' | 'groupMapping' | 'rateLimit'> = {},
  { startWorker = true }: { startWorker?: boolean } = {},
): Promise<ApiHarness> {
  const h = await createWorkflowHarness(label);
  const worker: Worker | undefined = startWorker ? await h.newWorker() : undefined;
  const running = worker?.run();
  const app = await createApi({
    pool: h.db.appPool,
    store: h.store,
    client: h.env.client,
    taskQueue: h.taskQueue,
    allowClockOverride: true,
    now: () => ALE_SETUP_AT,
    workflowTime: h.time,
    ...options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const client = new ApiClient(url);
  const tokens = new Map<string, (userId: string) => Promise<string>>();
  return {
    h,
    app,
    url,
    client,
    time: h.time,
    tokenFor(municipalityId) {
      let t = tokens.get(municipalityId);
      if (!t) {
        t = aleTokens(municipalityId);
        tokens.set(municipalityId, t);
      }
      return t;
    },
    async catchUpProjections() {
      const store = new EventStore(h.db.appPool);
      for (const projection of PROJECTIONS) {
        for (;;) {
          const after = await readCheckpoint(h.db.appPool, projection.name);
          const page = await store.readAll({ after, limit: 1000 });
          if (page.length === 0) break;
          await applyBatch(h.db.appPool, store, projection, page);
        }
      }
    },
    async teardown() {
      await app.close();
      worker?.shutdown();
      await running;
      await h.teardown();
    },
  };
}

/** Registers Ale (organisation, roles, steering documents) over HTTP under a municipality id. */
export async function registerAle(harness: ApiHarness, municipalityId: string): Promise<void> {
  const owner = await harness.tokenFor(municipalityId)(ALE_USERS.processOwner);
  await registerAleViaApi(harness.client, municipalityId, owner);
}

/**
 * Starts Ale's cycle 2027 over HTTP (its clock anchored at the calendar's start) and moves the test
 * server's clock to a domain instant, then waits until the given tasks have been given out.
 */
export async function startAleCycleAt(
  a: ApiHarness,
  municipalityId: string,
  ownerToken: string,
  instant: string,
  taskIds: string[],
): Promise<void> {
  const m = `/municipalities/${municipalityId}`;
  const input = aleCycleInput();
  await a.client.ok('POST', `${m}/cycles`, {
    token: ownerToken,
    body: { calendar: input.calendar, clock: input.clock },
  });
  const view = await a.client.ok<{ clock: ResolvedClock }>('GET', `${m}/cycles/2027`, { token: ownerToken });
  await a.time.sleep(workflowMsUntil(view.clock, await a.time.now(), Date.parse(instant)));
  for (const id of taskIds) {
    for (let i = 0; i < 400; i++) {
      const res = await a.client.request('GET', `${m}/tasks/${id}`, { token: ownerToken });
      if (res.status === 200) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
