import os from 'node:os';
import pg from 'pg';
import { processCpuSeconds } from './postgres-cpu';

/**
 * Backend CPU per single-event append without the network, the client and the WAL flush: a procedure
 * calls append_events (or runs a plain INSERT of a row of the same shape) and commits, in a loop, with
 * synchronous_commit off, as the application role; the backend's own CPU comes from /proc/<pid>/stat.
 * Usage: `node --import tsx bench/append-backend-loop.ts <db>[,<db>...] [chunk=500] [chunks=10]` on
 * migrated databases (the procedures are created in them); the databases take turns, chunk by chunk.
 */
const databases = (process.argv[2] ?? '').split(',').filter(Boolean);
const CHUNK = Number(process.argv[3] ?? 500);
const CHUNKS = Number(process.argv[4] ?? 10);
const port = process.env.ARSHJUL_PG_PORT ?? '5432';
const url = (user: string, database: string) =>
  `postgres://${user}:${user === 'postgres' ? 'postgres' : 'arshjul'}@127.0.0.1:${port}/${database}`;

const SETUP = `
  create table if not exists plain_events (
    global_position bigint primary key, stream_id text, stream_version bigint, event_id uuid, type text,
    schema_version integer, data jsonb, metadata jsonb, occurred_at timestamptz,
    recorded_at timestamptz default now(), transaction_id xid8 default pg_current_xact_id(),
    prev_hash bytea, hash bytea, unique (stream_id, stream_version));
  grant select, insert on plain_events to arshjul;
  create or replace procedure loop_append(n integer) language plpgsql as $$
  declare r record; d bytea := sha256('x'::bytea);
    data jsonb := '[{"goal": "goal-1", "tags": ["skola", "trygghet"], "text": "Andelen elever som känner sig trygga i skolan ska öka; uppföljning sker genom elevenkäten varje vår.", "organ": "organ-1", "value": 1, "period": "2026-T1"}]';
    meta jsonb := '{"actor": "user-1", "occurredAt": "2026-01-01T00:00:00.000Z", "causationId": "cmd-1", "workflowId": "cycle-2027-organ-1", "correlationId": "corr-1"}';
  begin
    for i in 1..n loop
      select * into r from append_events('loop' || (i % 8), 'cycle-loop' || (i % 8) || '-' || (i % 100), -1,
        array[gen_random_uuid()], array['GoalRevised'], array[1], data, d, meta, now());
      commit;
    end loop;
  end $$;
  create or replace procedure loop_plain(n integer) language plpgsql as $$
  declare base bigint := coalesce((select max(global_position) from plain_events), 0); d bytea := sha256('x'::bytea);
    data jsonb := '{"goal": "goal-1", "tags": ["skola", "trygghet"], "text": "Andelen elever som känner sig trygga i skolan ska öka; uppföljning sker genom elevenkäten varje vår.", "organ": "organ-1", "value": 1, "period": "2026-T1"}';
    meta jsonb := '{"actor": "user-1", "occurredAt": "2026-01-01T00:00:00.000Z", "causationId": "cmd-1", "workflowId": "cycle-2027-organ-1", "correlationId": "corr-1"}';
  begin
    for i in 1..n loop
      insert into plain_events (global_position, stream_id, stream_version, event_id, type, schema_version, data,
                                metadata, occurred_at, prev_hash, hash)
      values (base + i, 'cycle-loop' || (i % 8) || '-' || (i % 100), base + i, gen_random_uuid(), 'GoalRevised', 1,
              data, meta, now(), d, d);
      commit;
    end loop;
  end $$;
  grant execute on procedure loop_append, loop_plain to arshjul`;

const backendCpuMs = (pid: number) => processCpuSeconds(pid) * 1000;

const totals = new Map<string, { store: number; plain: number }>();
const sessions = [];
for (const name of databases) {
  const admin = new pg.Client({ connectionString: url('postgres', name) });
  await admin.connect();
  await admin.query(SETUP);
  await admin.end();
  const app = new pg.Client({ connectionString: url('arshjul', name) });
  await app.connect();
  await app.query('set synchronous_commit = off');
  const pid = (await app.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0;
  const run = async (proc: string, n: number) => {
    const before = backendCpuMs(pid);
    await app.query(`call ${proc}(${n})`);
    return backendCpuMs(pid) - before;
  };
  await run('loop_append', 300); // warm-up: plans, caches
  await run('loop_plain', 300);
  sessions.push({ name, app, run });
  totals.set(name, { store: 0, plain: 0 });
}
// Short chunks taken in turn, so every database sees the same machine load; the order flips every chunk,
// so neither database always runs first after the other's plain loop.
for (let chunk = 0; chunk < CHUNKS; chunk++) {
  for (const s of chunk % 2 === 0 ? sessions : [...sessions].reverse()) {
    const t = totals.get(s.name) as { store: number; plain: number };
    t.store += await s.run('loop_append', CHUNK);
    t.plain += await s.run('loop_plain', CHUNK);
  }
}
for (const s of sessions) {
  const t = totals.get(s.name) as { store: number; plain: number };
  const n = CHUNK * CHUNKS;
  console.log(
    `${s.name}: backend ms per append  append_events ${(t.store / n).toFixed(4)}  plain INSERT ${(t.plain / n).toFixed(4)}  plain/append ${(t.plain / t.store).toFixed(3)}  (${n} each, load ${os.loadavg()[0]?.toFixed(1)})`,
  );
  await s.app.end();
}
