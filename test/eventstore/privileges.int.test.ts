import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, meta } from './fixtures';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('privileges');
  store = new EventStore(db.appPool);
  await store.append('municipality-ale', 'no_stream', [event('Seeded', { n: 1 })], meta());
});
afterAll(() => db?.drop());

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

const count = async () =>
  Number((await db.adminPool.query<{ n: string }>('select count(*) as n from events')).rows[0]?.n);

/** A row as a forger with the application's credentials would write it: any position, any hash. */
const FORGED_INSERT = `insert into events (global_position, chain_id, chain_position, stream_id, stream_version,
    event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
  values (999999, 'ale', 2, 'municipality-ale', 2, gen_random_uuid(), 'Forged', 1, '{}', '{}', now(),
          '\\x${'00'.repeat(32)}', '\\x${'11'.repeat(32)}')`;

/** Calls append_events directly, as the application role, with the given types, versions and ids. */
const directAppend = (streamId: string, chainId: string, type: string, schemaVersion: number) =>
  db.appPool.query(
    'select * from append_events($1, $2, -1, $3::uuid[], $4, $5, $6::jsonb, $7::bytea, $8::jsonb, now())',
    [
      chainId,
      streamId,
      [randomUUID()],
      [type],
      [schemaVersion],
      '[{}]',
      createHash('sha256').update('x').digest(),
      JSON.stringify(meta()),
    ],
  );

describe('append_events is the only way in', () => {
  it('denies the application role every write on events, and the position sequence', async () => {
    for (const sql of [
      FORGED_INSERT,
      "update events set type = 'X'",
      'delete from events',
      'truncate events',
    ]) {
      const error = await caught(db.appPool.query(sql));
      expect(error, sql).toMatchObject({ code: '42501' });
      expect((error as Error).message).toMatch(/permission denied for table events/);
    }
    const sequence = await caught(db.appPool.query("select nextval('events_global_position_seq')"));
    expect(sequence).toMatchObject({ code: '42501' });
    expect(await count()).toBe(1);
  });

  it('leaves the application role SELECT on events and nothing on its sequence', async () => {
    const table = await db.adminPool.query(
      `select privilege_type from information_schema.role_table_grants
       where table_name = 'events' and grantee = 'arshjul' order by 1`,
    );
    expect(table.rows.map((r) => r.privilege_type)).toEqual(['SELECT']);
    const sequence = await db.adminPool.query(
      `select has_sequence_privilege('arshjul', 'events_global_position_seq', 'usage') as usage,
              has_sequence_privilege('arshjul', 'events_global_position_seq', 'select') as select`,
    );
    expect(sequence.rows[0]).toEqual({ usage: false, select: false });
  });

  it('runs as the migration role that owns events, with a search_path of its own', async () => {
    const { rows } = await db.adminPool.query(
      `select p.prosecdef, p.proconfig, pg_get_userbyid(p.proowner) as owner, pg_get_userbyid(c.relowner) as table_owner,
              has_function_privilege('public', p.oid, 'execute') as public_execute
       from pg_proc p, pg_class c where p.proname = 'append_events' and c.oid = 'public.events'::regclass`,
    );
    expect(rows).toHaveLength(1);
    const fn = rows[0];
    expect(fn.prosecdef).toBe(true);
    expect(fn.proconfig).toContain('search_path=pg_catalog, pg_temp');
    expect(fn.owner).toBe(fn.table_owner);
    expect(fn.public_execute).toBe(false);
  });

  it('writes to the real table even when the caller shadows events with a temporary table', async () => {
    const client = new pg.Client({ connectionString: db.appUrl });
    await client.connect();
    try {
      await client.query('create temporary table events (like public.events)');
      await client.query('set search_path = pg_temp, public');
      const shadowed = new EventStore({ query: client.query.bind(client) } as unknown as pg.Pool);
      const result = await shadowed.append('municipality-ale', 1, [event('Real', { n: 2 })], meta());
      expect(result.streamVersion).toBe(2);
      expect((await client.query('select count(*)::int as n from pg_temp.events')).rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
    const stored = await store.readStream('municipality-ale');
    expect(stored.map((e) => e.type)).toEqual(['Seeded', 'Real']);
    expect((await store.verify({ chainId: 'ale' })).ok).toBe(true);
  });

  it('checks in the function what the dropped CHECK constraints checked, storing nothing', async () => {
    const before = await count();
    for (const [stream, chain, type, version] of [
      ['municipality-lerum', 'lerum', '', 1],
      ['municipality-lerum', 'lerum', 'Typed', 0],
      ['municipality-lerum', 'lerum', 'Typed', -3],
      ['', 'lerum', 'Typed', 1],
      ['municipality-lerum', '', 'Typed', 1],
    ] as const) {
      const error = await caught(directAppend(stream, chain, type, version));
      expect(error, JSON.stringify([stream, chain, type, version])).toMatchObject({ code: '23514' });
    }
    expect(await count()).toBe(before);
    // The same call with valid values goes through, so the refusals above were the checks.
    const ok = await directAppend('municipality-lerum', 'lerum', 'Typed', 1);
    expect(ok.rows[0]).toMatchObject({ r_outcome: 'appended', r_stream_version: '1' });
  });
});

describe('the append-only trigger', () => {
  it('rejects UPDATE, DELETE and TRUNCATE even for the owner', async () => {
    for (const [sql, op] of [
      ["update events set type = 'X'", 'UPDATE'],
      ['delete from events', 'DELETE'],
      ['truncate events', 'TRUNCATE'],
    ] as const) {
      const error = await caught(db.adminPool.query(sql));
      expect(error, sql).toMatchObject({ code: '23001' });
      expect((error as Error).message).toBe(`events are append-only: ${op} on events is not allowed`);
    }
    // Ale's chain only: the direct calls above hashed a made-up digest into Lerum's.
    expect((await store.verify({ chainId: 'ale' })).ok).toBe(true);
  });
});
