import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
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
 * `ARSHJUL_BASELINE_STORE=/path/to/other/checkout/eventstore/index.ts` adds that checkout's EventStore (on
 * a pool of its own) as a variant taking its turn in every round.
 * Usage: `node --import tsx bench/append-writers-wait.ts [appends per writer and round=150] [rounds=4]`.
 */
const EACH = Number(process.argv[2] ?? 150);
const ROUNDS = Number(process.argv[3] ?? 4);
const WRITERS = 8;

await servicesUp(['postgres']);
const db = await createTestDatabase('writerswait', { poolSize: WRITERS + 1 });
const pools: pg.Pool[] = [];

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
  type Appender = Pick<EventStore, 'append'>;
  const stores: [string, Appender][] = [['store', new EventStore(db.appPool)]];
  const baseline = process.env.ARSHJUL_BASELINE_STORE;
  if (baseline) {
    // The other checkout shares node_modules (a symlink): its metrics would be registered twice.
    (await import('prom-client')).register.clear();
    const mod = (await import(pathToFileURL(baseline).href)) as {
      EventStore: new (pool: pg.Pool) => Appender;
    };
    const pool = new pg.Pool({ connectionString: db.appUrl, max: WRITERS });
    pools.push(pool);
    stores.push(['baseline store', new mod.EventStore(pool)]);
  }
  const versions = new Map<string, number>();
  const appendTo = async (store: Appender, stream: string, i: number) => {
    const r = await store.append(stream, versions.get(stream) ?? 'no_stream', [newEvent(i)], meta(i));
    versions.set(stream, r.streamVersion);
  };
  // Each variant writes to municipalities of its own (conc0..7, concb0..7, ...).
  const prefix = (k: number) => `conc${'b'.repeat(k)}`;
  for (const [k, [, store]] of stores.entries())
    for (let i = 0; i < 200; i++) await appendTo(store, `cycle-${prefix(k)}${i % 8}-2026`, i);
  for (let round = 0; round < ROUNDS; round++) {
    const head = Number(
      (await db.adminPool.query<{ p: string }>('select max(global_position) p from events')).rows[0]?.p,
    );
    const order = [...stores.entries()];
    for (const [k, [name, store]] of round % 2 === 0 ? order : order.reverse()) {
      const s = await sampled(db.adminPool, () =>
        Promise.all(
          Array.from({ length: WRITERS }, async (_, w) => {
            for (let i = 0; i < EACH; i++) await appendTo(store, `cycle-${prefix(k)}${w}-2027`, i);
          }),
        ),
      );
      add(name, WRITERS * EACH, s);
    }
    // The plain INSERT writes as many rows as one variant did (the first variant's own rows).
    const rows = (await rowsBetween(db.adminPool, head + 1, Number.MAX_SAFE_INTEGER))
      .filter((r) => r.stream_id.startsWith(`cycle-${prefix(0)}`) && r.stream_id.endsWith('-2027'))
      .slice(0, WRITERS * EACH);
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
  const p = totals.get('plain');
  for (const [name] of stores) {
    const t = totals.get(name);
    if (t && p) console.log(`${name}/plain ${(t.events / t.seconds / (p.events / p.seconds)).toFixed(2)}`);
  }
  console.log(`load ${os.loadavg()[0]?.toFixed(1)}`);
} finally {
  await Promise.all(pools.map((p) => p.end()));
  await db.drop();
}
