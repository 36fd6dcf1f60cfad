import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { register } from 'prom-client';
import { EventStore } from '../eventstore';
import * as currentModels from '../projections/read-models/index';
import * as currentRebuild from '../projections/rebuild';
import { partitionThreadsCpuSeconds, rebuildPartitions } from '../projections/rebuild-partitions';
import { TICKS_PER_SECOND, threadCpuTicks } from '../projections/thread-cpu-ticks';
import { aleScenario, appendScenario } from '../test/projections/scenario';
import { dumpTables } from '../test/projections/support';
import { createTestDatabase } from '../test/support/database';
import { postgresCpuSeconds, postmasterPidOf } from './postgres-cpu';
import { appendCount, appends } from './task-lifecycles';

/**
 * Old against new rebuild, alternated in the same period over one store, so both see the same load:
 * `BENCH_REBUILD_BASELINE=<a checkout of the old tree, with node_modules> node --import tsx
 * bench/rebuild-compare.ts`. Per run: events of the log per second of wall time, CPU per event of this
 * process (every thread: process.cpuUsage) and of the Postgres cluster (its backends' /proc ticks), and
 * the idle-machine bound: the cores over the CPU per event. Both rebuilds' tables are compared at the
 * end. BENCH_REBUILD_DATABASE_URL reuses a database that holds the history already;
 * ARSHJUL_REBUILD_PARTITIONS sets the new one's partitions (rebuild-partitions.ts).
 * BENCH_REBUILD_COMPARE_SUFFIX names the result file (rebuild-compare<suffix>.json).
 */
const BASELINE = process.env.BENCH_REBUILD_BASELINE;
const EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_REBUILD_ROUNDS ?? 5);
if (!BASELINE) throw new Error('BENCH_REBUILD_BASELINE: the old tree to compare with');
// The rebuild and the read models only: the projections' index brings metrics that register globally.
type Projections = typeof currentRebuild & typeof currentModels;
const current: Projections = { ...currentRebuild, ...currentModels };
// The old tree's own metrics module registers the same names again: it gets a registry of its own.
register.clear();
const load = (file: string) => import(pathToFileURL(path.join(BASELINE, file)).href);
const baseline = {
  ...(await load('projections/rebuild.ts')),
  ...(await load('projections/read-models/index.ts')),
} as Projections;

/** CPU seconds this thread has used (/proc/thread-self: Linux). */
const threadCpuSeconds = () => threadCpuTicks() / TICKS_PER_SECOND;

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function history(): Promise<{ pool: pg.Pool; done: () => Promise<void> }> {
  const url = process.env.BENCH_REBUILD_DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 24 });
    return { pool, done: () => pool.end() };
  }
  const db = await createTestDatabase('bench_rebuild_compare', { poolSize: 24 });
  const store = new EventStore(db.appPool);
  await appendScenario(store, aleScenario());
  await appendCount(store, appends(randomUUID().slice(0, 8)), EVENTS);
  return { pool: db.appPool, done: () => db.drop() };
}

const { pool, done } = await history();
try {
  const postmaster = await postmasterPidOf(pool);
  const cores = os.availableParallelism();
  const variants = { old: baseline, new: current } as const;
  // Warm-up, not measured: connections, plans, the partition threads' start (asked
  // for: a process whose threads have not started folds a log under 250,000 events in one pass; the
  // old rebuild ignores the option).
  for (const v of Object.values(variants))
    await v.rebuildProjections(pool, v.PROJECTIONS, { partitions: rebuildPartitions() });
  const runs: Record<string, unknown>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, v] of r % 2 ? Object.entries(variants).reverse() : Object.entries(variants)) {
      const loadAverage = round(os.loadavg()[0] ?? 0, 2);
      const cpu = process.cpuUsage();
      const mainBefore = threadCpuSeconds();
      const partitionBefore = partitionThreadsCpuSeconds();
      const pgBefore = postgresCpuSeconds(postmaster);
      const started = process.hrtime.bigint();
      const result = await v.rebuildProjections(pool, v.PROJECTIONS);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpu);
      const mainMicros = (threadCpuSeconds() - mainBefore) * 1e6;
      // The new rebuild's partition threads (the old has none: 0).
      const partitionMicros = name === 'new' ? (partitionThreadsCpuSeconds() - partitionBefore) * 1e6 : 0;
      const pgMicros = (postgresCpuSeconds(postmaster) - pgBefore) * 1e6;
      const perEvent = (micros: number) => micros / result.logEvents;
      const total = perEvent(used.user + used.system + pgMicros);
      const run = {
        variant: name,
        logEvents: result.logEvents,
        eventsPerSecond: Math.round(result.logEvents / seconds),
        nodeCpuMicrosPerEvent: round(perEvent(used.user + used.system)),
        postgresCpuMicrosPerEvent: round(perEvent(pgMicros)),
        // Of Node's: the thread that reads, folds and writes, the partition threads, the rest (GC helpers).
        mainThreadCpuMicrosPerEvent: round(perEvent(mainMicros)),
        partitionThreadsCpuMicrosPerEvent: round(perEvent(partitionMicros)),
        partitions: (result as { partitions?: number }).partitions ?? 1,
        cpuMicrosPerEvent: round(total),
        // Idle machine: every core busy, or the busiest Node thread as the limit (Postgres aside).
        idleBoundEventsPerSecond: Math.round((cores * 1e6) / total),
        busiestThreadBoundEventsPerSecond: Math.round(
          1e6 / Math.max(perEvent(mainMicros), perEvent(partitionMicros)),
        ),
        loadAverage,
      };
      console.log(JSON.stringify(run));
      runs.push(run);
    }
  }
  const summary = Object.fromEntries(
    Object.keys(variants).map((name) => {
      const of = runs.filter((r) => r.variant === name);
      const m = (key: string) => median(of.map((r) => r[key] as number));
      return [
        name,
        {
          medianEventsPerSecond: m('eventsPerSecond'),
          medianNodeCpuMicrosPerEvent: m('nodeCpuMicrosPerEvent'),
          medianPostgresCpuMicrosPerEvent: m('postgresCpuMicrosPerEvent'),
          medianCpuMicrosPerEvent: m('cpuMicrosPerEvent'),
          medianMainThreadCpuMicrosPerEvent: m('mainThreadCpuMicrosPerEvent'),
          medianPartitionThreadsCpuMicrosPerEvent: m('partitionThreadsCpuMicrosPerEvent'),
          medianBusiestThreadBoundEventsPerSecond: m('busiestThreadBoundEventsPerSecond'),
          idleBoundEventsPerSecond: Math.round((cores * 1e6) / m('cpuMicrosPerEvent')),
        },
      ];
    }),
  );
  // The same read models either way.
  await baseline.rebuildProjections(pool, baseline.PROJECTIONS);
  const before = await Promise.all(current.PROJECTIONS.map((p) => dumpTables(pool, p)));
  await current.rebuildProjections(pool, current.PROJECTIONS);
  const after = await Promise.all(current.PROJECTIONS.map((p) => dumpTables(pool, p)));
  const sameTables = JSON.stringify(before) === JSON.stringify(after);
  console.log(JSON.stringify({ summary, sameTables }));
  const out = path.join(
    import.meta.dirname,
    'results',
    `rebuild-compare${process.env.BENCH_REBUILD_COMPARE_SUFFIX ?? ''}.json`,
  );
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ startedAt: new Date().toISOString(), cores, cpuModel: os.cpus()[0]?.model, summary, sameTables, runs }, null, 2)}\n`,
  );
} finally {
  await done();
}
