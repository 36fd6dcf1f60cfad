import type pg from 'pg';
import { EventStore, type NewEvent, startHashWorkers } from '../eventstore';
import { servicesUp } from '../services/index';
import { createTestDatabase } from '../test/support/database';
import { type Alternated, alternated } from './alternated';
import { benchMetadata as meta, benchEvent as newEvent } from './bench-events';
import { INSERT_ONE, PLAIN_COLUMNS, PLAIN_TABLE, type Row, rowsBetween, single } from './plain-baseline';
import { type Bench, perSecond, timed } from './types';

// ARSHJUL_BENCH_SCALE (e.g. 0.05) shrinks every count for quick runs while developing.
const SCALE = Number(process.env.ARSHJUL_BENCH_SCALE ?? 1);
const scaled = (n: number, min: number) => Math.max(min, Math.round(n * SCALE));
const SINGLE_APPENDS = scaled(3000, 100);
const CONCURRENT_WRITERS = 8;
const CONCURRENT_APPENDS_EACH = scaled(300, 20);
const BATCHES_OF_100 = scaled(200, 10);
const BULK_BATCH = 1000;
const BULK_EVENTS = scaled(1_000, 10) * BULK_BATCH;
const PAGE = 5000;
/** Turns the store and the plain INSERT take in each of 1–3 (bench/alternated.ts). */
const ROUNDS = 10;

/** Same statement shape as EventStore.append uses for its rows. */
function insertMany(pool: pg.Pool, rows: Row[]) {
  return pool.query(
    `insert into plain_events (${PLAIN_COLUMNS})
     select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::int[], $7::jsonb[],
                          $8::jsonb[], $9::timestamptz[], $10::bytea[], $11::bytea[])`,
    [
      rows.map((r) => r.global_position),
      rows.map((r) => r.stream_id),
      rows.map((r) => r.stream_version),
      rows.map((r) => r.event_id),
      rows.map((r) => r.type),
      rows.map((r) => r.schema_version),
      rows.map((r) => r.data),
      rows.map((r) => r.metadata),
      rows.map((r) => r.occurred_at),
      rows.map((r) => r.prev_hash),
      rows.map((r) => r.hash),
    ],
  );
}

