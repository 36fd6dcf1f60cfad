import os from 'node:os';
import type pg from 'pg';
import { EventStore } from '../eventstore';
import { servicesUp } from '../services/index';
import { createTestDatabase } from '../test/support/database';
import { benchMetadata as meta, benchEvent as newEvent } from './bench-events';
import { INSERT_ONE, PLAIN_TABLE, rowsBetween, single } from './plain-baseline';

/**
 * What the backends of 8 concurrent single-event writers (8 municipalities, as in eventstore.bench.ts)
 * wait on, against a plain INSERT of the same rows by 8 writers: pg_stat_activity sampled every ~2 ms
 * from another connection, counted by wait event (none = on a CPU or in the run queue; idle = waiting for
 * Node to send the next statement). Throughput is given beside it, store and plain taking turns round by round.
 * Usage: `node --import tsx bench/append-writers-wait.ts [appends per writer and round=150] [rounds=4]`.
 */
const EACH = Number(process.argv[2] ?? 150);
const ROUNDS = Number(process.argv[3] ?? 4);
const WRITERS = 8;

await servicesUp(['postgres']);
const db = await createTestDatabase('writerswait', { poolSize: WRITERS + 1 });

async function sampled(admin: pg.Pool, act: () => Promise<unknown>) {
  const counts = new Map<string, number>();
  let done = false;
  const sampler = (async () => {
    while (!done) {
      const { rows } = await admin.query<{ w: string }>(
        `select case when state = 'idle' then 'idle (waiting for Node)'
                     else coalesce(wait_event_type || ':' || wait_event, 'none (cpu)') end as w
         from pg_stat_activity where usename = 'arshjul' and backend_type = 'client backend'
           and pid <> pg_backend_pid() and (state <> 'idle' or query not like '%pg_stat_activity%')`,
      );
      for (const r of rows) counts.set(r.w, (counts.get(r.w) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const t0 = performance.now();
  await act();
  const seconds = (performance.now() - t0) / 1000;
  done = true;
  await sampler;
  return { seconds, counts };
}

const totals = new Map<string, { seconds: number; events: number; counts: Map<string, number> }>();
const add = (name: string, events: number, r: { seconds: number; counts: Map<string, number> }) => {
  const t = totals.get(name) ?? { seconds: 0, events: 0, counts: new Map<string, number>() };
  t.seconds += r.seconds;
  t.events += events;
  for (const [k, v] of r.counts) t.counts.set(k, (t.counts.get(k) ?? 0) + v);
  totals.set(name, t);
};

try {
  await db.adminPool.query(PLAIN_TABLE);
  const store = new EventStore(db.appPool);
  const versions = new Map<string, number>();
  const appendTo = async (stream: string, i: number) => {
    const r = await store.append(stream, versions.get(stream) ?? 'no_stream', [newEvent(i)], meta(i));
    versions.set(stream, r.streamVersion);
  };
  for (let i = 0; i < 200; i++) await appendTo(`cycle-warm${i % 8}-2027`, i);
  for (let round = 0; round < ROUNDS; round++) {
    const head = (await store.head()).position;
    const s = await sampled(db.adminPool, () =>
      Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          for (let i = 0; i < EACH; i++) await appendTo(`cycle-conc${w}-2027`, i);
        }),
      ),
    );
    add('store', WRITERS * EACH, s);
    const rows = await rowsBetween(db.adminPool, head + 1, Number.MAX_SAFE_INTEGER);
    const p = await sampled(db.adminPool, () =>
      Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          for (const r of rows.filter((_, k) => k % WRITERS === w))
            await db.appPool.query(INSERT_ONE, single(r));
        }),
      ),
    );
    add('plain', rows.length, p);
  }
  for (const [name, t] of totals) {
    const all = [...t.counts.values()].reduce((a, b) => a + b, 0);
    const shares = [...t.counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${((v / all) * 100).toFixed(0)}%`)
      .join(', ');
    console.log(`${name}: ${Math.round(t.events / t.seconds)} events/s; backend samples: ${shares}`);
  }
  const s = totals.get('store');
  const p = totals.get('plain');
  if (s && p)
    console.log(
      `ratio ${(s.events / s.seconds / (p.events / p.seconds)).toFixed(2)}  load ${os.loadavg()[0]?.toFixed(1)}`,
    );
} finally {
  await db.drop();
}
