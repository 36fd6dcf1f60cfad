import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { EventStore } from '../eventstore';
import { PROJECTIONS, rebuildProjections } from '../projections';
import { rebuildPartitions } from '../projections/rebuild-partitions';
import { servicesUp } from '../services/index';
import { aleScenario, appendScenario } from '../test/projections/scenario';
import { createTestDatabase } from '../test/support/database';
import { postgresCpuSeconds, postmasterPidOf } from './postgres-cpu';
import { REBUILD_TARGET } from './rebuild-figures';
import { measureSplit } from './rebuild-split';
import { appendCount, appends } from './task-lifecycles';
import { type Bench, perSecond, timed } from './types';

// The rebuild alone (no Kafka, no steady phase), several times over one store, so a figure comes with
// its spread and load average. The same history as the projections bench: the Ale scenario and task
// lifecycles (BENCH_REBUILD_EVENTS, default 20,000 as there).
const EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 20_000);
/**
 * Measured runs (default 9). Within one invocation on a quiet machine the runs went from 28k to 58k
 * events/s as the JIT warmed (7 Dec): with 3 the median was the second, still half cold; a run of
 * 20,000 events takes ~0.3 s, so one GC or scheduling pause moves it by a fifth. The median is the
 * headline, never the best run.
 */
const RUNS = Number(process.env.BENCH_REBUILD_RUNS ?? 9);
/** Rounds of each stage alone for the CPU split (rebuild-split.ts). */
const SPLIT_ROUNDS = Number(process.env.BENCH_REBUILD_SPLIT_ROUNDS ?? 5);
/** A file to write a CPU profile (.cpuprofile, for Chrome DevTools) of the measured rebuilds to. */
const PROFILE = process.env.BENCH_REBUILD_CPU_PROFILE;

const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

const bench: Bench = {
  name: 'rebuild',
  description: `rebuild of all ${PROJECTIONS.length} read models from the store (${rebuildPartitions()} partitions), the median of ${RUNS} measured runs after one warm-up, over the Ale scenario and ${EVENTS} task events (BENCH_REBUILD_EVENTS)`,
  async run({ log }) {
    await servicesUp(['postgres']);
    const db = await createTestDatabase('bench_rebuild', { poolSize: 24 });
    const session = PROFILE ? new Session() : undefined;
    try {
      const store = new EventStore(db.appPool);
      await appendScenario(store, aleScenario());
      const appended = await appendCount(store, appends(randomUUID().slice(0, 8)), EVENTS);
      log(`history: ${appended + aleScenario().length} events appended`);
      const postmaster = await postmasterPidOf(db.appPool);
      // Warm-up, not measured: connections, plans, the JIT's first compilations, the partition
      // threads' start (asked for: a process that has not started them folds a log this small in one
      // pass). Its figures are reported apart (coldRun), beside a cold process' one pass' in the README.
      const coldCpu = process.cpuUsage();
      const cold = await timed(() =>
        rebuildProjections(db.appPool, PROJECTIONS, { partitions: rebuildPartitions() }),
      );
      const coldUsed = process.cpuUsage(coldCpu);
      const coldRun = {
        seconds: round(cold.seconds, 3),
        nodeCpuMicrosPerEvent: round((coldUsed.user + coldUsed.system) / cold.value.logEvents, 1),
        partitions: cold.value.partitions,
      };
      log(`cold run (warm-up): ${JSON.stringify(coldRun)}`);
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const loadAverage = os.loadavg().map((l) => round(l, 2));
        const cpu = process.cpuUsage();
        const pgBefore = postgresCpuSeconds(postmaster);
        const r = await timed(() => rebuildProjections(db.appPool, PROJECTIONS));
        const used = process.cpuUsage(cpu);
        const pgSeconds = postgresCpuSeconds(postmaster) - pgBefore;
        const perEvent = (micros: number) => round(micros / r.value.logEvents, 1);
        const run = {
          eventsPerSecond: perSecond(r.value.logEvents, r.seconds),
          logEvents: r.value.logEvents,
          seconds: round(r.seconds, 3),
          readAndFoldSeconds: round(r.value.foldSeconds, 3),
          writeSeconds: round(r.value.writeSeconds, 3),
          // Every thread of this process (the partition threads too), and the Postgres cluster.
          nodeCpuMicrosPerEvent: perEvent(used.user + used.system),
          postgresCpuMicrosPerEvent: perEvent(pgSeconds * 1e6),
          // An idle machine's bound: every core busy at this CPU per event.
          idleBoundEventsPerSecond: Math.round(
            (os.availableParallelism() * 1e6 * r.value.logEvents) /
              (used.user + used.system + pgSeconds * 1e6),
          ),
          partitions: r.value.partitions,
          foldedAgain: r.value.foldedAgain,
          loadAverage,
        };
        log(`run ${i + 1}: ${JSON.stringify(run)}`);
        runs.push(run);
      }
      if (session && PROFILE) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(PROFILE, JSON.stringify(profile));
        log(`CPU profile: ${PROFILE}`);
      }
      // The CPU split by stage, after the measured runs (not in the profile's window if there is one).
      const split = await measureSplit(db.appPool, postmaster, runs[0]?.logEvents ?? 1, SPLIT_ROUNDS);
      log(`CPU split (median µs/event of ${SPLIT_ROUNDS} rounds): ${JSON.stringify(split)}`);
      const rates = runs.map((r) => r.eventsPerSecond).sort((a, b) => a - b);
      const median = rates[Math.floor(rates.length / 2)] ?? 0;
      return {
        summary: [
          `rebuild, all ${PROJECTIONS.length} read models (${runs[0]?.logEvents ?? 0} events, ${runs[0]?.partitions ?? 1} partitions): ${rates.join(', ')} events/s (median ${median}; target ${REBUILD_TARGET}; idle bound ${medianOf(runs.map((r) => r.idleBoundEventsPerSecond))}; load ${runs.map((r) => r.loadAverage[0]).join(', ')})`,
        ],
        metrics: {
          target: REBUILD_TARGET,
          medianEventsPerSecond: median,
          medianNodeCpuMicrosPerEvent: medianOf(runs.map((r) => r.nodeCpuMicrosPerEvent)),
          medianPostgresCpuMicrosPerEvent: medianOf(runs.map((r) => r.postgresCpuMicrosPerEvent)),
          medianIdleBoundEventsPerSecond: medianOf(runs.map((r) => r.idleBoundEventsPerSecond)),
          coldRun,
          runs,
          cpuSplit: split,
        },
      };
    } finally {
      session?.disconnect();
      await db.drop();
    }
  },
};

export default bench;
