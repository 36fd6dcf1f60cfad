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
import { mailpitWebUrl } from '../mail/config';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { applyBatch, PROJECTIONS, readCheckpoint, startProjections } from '../projections/index';
import { OutboxRelay } from '../relay/index';
import { ALE_SCENARIO_STEPS, runAleScenario } from '../scenario/ale-scenario';
import { serviceUrls } from '../services/config';
import { servicesUp } from '../services/index';
import { createArshjulWorker } from '../worker/create-worker';
import type { ClockOptions } from '../workflows/clock';
import { cycleWorkflowId } from '../workflows/messages';
import { aleTokens, registerAleViaApi } from './ale';
import { DEMO_CLOCK, loadFactor, planDemoClock, stretched } from './demo-clock';
import { ApiClient, httpCyclePort } from './http-port';
import { startDemoMail } from './mail';
import { createShutdown, installDemoRuntime, type Shutdown } from './shutdown';

/** Ale's organisation is stamped with its set-up date, before the cycle starts (12 Jan 2026). */
const ALE_SETUP_AT = new Date('2026-01-07T08:00:00.000Z');
/** An action that ends this far past the next instant the scenario waits for is worth a notice. */
const LATE_NOTICE_DOMAIN_MS = 3_600_000;

export interface DemoOptions {
  port?: number;
  /** A uniform clock at this speedup instead of the planned one (slow where it matters, fast between). */
  speedup?: number;
  log?: (line: string) => void;
  /** End the process on SIGINT and SIGTERM after stopping (default true; false for callers that stop it). */
  handleSignals?: boolean;
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
  const handleSignals = options.handleSignals ?? true;
  const shutdown = createShutdown(log, handleSignals);
  try {
    return await demoSteps(options, log, shutdown);
  } catch (error) {
    // Interrupted by a signal: the half-run scenario fails as its API goes away; the handler exits.
    if (shutdown.stopping && handleSignals) return new Promise<never>(() => {});
    await shutdown.stop();
    shutdown.dispose();
    throw error;
  }
}

