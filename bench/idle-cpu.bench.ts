import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { servicesUp } from '../services/index';
import { createTestDatabase } from '../test/support/database';
import { processCpuSeconds, startProcess, stop } from './cli-process';
import type { Bench } from './types';

/**
 * What `arshjul relay run` and `arshjul projections run` cost while nothing is appended: CPU ms per
 * second of each process (utime + stime from /proc), over BENCH_IDLE_SECONDS after they settled. It is
 * the floor every deployment pays all the time: the relay's looks at the store (one per longest pause,
 * relay/poll-pause.ts) and the projections' Kafka fetch loop and heartbeats.
 */
const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const SETTLE_MS = 15_000;

const bench: Bench = {
  name: 'idle-cpu',
  description: `CPU per second of idle relay and projections processes over ${SECONDS} s`,
  async run({ log }) {
    await servicesUp(['postgres', 'kafka']);
    const db = await createTestDatabase('bench_idle_cpu', { poolSize: 2 });
    const run = randomUUID().slice(0, 8);
    const topic = `bench.idle.${run}`;
    const env = {
      DATABASE_URL: db.appUrl,
      ARSHJUL_RELAY_HEALTH_PORT: '0',
      ARSHJUL_PROJECTIONS_HEALTH_PORT: '0',
      ARSHJUL_HEAD_SIGN_INTERVAL_SECONDS: '0',
    };
    const started = await Promise.allSettled([
      startProcess(['relay', 'run', '--topic', topic], env, 'relä:'),
      startProcess(['projections', 'run', '--topic', topic, '--group-prefix', topic], env, 'projektioner:'),
    ]);
    const children = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const [relay, projections] = children.map((c) => c.pid);
      const cpu = () => ({ relay: processCpuSeconds(relay), projections: processCpuSeconds(projections) });
      const before = cpu();
      const loadAtStart = os.loadavg();
      await new Promise((r) => setTimeout(r, SECONDS * 1000));
      const after = cpu();
      const loadAtEnd = os.loadavg();
      const msPerSecond = {
        relay: Math.round(((after.relay - before.relay) * 1000) / SECONDS),
        projections: Math.round(((after.projections - before.projections) * 1000) / SECONDS),
      };
      log(`idle: relay ${msPerSecond.relay} ms CPU/s, projections ${msPerSecond.projections} ms CPU/s`);
      return {
        summary: [
          `idle ${SECONDS} s: relay ${msPerSecond.relay} ms CPU per s, projections ${msPerSecond.projections} ms CPU per s, load ${loadAtEnd.map((l) => l.toFixed(1)).join(' ')}`,
        ],
        metrics: {
          seconds: SECONDS,
          measuredWith: '/proc/<pid>/stat utime+stime of each process',
          loadAverage: { atStart: loadAtStart, atEnd: loadAtEnd },
          cpuMsPerSecond: msPerSecond,
        },
      };
    } finally {
      await Promise.all(children.map(stop));
      await db.drop();
    }
  },
};

export default bench;
