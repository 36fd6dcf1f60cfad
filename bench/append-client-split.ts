import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { EventStore } from '../eventstore';
import { servicesUp } from '../services/index';
import { createTestDatabase } from '../test/support/database';
import { benchMetadata as meta, benchEvent as newEvent } from './bench-events';
import { INSERT_ONE, PLAIN_TABLE, rowsBetween, single } from './plain-baseline';
import { processCpuTicks } from './postgres-cpu';

/**
 * Where a single-event append's CPU goes, against a plain INSERT of the very rows the store wrote, on one
 * connection, the variants taking turns chunk by chunk so they see the same machine load. Per call: this
 * process's user and system CPU (/proc/self/stat), the backend's CPU (/proc/<pid>/stat), WAL bytes, wall.
 * `ARSHJUL_BASELINE_STORE=/path/to/other/checkout/eventstore/index.ts` adds that checkout's EventStore as
 * a variant (old and new client code in the same run; both call this database's append_events).
 * Usage: `node --import tsx bench/append-client-split.ts [chunk=500] [chunks=8]`.
 */
const CHUNK = Number(process.argv[2] ?? 500);
const CHUNKS = Number(process.argv[3] ?? 8);

interface Sums {
  nodeUser: number;
  nodeSys: number;
  backend: number;
  wal: number;
  wall: number;
  n: number;
}
const totals = new Map<string, Sums>();

await servicesUp(['postgres']);
const db = await createTestDatabase('appendsplit', { poolSize: 1 });
const walNow = async () =>
  Number(
    (await db.adminPool.query<{ b: string }>("select pg_current_wal_insert_lsn() - '0/0' as b")).rows[0]?.b,
  );

async function measure(name: string, pid: number, act: () => Promise<number>) {
  const w0 = await walNow();
  const b0 = processCpuTicks(pid);
  const n0 = processCpuTicks('self');
  const t0 = performance.now();
  const n = await act();
  const wall = performance.now() - t0;
  const b1 = processCpuTicks(pid);
  const n1 = processCpuTicks('self');
  const w1 = await walNow();
  const t = totals.get(name) ?? { nodeUser: 0, nodeSys: 0, backend: 0, wal: 0, wall: 0, n: 0 };
  t.nodeUser += (n1.user - n0.user) * 10;
  t.nodeSys += (n1.system - n0.system) * 10;
  t.backend += (b1.user + b1.system - b0.user - b0.system) * 10;
  t.wal += w1 - w0;
  t.wall += wall;
  t.n += n;
  totals.set(name, t);
}

type Appender = Pick<EventStore, 'append'>;
// Each variant on a connection of its own (the two stores prepare different statements by one name).
const pools: pg.Pool[] = [];
const ownPool = () => {
  const pool = new pg.Pool({ connectionString: db.appUrl, max: 1 });
  pools.push(pool);
  return pool;
};
const storePool = ownPool();
const stores: [string, Appender, pg.Pool][] = [['store.append', new EventStore(storePool), storePool]];
const baseline = process.env.ARSHJUL_BASELINE_STORE;
if (baseline) {
  // The other checkout shares node_modules (a symlink): its metrics would be registered twice.
  (await import('prom-client')).register.clear();
  const mod = (await import(pathToFileURL(baseline).href)) as { EventStore: new (pool: pg.Pool) => Appender };
  const pool = ownPool();
  stores.push(['baseline store.append', new mod.EventStore(pool), pool]);
}

try {
  await db.adminPool.query(PLAIN_TABLE);
  const pidOf = async (pool: pg.Pool) =>
    (await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0;
  const plainPid = await pidOf(db.appPool);
  const versions = new Map<string, number>();
  let next = 0;
  const appendOne = async (store: Appender, tag: number) => {
    const i = next++;
    const stream = `cycle-cpu${tag}x${i % 4}-${2000 + (i % 100)}`;
    const r = await store.append(stream, versions.get(stream) ?? 'no_stream', [newEvent(i)], meta(i));
    versions.set(stream, r.streamVersion);
  };
  for (const [, store] of stores) for (let i = 0; i < 300; i++) await appendOne(store, 0);
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const order = chunk % 2 === 0 ? stores : [...stores].reverse();
    const before = Number(
      (await db.adminPool.query<{ p: string }>('select coalesce(max(global_position), 0) p from events'))
        .rows[0]?.p,
    );
    for (const [name, store, pool] of order) {
      const pid = await pidOf(pool);
      await measure(name, pid, async () => {
        for (let i = 0; i < CHUNK; i++) await appendOne(store, name.length);
        return CHUNK;
      });
    }
    const rows = await rowsBetween(db.adminPool, before + 1, Number.MAX_SAFE_INTEGER);
    await measure('plain INSERT', plainPid, async () => {
      for (const r of rows) await db.appPool.query({ text: INSERT_ONE, values: single(r) });
      return rows.length;
    });
  }
  for (const [name, t] of totals) {
    const per = (x: number) => (x / t.n).toFixed(3);
    console.log(
      `${name.padEnd(22)} per call, ms: node user ${per(t.nodeUser)} sys ${per(t.nodeSys)}  backend ${per(t.backend)}  wall ${per(t.wall)}  WAL ${(t.wal / t.n).toFixed(0)} B  (${t.n} calls)`,
    );
  }
  console.log(
    `load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await Promise.all(pools.map((p) => p.end()));
  await db.drop();
}