async function demoSteps(
  options: DemoOptions,
  log: (line: string) => void,
  shutdown: Shutdown,
): Promise<RunningDemo> {
  const started = Date.now();

  log('1. Startar tjänsterna (Postgres, Temporal, Kafka, inloggning, e-post) …');
  const { migrated } = await servicesUp([], (line) => log(`   ${line}`));
  if (migrated)
    log(
      `   databasen ${migrated.database}: ${migrated.applied.length ? migrated.applied.join(', ') : 'aktuell'}`,
    );

  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max: 20 });
  pool.on('error', () => {});
  shutdown.add('databasen', 300, () => pool.end());
  const store = new EventStore(pool);

  log('2. Startar worker, relä, projektioner och API …');
  installDemoRuntime();
  const nativeConnection = await NativeConnection.connect({ address: serviceUrls.temporalAddress });
  const worker = await createArshjulWorker({
    connection: nativeConnection,
    namespace: serviceUrls.temporalNamespace,
    store,
    notifier: loggingNotifier(pino({ level: 'warn' })),
  });
  const workerRun = worker.run();
  shutdown.add('workern', 1_200, async () => {
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
    shutdown.add('projektionerna och reläet', 1_200, async () => {
      // Together: leaving the consumer group takes the Kafka client a while, the relay stops at once.
      abort.abort();
      await Promise.all([projections.close(), relayRun.catch(() => undefined)]);
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
  shutdown.add('API:et', 700, async () => {
    // Requests still running (the scenario's, a browser's) are cut after a moment, not waited for.
    const closing = app.close();
    const cut = setTimeout(() => app.server.closeAllConnections(), 400);
    await closing;
    clearTimeout(cut);
    await connection.close();
  });
  const api = new ApiClient(url);
  const mailSummary = await startDemoMail(pool, url, shutdown, log);
  log(`   API: ${url} (dokumentation ${url}/docs)`);
  log(`   webbgränssnittet: ${url}/ – inkorgar, rapporter och revision uppdateras medan scenariot körs`);

  const municipalityId = `ale-${Date.now().toString(36)}`;
  const tokenFor = aleTokens(municipalityId);
  log(`3. Registrerar Ale kommun som '${municipalityId}' via API:et …`);
  const { commands, durationsMs } = await registerAleViaApi(
    api,
    municipalityId,
    await tokenFor(ALE_USERS.processOwner),
  );
  const commandMs = median(durationsMs);
  setupClock = null;
  log(
    `   ${commands} kommandon: organisation, roller och styrdokument (${Math.round(commandMs)} ms per kommando)`,
  );

  let cycleDone = false;
  shutdown.add('cykeln', 300, async () => {
    // An interrupted demo ends its own cycle (its phases and tasks with it), so that it does not run on
    // in the Temporal dev server after the demo has gone.
    if (cycleDone) return;
    await client.workflow
      .getHandle(cycleWorkflowId(municipalityId, 2027))
      .terminate('Demon avbröts')
      .catch(() => undefined);
  });

  const clock = await demoClock(options.speedup, loadFactor(commandMs), log);
  const port_ = httpCyclePort({
    client: api,
    municipalityId,
    budgetYear: 2027,
    tokenFor,
    readerToken: () => tokenFor(ALE_USERS.processOwner),
    time: wallClock,
    onLate: (instant, lateBy) => {
      // Only worth telling when it could matter: the planned holds leave room for more than this.
      if (lateBy > LATE_NOTICE_DOMAIN_MS)
        log(
          `      (obs: scenariot nådde ${instant} ${(lateBy / 3_600_000).toFixed(1)} h för sent – långsam maskin?)`,
        );
    },
  });
  const scenarioStart = Date.now();
  let stepStart = scenarioStart;
  const result = await runAleScenario({
    port: port_,
    clock,
    onStep: (step, index, total) => {
      const now = Date.now();
      if (index > 1) log(`      (klart efter ${fmt(now - stepStart)})`);
      stepStart = now;
      log(`   [${index}/${total}] ${step}`);
    },
  });
  cycleDone = true;
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

  log('7. E-post till de berörda:');
  log(`   ${await mailSummary(municipalityId)}`);

  log(`\nKlart på ${fmt(Date.now() - started)}. API:et kör vidare på ${url}  (Ctrl-C avslutar)`);
  log(`   webbgränssnittet: ${url}/  (logga in som processägare, nämndsekreterare eller revisor)`);
  log(`   dokumentation: ${url}/docs   OpenAPI: ${url}/openapi.json`);
  log(`   e-posten (Mailpit): ${mailpitWebUrl()}`);
  log(`   revisorns token:     ${auditor}`);
  log(`   processägarens token: ${await tokenFor(ALE_USERS.processOwner)}`);
  log(`   t.ex. curl -H "Authorization: Bearer <token>" ${url}/municipalities/${municipalityId}/cycles/2027`);

  shutdown.completed();
  return {
    url,
    municipalityId,
    stop: async () => {
      shutdown.dispose();
      await shutdown.stop();
    },
  };
}

/** The middle value: the first requests of a fresh process are slow for reasons the load is not. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The scenario's clock: planned from a rehearsal of it, or uniform when a speedup is given. */
async function demoClock(
  speedup: number | undefined,
  load: number,
  log: (line: string) => void,
): Promise<ClockOptions> {
  if (speedup !== undefined) {
    log(
      `4. Kör årshjulet för budgetår 2027 via HTTP, klockan ${speedup.toLocaleString('sv-SE')} gånger snabbare:`,
    );
    return { speedup };
  }
  const plan = await planDemoClock((port) => runAleScenario({ port }), stretched(DEMO_CLOCK, load));
  const sv = (n: number) => n.toLocaleString('sv-SE');
  log('4. Kör årshjulet för budgetår 2027 via HTTP med en planerad klocka:');
  if (load > 1.05) {
    log(
      `   maskinen svarar ${sv(Math.round(load * 10) / 10)} gånger långsammare än en ledig: de långsamma stunderna förlängs lika mycket`,
    );
  }
  log(
    `   långsam (en timme per sekund) när någon agerar, tio minuter per sekund när påminnelser och tidsfrister infaller,`,
  );
  log(
    `   ${sv(DEMO_CLOCK.fastSpeedup)} gånger snabbare däremellan: ${plan.moments} tidpunkter, ungefär ${Math.round(plan.plannedWallMs / 1000)} s`,
  );
  return plan.clock;
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
