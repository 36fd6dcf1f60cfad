/**
 * The demo: the whole stack, then the acceptance scenario for Ale kommun over the HTTP API with a
 * sped-up cycle clock, a summary of the read models, the auditor's verify, and the API left running.
 *
 * Each run registers Ale under a fresh municipality id (`ale-<run>`), so its workflow ids
 * (`cycle-ale-<run>-2027`, task ids `ale-<run>.2027.…`) and streams never collide with an earlier run's
 * in the same database and Temporal namespace: a second `npm run demo` just works, and earlier runs
 * stay available to the auditor.
 */

import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { loggingNotifier } from '../activities/notifier';
import { createApi } from '../api/app';
import { apiPort } from '../api/main';
import { wallClock } from '../application/temporal-cycle-port';
import { ALE_USERS } from '../domain/examples/ale';
import { EventStore } from '../eventstore/index';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { applyBatch, PROJECTIONS, readCheckpoint, startProjections } from '../projections/index';
import { OutboxRelay } from '../relay/index';
import { ALE_SCENARIO_STEPS, runAleScenario } from '../scenario/ale-scenario';
import { serviceUrls } from '../services/config';
import { servicesUp } from '../services/index';
import { createArshjulWorker } from '../worker/create-worker';
import { installRuntimeLogger } from '../worker/runtime';
import { aleTokens, registerAleViaApi } from './ale';
import { ApiClient, httpCyclePort } from './http-port';

/** Domain ms per workflow ms: the 2.5-year cycle (about 880 days) takes about five minutes. */
export const DEMO_SPEEDUP = 250_000;
/** Ale's organisation is stamped with its set-up date, before the cycle starts (12 Jan 2026). */
const ALE_SETUP_AT = new Date('2026-01-07T08:00:00.000Z');

export interface DemoOptions {
  port?: number;
  speedup?: number;
  log?: (line: string) => void;
}

export interface RunningDemo {
  url: string;
  municipalityId: string;
  /** Stops the API, the projections, the relay and the worker. */
  stop(): Promise<void>;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function runDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const speedup = options.speedup ?? DEMO_SPEEDUP;
  const started = Date.now();

