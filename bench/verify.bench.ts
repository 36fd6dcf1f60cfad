import os from 'node:os';
import pg from 'pg';
import { EventStore, startHashWorkers } from '../eventstore';
import { migrateDatabase } from '../services/app-database';
import { serviceUrls } from '../services/config';
import { servicesUp } from '../services/index';
import { benchEvent, benchMetadata } from './bench-events';
import { postgresCpuSeconds, postmasterPidOf } from './postgres-cpu';
import { type Bench, perSecond, timed } from './types';

// Verify alone, over a store kept between runs (loading 1M events through append() takes minutes):
// the database arshjul_bench_verify_<events> is loaded once and reused while its count matches.
const EVENTS = Number(process.env.ARSHJUL_BENCH_VERIFY_EVENTS ?? 1_000_000);
const LOAD_BATCH = 1000;
const CHAINS = 8;
const PAGE = 5000;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function loadedStore(log: (line: string) => void): Promise<pg.Pool> {
  const name = `arshjul_bench_verify_${EVENTS}`;
  await migrateDatabase(serviceUrls.adminDatabaseUrl, name);
  const pool = new pg.Pool({ connectionString: withDatabase(serviceUrls.adminDatabaseUrl, name), max: 8 });
  pool.on('error', () => {});
  const count = async () =>
    Number((await pool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n ?? 0);
  let have = await count();
  if (have === EVENTS) return pool;
  if (have > 0) {
    await pool.query('alter table events disable trigger user');
    await pool.query('truncate events');
    await pool.query('alter table events enable trigger user');
  }
  log(`loading ${EVENTS.toLocaleString('en')} events via append(), batches of ${LOAD_BATCH} (once)`);
  const store = new EventStore(pool);
  for (let b = 0; b < EVENTS / LOAD_BATCH; b++) {
    const events = Array.from({ length: LOAD_BATCH }, (_, k) => benchEvent(b * LOAD_BATCH + k));
    await store.append(`task-bulk${b % CHAINS}.2027.load.o${b}`, 'no_stream', events, benchMetadata(b));
    if ((b + 1) % 100 === 0) log(`  ${((b + 1) * LOAD_BATCH).toLocaleString('en')}`);
  }
  await pool.query('vacuum analyze events');
  have = await count();
  if (have !== EVENTS) throw new Error(`loaded ${have} events, expected ${EVENTS}`);
  return pool;
}

/** Wall time, this process's CPU (all its threads) and the Postgres cluster's CPU of one verify. */
async function measured(postmaster: number, run: () => Promise<{ ok: boolean; count: number }>) {
  const cpuBefore = process.cpuUsage();
  const pgBefore = postgresCpuSeconds(postmaster);
  const result = await timed(run);
  const cpu = process.cpuUsage(cpuBefore);
  const pgSeconds = postgresCpuSeconds(postmaster) - pgBefore;
  if (!result.value.ok || result.value.count !== EVENTS)
    throw new Error(`verify failed: ${JSON.stringify(result.value)}`);
  const nodeSeconds = (cpu.user + cpu.system) / 1e6;
  const perEvent = (s: number) => Math.round((s / EVENTS) * 1e7) / 10;
  return {
    seconds: result.seconds,
    eventsPerSecond: perSecond(EVENTS, result.seconds),
    nodeCpuMicrosPerEvent: perEvent(nodeSeconds),
    postgresCpuMicrosPerEvent: perEvent(pgSeconds),
    // On an idle machine with this many cores the CPU time bounds the rate (if the work spreads).
    idleBoundEventsPerSecond: perSecond(EVENTS, (nodeSeconds + pgSeconds) / os.availableParallelism()),
  };
}

const bench: Bench = {
  name: 'verify',
  description: `verify over ${EVENTS.toLocaleString('en')} events in ${CHAINS} chains, with CPU time per event`,
  async run({ log }) {
    await servicesUp(['postgres']);
    const pool = await loadedStore(log);
    try {
      const store = new EventStore(pool);
      const postmaster = await postmasterPidOf(pool);
      const workers = startHashWorkers();
      // Warm-up, not measured: the workers' start (they compile TypeScript) and connections, plans, caches.
      await store.verify({ chainId: 'bulk0', batchSize: PAGE, workers });
      log(
        `verify, ${workers.size} hash workers (load ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')})`,
      );
      const parallel = await measured(postmaster, () => store.verify({ batchSize: PAGE, workers }));
      // The same run the way verify went before: each page one json_agg text, read on this thread,
      // parsed and canonicalised (JSON.parse + canonicalJson) on the workers.
      log('verify again, pages as json_agg text hashed on the workers (the earlier path)');
      const textPages = await measured(postmaster, () =>
        store.verify({ batchSize: PAGE, checkPage: workers.checkPage }),
      ).finally(() => workers.close());
      const loadAverage = os.loadavg();
      const metrics = {
        events: EVENTS,
        chains: CHAINS,
        batchSize: PAGE,
        hashWorkers: workers.size,
        ...parallel,
        jsonAggPages: textPages,
        loadAverage,
      };
      return {
        metrics,
        summary: [
          `verify over ${EVENTS.toLocaleString('en')} events: ${parallel.eventsPerSecond.toLocaleString('en')} ev/s (${parallel.seconds.toFixed(1)} s, load ${loadAverage[0]?.toFixed(1)})`,
          `CPU per event: Node ${parallel.nodeCpuMicrosPerEvent} µs (all threads), Postgres ${parallel.postgresCpuMicrosPerEvent} µs; bound on an idle ${os.availableParallelism()}-core machine ${parallel.idleBoundEventsPerSecond.toLocaleString('en')} ev/s`,
          `earlier path (json_agg pages): ${textPages.eventsPerSecond.toLocaleString('en')} ev/s, CPU per event Node ${textPages.nodeCpuMicrosPerEvent} µs, Postgres ${textPages.postgresCpuMicrosPerEvent} µs; idle bound ${textPages.idleBoundEventsPerSecond.toLocaleString('en')} ev/s`,
        ],
      };
    } finally {
      await pool.end();
    }
  },
};

export default bench;
