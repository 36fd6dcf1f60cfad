import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EventStore } from '../eventstore';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { type HopRecord, hopTrace } from '../ops/hop-trace';
import { projectionsPoolSize, RELAY_POOL_SIZE } from '../ops/processes';
import { PROJECTIONS, startProjections } from '../projections';
import { OutboxRelay, wallClockMs } from '../relay';
import { serviceUrls } from '../services/config';
import { servicesUp } from '../services/index';
import { readPid } from '../services/proc';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { processCpuSeconds, startProcess, stop } from './cli-process';
import { HOPS, hopLines, hopReport } from './lag-hops';
import { postgresCpuSeconds, postmasterPidOf, processTreeCpuSeconds } from './postgres-cpu';
import { appendSteadily } from './steady-appends';
import { appends, meta } from './task-lifecycles';
import { type Bench, perSecond } from './types';

/**
 * End-to-end lag, in two modes each on a database and topic of its own: as deployed (`arshjul relay
 * run` and `arshjul projections run` each in a process of its own, as ops/supervisor.ts starts them),
 * and with relay and projections inside the bench process. Appends run at a steady rate from the bench.
 * The lag of an event runs from its append's commit (as the appender sees it) to the moment every read
 * model's checkpoint has passed it, seen by polling projection_checkpoints every POLL_MS. Relay and
 * projections record when each step passed each stage (ops/hop-trace.ts), so the lag is split per hop.
 * A short warm-up at the same rate goes first and is not counted.
 */
/** 1,000 events/s is the figure; BENCH_LAG_RATE runs it lower, to see the hops without a queue. */
const RATE = Number(process.env.BENCH_LAG_RATE ?? 1000);
const STEADY_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 30);
const WARMUP_SECONDS = 5;
/** Events per append and appenders at once; a trickle (BENCH_LAG_RATE=20) is more like one event each. */
const CHUNK = Number(process.env.BENCH_LAG_CHUNK ?? 10);
const APPENDERS = Number(process.env.BENCH_LAG_APPENDERS ?? 4);
const POLL_MS = 5;
const MODES = (process.env.BENCH_LAG_MODES ?? 'processes,in-process').split(',') as Mode[];
type Mode = 'processes' | 'in-process';
const names = PROJECTIONS.map((p) => p.name);

const readTrace = (file: string): HopRecord[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HopRecord);

/** Relay and projections running for one mode; `stop` ends them and returns what they recorded. */
interface Pipeline {
  /** CPU seconds used so far, by role (the bench's own process included). */
  cpuSeconds(): Record<string, number>;
  stop(): Promise<HopRecord[]>;
}

const benchCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

async function startAsProcesses(db: TestDatabase, topic: string, groupPrefix: string): Promise<Pipeline> {
  const traceFile = (name: string) => path.join(os.tmpdir(), `arshjul-lag-${name}-${randomUUID()}.jsonl`);
  const files = { relay: traceFile('relay'), projections: traceFile('projections') };
  const env = (file: string) => ({
    DATABASE_URL: db.appUrl,
    ARSHJUL_RELAY_HEALTH_PORT: '0',
    ARSHJUL_PROJECTIONS_HEALTH_PORT: '0',
    ARSHJUL_HOP_TRACE: file,
  });
  const started = await Promise.allSettled([
    startProcess(['relay', 'run', '--topic', topic], env(files.relay), 'relä:'),
    startProcess(
      ['projections', 'run', '--topic', topic, '--group-prefix', groupPrefix],
      env(files.projections),
      'projektioner:',
    ),
  ]);
  const children = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(children.map(stop));
    throw failed.reason;
  }
  const [relay, projections] = children;
  return {
    cpuSeconds: () => ({
      bench: benchCpuSeconds(),
      relay: processCpuSeconds(relay?.pid),
      projections: processCpuSeconds(projections?.pid),
    }),
    async stop() {
      await Promise.all(children.map(stop));
      const records = [...readTrace(files.relay), ...readTrace(files.projections)];
      for (const file of Object.values(files)) rmSync(file, { force: true });
      return records;
    },
  };
}