  log('1. Startar tjänsterna (Postgres, Temporal, Kafka) …');
  const { migrated } = await servicesUp([], (line) => log(`   ${line}`));
  if (migrated)
    log(
      `   databasen ${migrated.database}: ${migrated.applied.length ? migrated.applied.join(', ') : 'aktuell'}`,
    );

  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 20 });
  pool.on('error', () => {});
  const store = new EventStore(pool);
  const stops: (() => Promise<void>)[] = [];

  log('2. Startar worker, relä, projektioner och API …');
  installRuntimeLogger();
  const nativeConnection = await NativeConnection.connect({ address: serviceUrls.temporalAddress });
  const worker = await createArshjulWorker({
    connection: nativeConnection,
    namespace: serviceUrls.temporalNamespace,
    store,
    notifier: loggingNotifier(pino({ level: 'warn' })),
  });
  const workerRun = worker.run();
  stops.push(async () => {
    worker.shutdown();
    await workerRun.catch(() => undefined);
    await nativeConnection.close();
  });

  let kafkaReady = false;
  try {
    const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'arshjul-demo' });
    const abort = new AbortController();
    const relay = new OutboxRelay({ pool, bus, log: (line) => log(`   ${line}`) });
    const relayRun = relay.run(abort.signal);
    const projections = await startProjections({ pool, bus, projections: PROJECTIONS });
    await projections.ready;
    stops.push(async () => {
      await projections.close();
      abort.abort();
      await relayRun.catch(() => undefined);
    });
    kafkaReady = true;
    log('   reläet publicerar händelserna på Kafka; projektionerna bygger läsmodellerna därifrån');
  } catch (error) {
    log(
      `   Kafka kunde inte användas (${error instanceof Error ? error.message : String(error)}); läsmodellerna byggs direkt från händelselagret i stället`,
    );
  }

  const connection = await Connection.connect({ address: serviceUrls.temporalAddress });
  const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
  let setupClock: Date | null = ALE_SETUP_AT;
  const app = await createApi({
    pool,
    store,
    client,
    allowClockOverride: true,
    now: () => setupClock ?? new Date(),
    // The Swedish web interface, with the demo's sign-in (pick a kommun and a role).
    web: { devAuth: true },
  });
  const port = options.port ?? apiPort();
  await app.listen({ port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  stops.push(async () => {
    await app.close();
    await connection.close();
  });
  const api = new ApiClient(url);
  log(`   API: ${url} (dokumentation ${url}/docs)`);
  log(`   webbgränssnittet: ${url}/ – inkorgar, rapporter och revision uppdateras medan scenariot körs`);

  const municipalityId = `ale-${Date.now().toString(36)}`;
  const tokenFor = aleTokens(municipalityId);
  log(`3. Registrerar Ale kommun som '${municipalityId}' via API:et …`);
  const commands = await registerAleViaApi(api, municipalityId, await tokenFor(ALE_USERS.processOwner));
  setupClock = null;
  log(`   ${commands} kommandon: organisation, roller och styrdokument`);

  log(
    `4. Kör årshjulet för budgetår 2027 via HTTP, klockan ${speedup.toLocaleString('sv-SE')} gånger snabbare:`,
  );
  const port_ = httpCyclePort({
    client: api,
    municipalityId,
    budgetYear: 2027,
    tokenFor,
    readerToken: () => tokenFor(ALE_USERS.processOwner),
    time: wallClock,
  });
  const scenarioStart = Date.now();
  let stepStart = scenarioStart;
  const result = await runAleScenario({
    port: port_,
    clock: { speedup },
    onStep: (step, index, total) => {
      const now = Date.now();
      if (index > 1) log(`      (klart efter ${fmt(now - stepStart)})`);
      stepStart = now;
      log(`   [${index}/${total}] ${step}`);
    },
  });
  log(`      (klart efter ${fmt(Date.now() - stepStart)})`);
  log(
    `   Cykeln är ${result.cycle.status === 'closed' ? 'stängd' : result.cycle.status} efter ${fmt(Date.now() - scenarioStart)} (${ALE_SCENARIO_STEPS.length} steg).`,
  );

  log('5. Läsmodellerna:');
  if (!kafkaReady || !(await waitForProjections(pool, 30_000))) {
    if (kafkaReady)
      log('   (projektionerna via Kafka hann inte ikapp; läsmodellerna fylls på direkt från händelselagret)');
    // Safe next to the Kafka consumers: each batch applies under the projection's checkpoint lock.
    await catchUpFromStore(pool, store);
  }
  const auditor = await tokenFor(ALE_USERS.auditor);
  const summary = await api.ok<{ lines: string[] }>(
    'GET',
    `/municipalities/${municipalityId}/reports/summary?budgetYear=2027`,
    { token: auditor },
  );
  for (const line of summary.lines) log(`   ${line}`);

  log('6. Revisorn kontrollerar hashkedjan:');
  const verified = await api.ok<
    | { ok: true; count: number; lastPosition: number }
    | { ok: false; firstBadPosition: number; reason: string }
  >('GET', `/municipalities/${municipalityId}/audit/verify`, { token: auditor });
  log(
    verified.ok
      ? `   obruten: ${verified.count} händelser kontrollerade, ingen ändrad eller borttagen`
      : `   BRUTEN vid position ${verified.firstBadPosition} (${verified.reason})`,
  );

  log(`\nKlart på ${fmt(Date.now() - started)}. API:et kör vidare på ${url}  (Ctrl-C avslutar)`);
  log(`   webbgränssnittet: ${url}/  (logga in som processägare, nämndsekreterare eller revisor)`);
  log(`   dokumentation: ${url}/docs   OpenAPI: ${url}/openapi.json`);
  log(`   revisorns token:     ${auditor}`);
  log(`   processägarens token: ${await tokenFor(ALE_USERS.processOwner)}`);
  log(`   t.ex. curl -H "Authorization: Bearer <token>" ${url}/municipalities/${municipalityId}/cycles/2027`);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await pool.end();
  };
  const onSignal = () => void stop().then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { url, municipalityId, stop };
}

/** True once every projection has reached the store's head; false after the timeout. */
async function waitForProjections(pool: pg.Pool, timeoutMs: number): Promise<boolean> {
  const { projectionStatus } = await import('../projections/index');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await projectionStatus(
      pool,
      PROJECTIONS.map((p) => p.name),
    );
    if (status.every((s) => s.lag === 0)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Without Kafka: apply the events to every read model straight from the store. */
async function catchUpFromStore(pool: pg.Pool, store: EventStore): Promise<void> {
  for (const projection of PROJECTIONS) {
    for (;;) {
      const after = await readCheckpoint(pool, projection.name);
      const page = await store.readAll({ after, limit: 1000 });
      if (page.length === 0) break;
      await applyBatch(pool, store, projection, page);
    }
  }
}
