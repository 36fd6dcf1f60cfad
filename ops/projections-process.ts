/** `arshjul projections run`: the read models' Kafka consumers in one process. */
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { PROJECTIONS, selectProjections, startProjections } from '../projections/index';
import { EVENTS_TOPIC } from '../relay/topic';
import { serviceUrls } from '../services/config';
import { databaseCheck, kafkaCheck } from './checks';
import { startHealthServer } from './health-server';
import { registerProjectionLagMetrics } from './lag-metrics';
import { stopOnSignal } from './lifecycle';
import { appPool, log, projectionsPoolSize, hopTraceFromEnv as trace } from './processes';
import { startTracing } from './tracing';

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
    onApplied: trace?.projection,
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
