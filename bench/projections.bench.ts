import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventStore } from '../eventstore';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { PROJECTIONS, projectionStatus, startProjections } from '../projections';
import { OutboxRelay } from '../relay';
import { serviceUrls } from '../services/config';
import { servicesUp } from '../services/index';
import { aleScenario, appendScenario } from '../test/projections/scenario';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { measureRebuilds, REBUILD_TARGET } from './rebuild-figures';
import { appendSteadily } from './steady-appends';
import { appendCount, appends, meta } from './task-lifecycles';
import { type Bench, perSecond, timed } from './types';

const BACKLOG_EVENTS = 20_000;
const RATE = 1000; // events per second in the steady phase
const STEADY_SECONDS = Number(process.env.BENCH_PROJECTIONS_SECONDS ?? 30);
const CHUNK = 10; // events per append in the steady phase (100 appends/s)
const APPENDERS = 4; // appends in flight at once in the steady phase

const names = PROJECTIONS.map((p) => p.name);

async function waitForHead(db: TestDatabase, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await projectionStatus(db.appPool, names);
    if (s.every((p) => p.lag === 0)) return;
    if (Date.now() > deadline) throw new Error(`projections did not catch up: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] as number) * 10) / 10;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: percentile(sorted, 100),
  };
}

const bench: Bench = {
  name: 'projections',
  description: `relay + ${PROJECTIONS.length} read models through Kafka: catch-up throughput, rebuild throughput, end-to-end lag at ${RATE} events/s for ${STEADY_SECONDS} s`,
  async run({ log }) {
    await servicesUp(['postgres', 'kafka']);
    const db = await createTestDatabase('bench_projections', { poolSize: 24 });
    const run = randomUUID().slice(0, 8);
    const topic = `bench.events.${run}`;
    const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: `bench-${run}` });
    const store = new EventStore(db.appPool);
    const feed = appends(run);
    const stopRelay = new AbortController();
    let relayRun: Promise<void> | undefined;
    let projections: Awaited<ReturnType<typeof startProjections>> | undefined;
    try {
      // 1. A backlog: the relay drains it, then every projection catches up from an empty read model.
      await appendScenario(store, aleScenario());
      const backlog = (await appendCount(store, feed, BACKLOG_EVENTS)) + aleScenario().length;
      log(`backlog: ${backlog} events appended`);
      const relay = new OutboxRelay({ pool: db.appPool, bus, topic });
      const drained = await timed(async () => {
        while ((await relay.step()) > 0) {}
      });
      await relay.close();
      log(`relay: ${perSecond(backlog, drained.seconds)} events/s to Kafka`);

      const catchUp = await timed(async () => {
        projections = await startProjections({
          pool: db.appPool,
          bus,
          projections: PROJECTIONS,
          topic,
          groupPrefix: `bench.${run}`,
        });
        await waitForHead(db);
      });
      log(
        `catch-up: ${perSecond(backlog, catchUp.seconds)} events/s per projection, ${PROJECTIONS.length} in parallel`,
      );

      const rebuild = await measureRebuilds(db.appPool);
      log(`rebuild (from the store): ${JSON.stringify(rebuild)}`);
      await projections?.close();

      // 2. Steady load: appends at RATE events/s while relay and projections run; lag from each
      // append's commit (as the appender sees it) to each read model's commit of that event.
      const appendedAt = new Map<number, number>();
      const lagByProjection = new Map<string, number[]>(names.map((n) => [n, []]));
      const seenBy = new Map<number, number>(); // position -> projections that applied it
      const allModels: number[] = [];
      relayRun = new OutboxRelay({ pool: db.appPool, bus, topic }).run(stopRelay.signal);
      projections = await startProjections({
        pool: db.appPool,
        bus,
        projections: PROJECTIONS,
        topic,
        groupPrefix: `bench.${run}`,
        onApplied: (name, events) => {
          const now = performance.now();
          for (const e of events) {
            const t0 = appendedAt.get(e.globalPosition);
            if (t0 === undefined) continue;
            lagByProjection.get(name)?.push(now - t0);
            const seen = (seenBy.get(e.globalPosition) ?? 0) + 1;
            seenBy.set(e.globalPosition, seen);
            if (seen === PROJECTIONS.length) allModels.push(now - t0);
          }
        },
      });
      await projections.ready;
      await waitForHead(db);

      // Several appenders share the rate, as many workflows append at once in production; the store
      // serialises them on its lock, so order and the hash chain are the same as with one.
      const start = performance.now();
      const sent = await appendSteadily({
        store,
        feed,
        meta,
        rate: RATE,
        seconds: STEADY_SECONDS,
        chunk: CHUNK,
        appenders: APPENDERS,
        appended(positions, at) {
          for (const p of positions) appendedAt.set(p, at);
        },
      });
      const steadySeconds = (performance.now() - start) / 1000;
      await waitForHead(db);
      const achievedRate = perSecond(sent, steadySeconds);
      const perProjection = Object.fromEntries([...lagByProjection].map(([n, v]) => [n, summary(v)]));
      const endToEnd = summary(allModels);
      log(`steady: ${sent} events in ${steadySeconds.toFixed(1)} s (${achievedRate}/s)`);
      log(
        `end-to-end lag, all read models: p50 ${endToEnd.p50Ms} ms, p99 ${endToEnd.p99Ms} ms, max ${endToEnd.maxMs} ms`,
      );

      return {
        summary: [
          `relay drain: ${perSecond(backlog, drained.seconds)} events/s (${backlog} events)`,
          `projection catch-up from Kafka: ${perSecond(backlog, catchUp.seconds)} events/s per projection, ${PROJECTIONS.length} in parallel (${perSecond(backlog * PROJECTIONS.length, catchUp.seconds)} applications/s)`,
          `rebuild from the store, all ${PROJECTIONS.length} read models in one pass: ${rebuild.allTogether.eventsPerSecond} events/s (target ${REBUILD_TARGET}; Node CPU ${rebuild.allTogether.nodeCpuMicrosPerEvent} µs/event, load ${rebuild.loadAverage.join(' ')})`,
          `rebuild one at a time: ${Object.entries(rebuild.perProjection)
            .map(([n, r]) => `${n} ${r.eventsPerSecond}/s`)
            .join(', ')}`,
          `steady ${achievedRate} events/s for ${steadySeconds.toFixed(0)} s: append→all ${PROJECTIONS.length} read models p50 ${endToEnd.p50Ms} ms, p99 ${endToEnd.p99Ms} ms (max ${endToEnd.maxMs} ms)`,
        ],
        metrics: {
          backlogEvents: backlog,
          relayDrainEventsPerSecond: perSecond(backlog, drained.seconds),
          catchUpSeconds: catchUp.seconds,
          catchUpEventsPerSecondPerProjection: perSecond(backlog, catchUp.seconds),
          projections: PROJECTIONS.length,
          rebuild,
          steady: {
            targetRate: RATE,
            achievedRate,
            seconds: steadySeconds,
            events: sent,
            eventsPerAppend: CHUNK,
            appendersInFlight: APPENDERS,
            endToEndAllReadModels: endToEnd,
            endToEndPerProjection: perProjection,
            measuredFrom: 'store.append resolved (commit) in the appender',
            measuredTo: "the projection's transaction (rows + checkpoint) committed",
          },
        },
      };
    } finally {
      await projections?.close();
      stopRelay.abort();
      await relayRun;
      await db.drop();
    }
  },
};

export default bench;