async function startInProcess(db: TestDatabase, topic: string, groupPrefix: string): Promise<Pipeline> {
  const relayPool = new pg.Pool({ connectionString: db.appUrl, max: RELAY_POOL_SIZE });
  const projectionsPool = new pg.Pool({
    connectionString: db.appUrl,
    max: projectionsPoolSize(names.length),
  });
  const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: `bench-lag-${topic}` });
  const trace = hopTrace();
  trace.countRoundTrips(relayPool, 'relay');
  trace.countRoundTrips(projectionsPool, 'projections');
  const abort = new AbortController();
  const relay = new OutboxRelay({
    pool: relayPool,
    bus,
    topic,
    onCheckpoint: (events, timing) => trace.relay(events, timing),
  }).run(abort.signal);
  const projections = await startProjections({
    pool: projectionsPool,
    bus,
    projections: PROJECTIONS,
    topic,
    groupPrefix,
    onApplied: (name, events, timing) => trace.projection(name, events, timing),
  });
  await projections.ready;
  return {
    cpuSeconds: () => ({ benchWithRelayAndProjections: benchCpuSeconds() }),
    async stop() {
      abort.abort();
      await relay;
      await projections.close();
      await Promise.all([relayPool.end(), projectionsPool.end()]);
      return [
        ...trace.records,
        ...Object.entries(trace.roundTrips()).map(
          ([role, count]): HopRecord => ({ kind: 'round-trips', role, count, at: wallClockMs() }),
        ),
      ];
    },
  };
}

/**
 * Statements the relay's and the projections' pools sent over the whole run (warm-up, steady part and
 * catch-up; one round trip each), per 1,000 events appended and per relay step or batch handed to the
 * read models (a Kafka batch: once for all read models when they share a consumer, once per read model
 * when each had its own). The relay's idle polls count too: they are what following the log costs.
 */
function roundTripCounts(records: readonly HopRecord[], events: number) {
  const steps = {
    relay: records.filter((r) => r.kind === 'relay').length,
    projections: new Set(records.flatMap((r) => (r.kind === 'projection' ? [r.receivedAt] : []))).size,
  };
  return Object.fromEntries(
    records.flatMap((r) => {
      if (r.kind !== 'round-trips') return [];
      const batches = steps[r.role as keyof typeof steps] ?? 0;
      return [
        [
          r.role,
          {
            total: r.count,
            batches,
            perBatch: Math.round((r.count / Math.max(1, batches)) * 10) / 10,
            perThousandEvents: Math.round((r.count * 1000) / Math.max(1, events)),
          },
        ],
      ];
    }),
  );
}

