import os from 'node:os';
import type pg from 'pg';
import { EventStore } from '../eventstore';
import { servicesUp } from '../services/index';
import { createTestDatabase } from '../test/support/database';
import { benchMetadata as meta, benchEvent as newEvent } from './bench-events';
import { INSERT_ONE, PLAIN_TABLE, rowsBetween, single } from './plain-baseline';
import { processCpuSeconds } from './postgres-cpu';

/**
 * CPU per single-event append, the store against a plain INSERT of the very rows it wrote: the
 * backend's own CPU (/proc/<pid>/stat of the one connection's backend) and this Node process's CPU.
 * Both barely move with the machine's load, unlike wall time. Usage:
 * `node --import tsx bench/append-cpu.ts [appends=2000] [rounds=3]`.
 */
const APPENDS = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);

const backendCpuSeconds = processCpuSeconds;

const nodeCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function measure(pool: pg.Pool, act: () => Promise<void>) {
  const { rows } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
  const pid = rows[0]?.pid ?? 0;
  const b0 = backendCpuSeconds(pid);
  const n0 = nodeCpuSeconds();
  const t0 = performance.now();
  await act();
  return {
    backendMs: ((backendCpuSeconds(pid) - b0) * 1000) / APPENDS,
    nodeMs: ((nodeCpuSeconds() - n0) * 1000) / APPENDS,
    wallMs: (performance.now() - t0) / APPENDS,
  };
}

await servicesUp(['postgres']);
const db = await createTestDatabase('appendcpu', { poolSize: 1 });
const fmt = (x: number) => x.toFixed(3);
try {
  await db.adminPool.query(PLAIN_TABLE);
  const store = new EventStore(db.appPool);
  const versions = new Map<string, number>();
  const appendOne = async (i: number) => {
    const stream = `cycle-cpu${i % 8}-${2000 + (i % 100)}`;
    const r = await store.append(stream, versions.get(stream) ?? 'no_stream', [newEvent(i)], meta(i));
    versions.set(stream, r.streamVersion);
  };
  for (let i = 0; i < 300; i++) await appendOne(i); // warm-up: connection, plans, JIT
  for (let round = 0; round < ROUNDS; round++) {
    const before = await db.adminPool.query<{ p: string }>(
      'select coalesce(max(global_position), 0) p from events',
    );
    const store1 = await measure(db.appPool, async () => {
      for (let i = 0; i < APPENDS; i++) await appendOne(round * APPENDS + i + 300);
    });
    const rows = await rowsBetween(db.adminPool, Number(before.rows[0]?.p) + 1, Number.MAX_SAFE_INTEGER);
    const plain = await measure(db.appPool, async () => {
      // unnamed, as bench/eventstore.bench.ts's baseline
      for (const r of rows) await db.appPool.query({ text: INSERT_ONE, values: single(r) });
    });
    console.log(
      `round ${round + 1}: per append, ms  store backend ${fmt(store1.backendMs)} node ${fmt(store1.nodeMs)} wall ${fmt(store1.wallMs)}` +
        `  | plain backend ${fmt(plain.backendMs)} node ${fmt(plain.nodeMs)} wall ${fmt(plain.wallMs)}` +
        `  | wall ratio ${(plain.wallMs / store1.wallMs).toFixed(2)}  load ${os.loadavg()[0]?.toFixed(1)}`,
    );
  }
} finally {
  await db.drop();
}
