import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { EVENT_COLUMNS, EventStore } from '../eventstore';
import { GAP_SAFE_CUTOFF } from '../eventstore/gap-safe';
import { servicesUp } from '../services/index';
import { createTestDatabase } from '../test/support/database';
import { processCpuSeconds } from './postgres-cpu';
import { appends, meta } from './task-lifecycles';
import type { Bench } from './types';

/**
 * What one empty look of the relay costs Postgres: EventStore.readAll past the head, as the relay
 * reads when caught up (the cutoff joined: worked out at every look, reading pg_locks whenever a
 * transaction runs), against the same read with the cutoff as a subquery (worked out only once a
 * visible row past the position is checked, so an empty look skips pg_locks). Each form runs on a
 * connection of its own; the CPU time of its backend comes from /proc (Postgres runs on this machine),
 * taken in rounds that alternate the two forms, so both see the same load. Transactions stay open
 * beside them, as projection batches, appends and checkpoint writes keep some open all the time.
 * Measured: the two cost the same (about 90 µs), so readAll keeps the join; an empty look costs its
 * statement, not pg_locks, and only fewer looks make following the log cheaper.
 */
const LOOKS = Number(process.env.BENCH_LOOKS ?? 20_000);
const ROUND = 500;
const OPEN_TRANSACTIONS = 3;

const subqueryCutoff = `with ${GAP_SAFE_CUTOFF}
  select ${EVENT_COLUMNS} from events
  where global_position > $1 and transaction_id < (select xid from cutoff)
    and ($3::timestamptz is null or occurred_at <= $3)
    and ($4::timestamptz is null or recorded_at <= $4)
  order by global_position limit $2`;

const cpuSeconds = processCpuSeconds;

const bench: Bench = {
  name: 'relay-looks',
  description: `Postgres CPU per empty relay look: readAll (cutoff joined) vs the cutoff as a subquery, ${LOOKS} looks each`,
  async run({ log }) {
    await servicesUp(['postgres']);
    const db = await createTestDatabase('bench_relay_looks', { poolSize: 4 });
    const open: pg.Client[] = [];
    const clients: pg.Client[] = [];
    try {
      const store = new EventStore(db.appPool);
      const feed = appends(randomUUID().slice(0, 8));
      for (let i = 0; i < 20; i++) {
        const next = feed.next().value;
        if (next) await store.append(next.streamId, 'any', next.events, meta());
      }
      const head = (await store.head()).position;
      for (let i = 0; i < OPEN_TRANSACTIONS; i++) {
        const c = new pg.Client({ connectionString: db.appUrl });
        await c.connect();
        await c.query('begin');
        await c.query('select pg_current_xact_id()');
        open.push(c);
      }
      const forms = [
        { name: 'joined (readAll)', text: '' },
        { name: 'subquery', text: subqueryCutoff },
      ];
      const measured = [];
      for (const form of forms) {
        const client = new pg.Client({ connectionString: db.appUrl });
        await client.connect();
        clients.push(client);
        const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
        measured.push({ ...form, client, pid: rows[0]?.pid as number, cpu: 0, looks: 0, rows: 0 });
      }
      // The joined form is EventStore.readAll's own statement.
      const readAllForm = measured[0];
      if (readAllForm) readAllForm.text = await captureReadAllText(head);
      const loadAtStart = os.loadavg();
      for (let done = 0; done < LOOKS; done += ROUND) {
        for (const m of measured) {
          const before = cpuSeconds(m.pid);
          for (let i = 0; i < ROUND; i++) {
            const { rowCount } = await m.client.query({
              name: 'look',
              text: m.text,
              values: [head, 500, null, null],
            });
            m.rows += rowCount ?? 0;
          }
          m.cpu += cpuSeconds(m.pid) - before;
          m.looks += ROUND;
        }
      }
      const loadAtEnd = os.loadavg();
      const forms_ = measured.map((m) => ({
        form: m.name,
        looks: m.looks,
        rowsFound: m.rows,
        postgresCpuSeconds: Math.round(m.cpu * 100) / 100,
        postgresCpuUsPerLook: Math.round((m.cpu * 1e6) / m.looks),
      }));
      for (const f of forms_) log(`${f.form}: ${f.postgresCpuUsPerLook} µs Postgres CPU per empty look`);
      return {
        summary: forms_.map(
          (f) =>
            `${f.form}: ${f.postgresCpuUsPerLook} µs backend CPU per empty look (${f.looks} looks, ${OPEN_TRANSACTIONS} transactions open beside), load ${loadAtEnd.map((l) => l.toFixed(1)).join(' ')}`,
        ),
        metrics: {
          openTransactions: OPEN_TRANSACTIONS,
          measuredWith: '/proc/<backend pid>/stat utime+stime, in alternating rounds of 500 looks',
          loadAverage: { atStart: loadAtStart, atEnd: loadAtEnd },
          forms: forms_,
        },
      };
    } finally {
      for (const c of [...open, ...clients]) await c.end().catch(() => undefined);
      await db.drop();
    }

    /** The statement text EventStore.readAll sends (caught from a pool that only records it). */
    async function captureReadAllText(after: number): Promise<string> {
      let text = '';
      const recorder = {
        query: async (config: { text: string }) => {
          text = config.text;
          return { rows: [] };
        },
      } as unknown as pg.Pool;
      await new EventStore(recorder).readAll({ after, limit: 500 });
      return text;
    }
  },
};

export default bench;
