/**
 * The long-running processes of a deployment, each started by its CLI command (`arshjul api`,
 * `worker`, `relay run`, `projections run`, `mail run`): connect, start the work, answer /healthz,
 * /readyz and /metrics, and stop gracefully on SIGINT or SIGTERM. Each exports traces when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (ops/tracing.ts).
 */
import pg from 'pg';
import { storeKeyRing } from '../application/chain-check';
import { mailConfig } from '../mail/config';
import { startMailSender } from '../mail/sender';
import { smtpTransport } from '../mail/transport';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { PROJECTIONS, selectProjections, startProjections } from '../projections/index';
import { EVENTS_TOPIC, OutboxRelay } from '../relay/index';
import { runHeadSigner } from '../relay/signed-heads';
import { serviceUrls } from '../services/config';
import { databaseCheck, kafkaCheck, smtpCheck } from './checks';
import { startHealthServer } from './health-server';
import { hopTrace } from './hop-trace';
import { registerProjectionLagMetrics, registerRelayLagMetrics } from './lag-metrics';
import { stopOnSignal } from './lifecycle';
import { startTracing } from './tracing';

const log = (line: string) => console.error(line);

/** The lag bench's record of each stage (ops/hop-trace.ts), only when ARSHJUL_HOP_TRACE asks for it. */
const trace = process.env.ARSHJUL_HOP_TRACE ? hopTrace() : undefined;

/** Connections of the relay process (the relay, its leadership lock, the head signer). */
export const RELAY_POOL_SIZE = 3;
/**
 * Connections of the projections process: one per read model (each consumer applies its batches in a
 * transaction of its own, all at once) and one for the health and metrics queries.
 */
export const projectionsPoolSize = (count: number) => count + 1;

function appPool(max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: serviceUrls.databaseUrl, max });
  pool.on('error', () => {}); // a dropped idle connection is retried by the process's own backoff
  return pool;
}

/**
 * Seconds between rounds of the scheduled head signer in the relay process
 * (ARSHJUL_HEAD_SIGN_INTERVAL_SECONDS, default 60; 0 turns it off, e.g. when `arshjul audit heads run`
 * runs on its own).
 */
function headSignIntervalMs(): number {
  const raw = process.env.ARSHJUL_HEAD_SIGN_INTERVAL_SECONDS ?? '60';
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`ARSHJUL_HEAD_SIGN_INTERVAL_SECONDS must be seconds >= 0, got ${raw}`);
  return seconds * 1000;
}

/**
 * Shortest pause between the relay's looks at the store, after a look that found events
 * (ARSHJUL_RELAY_BUSY_POLL_MS; default the relay's own, 2 ms; empty looks double it up to 25 ms, see
 * relay/poll-pause.ts): longer costs fewer looks, and each event waits up to that long more.
 */
function relayBusyPollMs(): number | undefined {
  const raw = process.env.ARSHJUL_RELAY_BUSY_POLL_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`ARSHJUL_RELAY_BUSY_POLL_MS must be ms >= 0, got ${raw}`);
  return ms;
}

/**
 * `arshjul relay run`: follows the event store and publishes to Kafka until a signal; also signs the
 * heads of chains that grew on a schedule and publishes them to their own topic (relay/signed-heads.ts).
 */
export async function runRelayProcess(topic = EVENTS_TOPIC): Promise<never> {
  const tracing = startTracing('relay');
  const pool = appPool(RELAY_POOL_SIZE);
  const signInterval = headSignIntervalMs();
  const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'arshjul-relay' });
  const kafka = kafkaCheck(serviceUrls.kafkaBrokers);
  registerRelayLagMetrics(pool, topic);
  trace?.countRoundTrips(pool, 'relay');
  const abort = new AbortController();
  const busyPollIntervalMs = relayBusyPollMs();
  const run = new OutboxRelay({
    pool,
    bus,
    topic,
    log,
    ...(busyPollIntervalMs !== undefined ? { busyPollIntervalMs } : {}),
    onCheckpoint: trace && ((events, timing) => trace.relay(events, timing)),
  }).run(abort.signal);
  const signing =
    signInterval > 0
      ? runHeadSigner({
          pool,
          ring: storeKeyRing(),
          bus,
          intervalMs: signInterval,
          signal: abort.signal,
          log,
        })
      : Promise.resolve();
  const health = await startHealthServer({
    name: 'relay',
    checks: { database: databaseCheck(pool), kafka: kafka.check },
    running: () => !abort.signal.aborted,
  });
  console.log(`relä: publicerar till ${topic} (${serviceUrls.kafkaBrokers.join(', ')}); hälsa ${health.url}`);
  return stopOnSignal('relä', async () => {
    abort.abort();
    await run;
    await signing;
    trace?.flush();
    await health.close();
    await kafka.close();
    await pool.end();
    await tracing?.shutdown();
  });
}

/** `arshjul projections run`: one Kafka consumer per read model (projections/runner.ts) until a signal. */
export async function runProjectionsProcess(
  name?: string,
  options: { topic?: string; groupPrefix?: string } = {},
): Promise<never> {
  const chosen = selectProjections(name);
  const tracing = startTracing('projections');
  const pool = appPool(projectionsPoolSize(chosen.length));
  const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'arshjul-projections' });
  const kafka = kafkaCheck(serviceUrls.kafkaBrokers);
  trace?.countRoundTrips(pool, 'projections');
  registerProjectionLagMetrics(
    pool,
    chosen.map((p) => p.name),
  );
  let running = false;
  const health = await startHealthServer({
    name: 'projections',
    checks: { database: databaseCheck(pool), kafka: kafka.check },
    running: () => running,
  });
  // Another topic than the deployment's (the soak's own) gets consumer groups of its own.
  const topic = options.topic ?? EVENTS_TOPIC;
  const groupPrefix =
    options.groupPrefix ?? (topic === EVENTS_TOPIC ? undefined : `arshjul.projection.${topic}`);
  const projections = await startProjections({
    pool,
    bus,
    projections: chosen,
    topic,
    groupPrefix,
    log,
    onApplied: trace && ((name, events, timing) => trace.projection(name, events, timing)),
  });
  await projections.ready;
  running = true;
  const names =
    chosen.length === PROJECTIONS.length ? 'alla läsmodeller' : chosen.map((p) => p.name).join(', ');
  console.log(`projektioner: bygger ${names} från Kafka; hälsa ${health.url}`);
  return stopOnSignal('projektioner', async () => {
    running = false;
    await projections.close();
    trace?.flush();
    await health.close();
    await kafka.close();
    await pool.end();
    await tracing?.shutdown();
  });
}

/** `arshjul mail run`: plans and sends the cycle's e-mails until a signal. */
export async function runMailProcess(): Promise<never> {
  const config = mailConfig();
  const tracing = startTracing('mail');
  const pool = appPool(3);
  const transport = smtpTransport(config.smtpUrl);
  const sender = startMailSender({ pool, transport, config, log: (line) => log(`e-post: ${line}`) });
  let running = true;
  const health = await startHealthServer({
    name: 'mail',
    checks: { database: databaseCheck(pool), smtp: smtpCheck(config.smtpUrl) },
    running: () => running,
  });
  console.log(`e-post: skickar via ${config.smtpUrl}; hälsa ${health.url}`);
  return stopOnSignal('e-post', async () => {
    running = false;
    await sender.stop();
    transport.close();
    await health.close();
    await pool.end();
    await tracing?.shutdown();
  });
}