const bench: Bench = {
  name: 'eventstore',
  description: `append throughput vs plain INSERT, readAll and verify over ${BULK_EVENTS.toLocaleString('en')}+ events`,
  async run({ log }) {
    await servicesUp(['postgres']);
    const db = await createTestDatabase('bench', { poolSize: CONCURRENT_WRITERS + 2 });
    try {
      const store = new EventStore(db.appPool);
      await db.adminPool.query(PLAIN_TABLE);
      const versions = new Map<string, number>();
      const appendTo = async (stream: string, events: NewEvent[], i: number) => {
        const r = await store.append(stream, versions.get(stream) ?? 'no_stream', events, meta(i));
        versions.set(stream, r.streamVersion);
        return r;
      };

      // Warm-up (connections, plans, caches); not measured.
      for (let i = 0; i < 200; i++) await appendTo(`cycle-warm-${2000 + (i % 10)}`, [newEvent(i)], i);
      await insertMany(db.appPool, await rowsBetween(db.adminPool, 1, (await store.head()).position));

      // 1–3 take turns with the plain INSERT of the same rows, ROUNDS times (bench/alternated.ts).
      const turns = {
        head: async () => (await store.head()).position,
        rowsBetween: (from: number, to: number) => rowsBetween(db.adminPool, from, to),
      };
      // 1. Single-event transactions, one writer.
      log(`single-event appends x${SINGLE_APPENDS}, ${ROUNDS} turns with the plain INSERT`);
      const perRound = (n: number) => Math.max(1, Math.round(n / ROUNDS));
      const single1 = await alternated({
        ...turns,
        rounds: ROUNDS,
        store: async (round) => {
          for (let k = 0; k < perRound(SINGLE_APPENDS); k++) {
            const i = round * perRound(SINGLE_APPENDS) + k;
            await appendTo(`cycle-single-${2000 + (i % 100)}`, [newEvent(i)], i);
          }
        },
        plain: async (rows) => {
          for (const r of rows) await db.appPool.query(INSERT_ONE, single(r));
        },
      });

      // 2. Single-event transactions, concurrent writers, each on a municipality of its own (own chain).
      log(`single-event appends, ${CONCURRENT_WRITERS} writers x${CONCURRENT_APPENDS_EACH}`);
      const concurrent = await alternated({
        ...turns,
        rounds: ROUNDS,
        store: (round) =>
          Promise.all(
            Array.from({ length: CONCURRENT_WRITERS }, async (_, w) => {
              for (let k = 0; k < perRound(CONCURRENT_APPENDS_EACH); k++) {
                const i = round * perRound(CONCURRENT_APPENDS_EACH) + k;
                await appendTo(`cycle-conc${w}-2027`, [newEvent(i)], i);
              }
            }),
          ).then(() => undefined),
        plain: (rows) =>
          Promise.all(
            Array.from({ length: CONCURRENT_WRITERS }, async (_, w) => {
              for (const r of rows.filter((_, k) => k % CONCURRENT_WRITERS === w))
                await db.appPool.query(INSERT_ONE, single(r));
            }),
          ).then(() => undefined),
      });

      // 3. Batches of 100 events per transaction.
      log(`batch appends, ${BATCHES_OF_100} x 100`);
      const batches = await alternated({
        ...turns,
        rounds: ROUNDS,
        store: async (round) => {
          for (let k = 0; k < perRound(BATCHES_OF_100); k++) {
            const b = round * perRound(BATCHES_OF_100) + k;
            await appendTo(
              `cycle-batch-${2000 + (b % 20)}`,
              Array.from({ length: 100 }, (_, j) => newEvent(b * 100 + j)),
              b,
            );
          }
        },
        plain: async (rows) => {
          for (let k = 0; k < rows.length; k += 100) await insertMany(db.appPool, rows.slice(k, k + 100));
        },
      });
      let head = (await store.head()).position;

      // 4. Bulk load through the store's own append (batches of 1000), so the chain is the real one.
      log(`bulk load ${BULK_EVENTS.toLocaleString('en')} events via append(), batches of ${BULK_BATCH}`);
      const bulk = await timed(async () => {
        for (let b = 0; b < BULK_EVENTS / BULK_BATCH; b++) {
          await appendTo(
            `task-bulk${b % 8}.2027.load.o${b}`,
            Array.from({ length: BULK_BATCH }, (_, k) => newEvent(b * BULK_BATCH + k)),
            b,
          );
          if ((b + 1) % 100 === 0) log(`  ${((b + 1) * BULK_BATCH).toLocaleString('en')}`);
        }
      });
      head = (await store.head()).position;
      await db.adminPool.query('vacuum analyze events');
      const size = await db.adminPool.query<{ table: string; total: string }>(
        `select pg_size_pretty(pg_relation_size('events')) as table, pg_size_pretty(pg_total_relation_size('events')) as total`,
      );

      // 5. Read the whole log, page by page, as a catch-up reader would.
      log(`readAll over ${head.toLocaleString('en')} events, pages of ${PAGE}`);
      const readAll = await timed(async () => {
        let after = 0;
        let count = 0;
        for (;;) {
          const page = await store.readAll({ after, limit: PAGE });
          count += page.length;
          if (page.length < PAGE) return count;
          after = page.at(-1)?.globalPosition ?? after;
        }
      });
      if (readAll.value !== head) throw new Error(`readAll saw ${readAll.value} events, head is ${head}`);

      // 6. Verify every chain: content hashes on worker threads, the walk on this one.
      const total = Number(
        (await db.adminPool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n ?? 0,
      );
      const workers = startHashWorkers();
      // Not measured: the workers' start (each compiles the TypeScript it runs) and their connections.
      await store.verify({ chainId: 'bulk0', workers });
      log(
        `verify over ${total.toLocaleString('en')} events, batches of ${PAGE}, ${workers.size} hash workers`,
      );
      const verify = await timed(() => store.verify({ batchSize: PAGE, workers })).finally(() =>
        workers.close(),
      );
      if (!verify.value.ok || verify.value.count !== total)
        throw new Error(`verify failed: ${JSON.stringify(verify.value)}`);
      log('verify again on this thread only, for comparison');
      const verifyOneThread = await timed(() => store.verify({ batchSize: PAGE }));
      if (!verifyOneThread.value.ok)
        throw new Error(`verify failed: ${JSON.stringify(verifyOneThread.value)}`);

      const pgVersion = (await db.adminPool.query<{ server_version: string }>('show server_version')).rows[0]
        ?.server_version;
      const settings = await db.adminPool.query<{ name: string; setting: string }>(
        `select name, setting from pg_settings where name in ('shared_buffers', 'synchronous_commit', 'fsync', 'wal_level')`,
      );
      const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
      const figures = (t: Alternated) => ({
        events: t.rows,
        rounds: ROUNDS,
        seconds: t.storeSeconds,
        eventsPerSecond: perSecond(t.rows, t.storeSeconds),
        plainInsertPerSecond: perSecond(t.rows, t.plainSeconds),
        ratioToPlain: ratio(t.plainSeconds, t.storeSeconds),
      });
      const metrics = {
        postgres: pgVersion,
        settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
        appendSingle: figures(single1),
        appendSingleConcurrent: { writers: CONCURRENT_WRITERS, ...figures(concurrent) },
        appendBatch100: figures(batches),
        bulkLoadBatch1000: {
          method: 'EventStore.append, 1000 events per call',
          events: BULK_EVENTS,
          seconds: bulk.seconds,
          eventsPerSecond: perSecond(BULK_EVENTS, bulk.seconds),
        },
        storeSize: { events: head, table: size.rows[0]?.table, withIndexes: size.rows[0]?.total },
        readAll: {
          events: readAll.value,
          pageSize: PAGE,
          seconds: readAll.seconds,
          eventsPerSecond: perSecond(readAll.value, readAll.seconds),
        },
        verify: {
          events: verify.value.count,
          batchSize: PAGE,
          hashWorkers: workers.size,
          seconds: verify.seconds,
          eventsPerSecond: perSecond(verify.value.count, verify.seconds),
          oneThreadEventsPerSecond: perSecond(verifyOneThread.value.count, verifyOneThread.seconds),
        },
      };
      const n = (x: number) => x.toLocaleString('en');
      const m = metrics;
      return {
        metrics,
        summary: [
          `Postgres ${pgVersion}, synchronous_commit=${m.settings.synchronous_commit}, shared_buffers=${m.settings.shared_buffers} (8kB pages)`,
          `append, 1 event/tx, 1 writer:   ${n(m.appendSingle.eventsPerSecond)} ev/s  (plain INSERT ${n(m.appendSingle.plainInsertPerSecond)} ev/s; store = ${m.appendSingle.ratioToPlain}x plain)`,
          `append, 1 event/tx, ${CONCURRENT_WRITERS} writers on ${CONCURRENT_WRITERS} municipalities:  ${n(m.appendSingleConcurrent.eventsPerSecond)} ev/s  (plain INSERT ${n(m.appendSingleConcurrent.plainInsertPerSecond)} ev/s; store = ${m.appendSingleConcurrent.ratioToPlain}x plain)`,
          `append, 100 events/tx:          ${n(m.appendBatch100.eventsPerSecond)} ev/s  (plain INSERT ${n(m.appendBatch100.plainInsertPerSecond)} ev/s; store = ${m.appendBatch100.ratioToPlain}x plain)`,
          `bulk load via append, 1000/tx:  ${n(m.bulkLoadBatch1000.eventsPerSecond)} ev/s  (${n(BULK_EVENTS)} events in ${m.bulkLoadBatch1000.seconds.toFixed(1)} s)`,
          `readAll over ${n(head)} events:  ${n(m.readAll.eventsPerSecond)} ev/s  (${m.readAll.seconds.toFixed(1)} s, pages of ${PAGE})`,
          `verify over ${n(total)} events:   ${n(m.verify.eventsPerSecond)} ev/s  (${m.verify.seconds.toFixed(1)} s, ${workers.size} hash workers; one thread ${n(m.verify.oneThreadEventsPerSecond)} ev/s)`,
          `events table ${m.storeSize.table}, with indexes ${m.storeSize.withIndexes}`,
        ],
      };
    } finally {
      await db.drop();
    }
  },
};

export default bench;