/** One mode: warm-up, steady appends, wait until every read model caught up, then the hop report. */
async function measureMode(mode: Mode, log: (line: string) => void) {
  const db = await createTestDatabase(`bench_lag_${mode.replace('-', '_')}`, { poolSize: 8 });
  const run = randomUUID().slice(0, 8);
  const topic = `bench.lag.${mode}.${run}`;
  const groupPrefix = `bench.lag.${mode}.${run}`;
  const store = new EventStore(db.appPool);
  const feed = appends(run);
  const loadAtStart = os.loadavg();
  let pipeline: Pipeline | undefined;
  try {
    pipeline =
      mode === 'processes'
        ? await startAsProcesses(db, topic, groupPrefix)
        : await startInProcess(db, topic, groupPrefix);
    log(`${mode}: relay and projections running`);

    // Positions in order as appended (concurrent appends return nearly in order: insert from the end).
    const order: { position: number; at: number }[] = [];
    const measured = new Map<number, number>();
    const seenAt = new Map<number, number>();
    let next = 0; // index into order of the first event not yet seen by every read model
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const { rows } = await db.appPool.query<{ p: string | null }>(
          // Only once every read model has its checkpoint row; until then nothing has passed.
          'select case when count(*) = $2 then min(position) end as p from projection_checkpoints where name = any($1)',
          [names, names.length],
        );
        const now = wallClockMs();
        const passed = rows[0]?.p == null ? 0 : Number(rows[0].p);
        while (next < order.length && (order[next]?.position ?? Infinity) <= passed) {
          seenAt.set(order[next]?.position as number, now);
          next += 1;
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    })();

    const steady = (seconds: number, record: boolean) =>
      appendSteadily({
        store,
        feed,
        meta,
        rate: RATE,
        seconds,
        chunk: CHUNK,
        appenders: APPENDERS,
        appended(positions) {
          const at = wallClockMs();
          for (const position of positions) {
            let i = order.length;
            while (i > next && (order[i - 1]?.position ?? 0) > position) i--;
            order.splice(i, 0, { position, at });
            if (record) measured.set(position, at);
          }
        },
      });
    await steady(WARMUP_SECONDS, false);
    const start = performance.now();
    // Postgres and Kafka are this worktree's own: their CPU is what the bench's pipeline made them do.
    const postmaster = await postmasterPidOf(db.appPool);
    const kafkaPid = readPid('kafka');
    const cpuSeconds = (): Record<string, number> => ({
      ...pipeline?.cpuSeconds(),
      postgres: postgresCpuSeconds(postmaster),
      kafka: kafkaPid === undefined ? Number.NaN : processTreeCpuSeconds(kafkaPid),
    });
    const cpuAtStart = cpuSeconds();
    const sent = await steady(STEADY_SECONDS, true);
    const seconds = (performance.now() - start) / 1000;
    const cpuAtEnd = cpuSeconds();
    // CPU per 1,000 events by role: a cost that, unlike the lag, hardly depends on the machine's load.
    const cpuMsPerThousandEvents = Object.fromEntries(
      Object.entries(cpuAtEnd).map(([role, end]) => [
        role,
        Math.round(((end - (cpuAtStart[role] ?? 0)) * 1e6) / sent),
      ]),
    );
    // Share of one core each process used during the measured part (the machine has os.cpus() cores).
    const cpuPercentOfOneCore = Object.fromEntries(
      Object.entries(cpuAtEnd).map(([role, end]) => [
        role,
        Math.round(((end - (cpuAtStart[role] ?? 0)) / seconds) * 100),
      ]),
    );
    const deadline = Date.now() + 120_000;
    while (next < order.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    polling = false;
    await poller;
    const loadAtEnd = os.loadavg();
    if (next < order.length)
      throw new Error(`read models did not catch up: ${order.length - next} events behind`);
    const records = await pipeline.stop();
    pipeline = undefined;
    const report = hopReport(measured, seenAt, records);
    const roundTrips = roundTripCounts(records, order.length);
    const achievedRate = perSecond(sent, seconds);
    log(
      `${mode}: ${sent} events in ${seconds.toFixed(1)} s (${achievedRate}/s); lag p50 ${report.endToEnd.p50Ms} ms, p99 ${report.endToEnd.p99Ms} ms; load ${loadAtEnd.map((l) => l.toFixed(2)).join(' ')}`,
    );
    for (const line of hopLines(report)) log(`  ${line}`);
    log(`  CPU % of one core: ${JSON.stringify(cpuPercentOfOneCore)}`);
    log(`  CPU ms per 1,000 events: ${JSON.stringify(cpuMsPerThousandEvents)}`);
    log(`  round trips: ${JSON.stringify(roundTrips)}`);
    return {
      mode,
      achievedRate,
      seconds,
      loadAverage: { atStart: loadAtStart, atEnd: loadAtEnd },
      cpuPercentOfOneCore,
      cpuMsPerThousandEvents,
      roundTrips,
      ...report,
    };
  } finally {
    await pipeline?.stop();
    await db.drop();
  }
}

const bench: Bench = {
  name: 'lag',
  description: `end-to-end lag at ${RATE} events/s for ${STEADY_SECONDS} s (after ${WARMUP_SECONDS} s warm-up), per hop; modes: ${MODES.join(', ')}`,
  async run({ log }) {
    await servicesUp(['postgres', 'kafka']);
    const modes = [];
    for (const mode of MODES) modes.push(await measureMode(mode, log));
    return {
      summary: modes.map(
        (m) =>
          `${m.mode}: steady ${m.achievedRate} events/s (target ${RATE}) for ${m.seconds.toFixed(0)} s: append→all ${names.length} read models p50 ${m.endToEnd.p50Ms} ms, p99 ${m.endToEnd.p99Ms} ms (max ${m.endToEnd.maxMs} ms), load ${m.loadAverage.atEnd.map((l) => l.toFixed(2)).join(' ')}`,
      ),
      metrics: {
        targetRate: RATE,
        eventsPerAppend: CHUNK,
        appendersInFlight: APPENDERS,
        warmupSeconds: WARMUP_SECONDS,
        pollMs: POLL_MS,
        measuredFrom: 'store.append resolved (commit) in the appender',
        measuredTo: `every read model's checkpoint at or past the event, polled every ${POLL_MS} ms`,
        hops: HOPS,
        modes,
      },
    };
  },
};

export default bench;
