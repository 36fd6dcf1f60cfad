/** `arshjul relay run`: the outbox relay and the scheduled head signer in one process. */
import { storeKeyRing } from '../application/chain-check';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { EVENTS_TOPIC, OutboxRelay } from '../relay/index';
import { runHeadSigner } from '../relay/signed-heads';
import { serviceUrls } from '../services/config';
import { databaseCheck, kafkaCheck } from './checks';
import { startHealthServer } from './health-server';
import { registerRelayLagMetrics } from './lag-metrics';
import { stopOnSignal } from './lifecycle';
import { appPool, log, RELAY_POOL_SIZE, hopTraceFromEnv as trace } from './processes';
import { startTracing } from './tracing';

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
    onCheckpoint: trace?.relay,
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
