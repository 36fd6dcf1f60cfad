import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, IdempotencyConflictError, VersionConflictError } from '../../eventstore';
import { appMigrationDirs, migrateDatabase } from '../../services/app-database';
import { serviceUrls } from '../../services/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, meta, readAllCaughtUp } from './fixtures';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('store');
  store = new EventStore(db.appPool);
});
afterAll(() => db?.drop());

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('append and read', () => {
  it('stores event types with the characters an array literal quotes, as given', async () => {
    const types = ['Type, with comma', 'Type "quoted"', 'Type \\ backslash', '{Braced}', 'NULL'];
    const events = types.map((type) => event(type, { n: 1 }));
    await store.append('organ-literal', 'no_stream', events, meta());
    const read = await store.readStream('organ-literal');
    expect(read.map((e) => e.type)).toEqual(types);
  });

  it('appends to a new stream and reads it back with data and metadata', async () => {
    const events = [
      event('GoalProposed', { goal: 'Trygg skola', indicators: [1, 2] }),
      event('GoalLinked', { council: 'RM1' }),
    ];
    const result = await store.append(
      'organ-bun',
      'no_stream',
      events,
      meta({ actor: 'user-7', occurredAt: '2025-03-14T09:30:00+01:00', workflowId: 'wf-9' }),
    );
    expect(result.streamVersion).toBe(2);
    expect(result.alreadyAppended).toBe(false);
    expect(result.globalPositions).toHaveLength(2);
    expect(result.globalPositions[1]).toBe((result.globalPositions[0] as number) + 1);

    const read = await store.readStream('organ-bun');
    expect(read.map((e) => [e.streamVersion, e.type, e.eventId, e.schemaVersion])).toEqual([
      [1, 'GoalProposed', events[0]?.eventId, 1],
      [2, 'GoalLinked', events[1]?.eventId, 1],
    ]);
    expect(read[0]?.data).toEqual({ goal: 'Trygg skola', indicators: [1, 2] });
    expect(read[0]?.globalPosition).toBe(result.globalPositions[0]);
    expect(read[0]?.metadata).toEqual({
      actor: 'user-7',
      occurredAt: '2025-03-14T08:30:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      workflowId: 'wf-9',
    });
    // Domain time is kept apart from the database's recording time.
    expect(read[0]?.occurredAt).toBe('2025-03-14T08:30:00.000Z');
    expect(Math.abs(Date.parse(read[0]?.recordedAt ?? '') - Date.now())).toBeLessThan(60_000);

    const row = await db.adminPool.query(
      'select occurred_at, transaction_id::text as xid, octet_length(hash) as h from events where event_id = $1',
      [events[0]?.eventId],
    );
    expect(row.rows[0].occurred_at.toISOString()).toBe('2025-03-14T08:30:00.000Z');
    expect(Number(row.rows[0].xid)).toBeGreaterThan(0);
    expect(row.rows[0].h).toBe(32);
  });

  it('omits workflowId when none is given', async () => {
    await store.append('organ-omit', 'no_stream', [event('X')], meta());
    const [e] = await store.readStream('organ-omit');
    expect(e?.metadata).not.toHaveProperty('workflowId');
  });

  it('reports 0 for a stream that does not exist and reads nothing', async () => {
    expect(await store.streamVersion('nobody')).toBe(0);
    expect(await store.readStream('nobody')).toEqual([]);
  });

  it('reads a stream from a version', async () => {
    await store.append('organ-from', 'no_stream', [event('A'), event('B'), event('C')], meta());
    expect((await store.readStream('organ-from', { fromVersion: 2 })).map((e) => e.type)).toEqual(['B', 'C']);
    expect(await store.streamVersion('organ-from')).toBe(3);
  });

  it('pages through the global log in position order', async () => {
    const all = await readAllCaughtUp(store);
    expect(all.length).toBeGreaterThan(3);
    expect(all.map((e) => e.globalPosition)).toEqual(all.map((_, i) => i + 1));
    const page = await store.readAll({ after: 2, limit: 2 });
    expect(page.map((e) => e.globalPosition)).toEqual([3, 4]);
  });

  it('rejects invalid input before touching the database', async () => {
    await expect(store.append('s', 'no_stream', [], meta())).rejects.toThrow(/at least one event/);
    await expect(store.append('', 'no_stream', [event('A')], meta())).rejects.toThrow(/streamId/);
    await expect(store.append('s', -1, [event('A')], meta())).rejects.toThrow(/expectedVersion/);
    await expect(store.append('s', 'no_stream', [event('A')], meta({ actor: '' }))).rejects.toThrow();
    await expect(
      store.append('s', 'no_stream', [{ ...event('A'), eventId: 'not-a-uuid' }], meta()),
    ).rejects.toThrow();
    await expect(store.append('s', 'no_stream', [event('A', { n: Number.NaN })], meta())).rejects.toThrow(
      /not valid JSON/,
    );
    expect(await store.streamVersion('s')).toBe(0);
  });
});

describe('optimistic concurrency', () => {
  it('accepts the current version and rejects a stale one with a typed error', async () => {
    await store.append('cc', 'no_stream', [event('A')], meta());
    await store.append('cc', 1, [event('B')], meta());
    const error = await caught(store.append('cc', 1, [event('C')], meta()));
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ streamId: 'cc', expected: 1, actual: 2 });
    expect(await store.streamVersion('cc')).toBe(2);
  });

  it("rejects 'no_stream' for an existing stream and a number for a missing one", async () => {
    const e1 = await caught(store.append('cc', 'no_stream', [event('A')], meta()));
    expect(e1).toMatchObject({ name: 'VersionConflictError', expected: 'no_stream', actual: 2 });
    const e2 = await caught(store.append('cc-missing', 3, [event('A')], meta()));
    expect(e2).toMatchObject({ name: 'VersionConflictError', expected: 3, actual: 0 });
  });

  it("appends with 'any' whatever the version, and treats 0 like 'no_stream'", async () => {
    expect((await store.append('cc', 'any', [event('D')], meta())).streamVersion).toBe(3);
    expect((await store.append('cc-any', 'any', [event('D')], meta())).streamVersion).toBe(1);
    expect((await store.append('cc-zero', 0, [event('D')], meta())).streamVersion).toBe(1);
  });
});

describe('idempotency by event id', () => {
  it('appends a retried batch once and returns the original positions, even with a stale expected version', async () => {
    const batch = [event('Submitted', { by: 'sekr' }), event('Decided', { ref: 'BUN 2026-03-01 § 12' })];
    const first = await store.append('idem', 'no_stream', batch, meta());
    await store.append('other-stream', 'any', [event('Noise')], meta());
    await store.append('idem', 2, [event('Later')], meta());

    const retry = await store.append('idem', 'no_stream', batch, meta({ actor: 'system' }));
    expect(retry).toEqual({ ...first, alreadyAppended: true });

    const stream = await store.readStream('idem');
    expect(stream.map((e) => e.type)).toEqual(['Submitted', 'Decided', 'Later']);
    const copies = await db.adminPool.query(
      'select count(*)::int as n from events where event_id = any($1::uuid[])',
      [batch.map((e) => e.eventId)],
    );
    expect(copies.rows[0].n).toBe(2);
  });

  it('treats upper-case ids as the same ids', async () => {
    const e = event('Upper');
    const first = await store.append('idem-upper', 'no_stream', [e], meta());
    const retry = await store.append(
      'idem-upper',
      'no_stream',
      [{ ...e, eventId: e.eventId.toUpperCase() }],
      meta(),
    );
    expect(retry.globalPositions).toEqual(first.globalPositions);
    expect(retry.alreadyAppended).toBe(true);
  });

  it('rejects a reused id with different content', async () => {
    const e = event('Submitted', { by: 'a' });
    await store.append('idem-2', 'no_stream', [e], meta());
    const error = await caught(store.append('idem-2', 'any', [{ ...e, data: { by: 'b' } }], meta()));
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    expect(error).toMatchObject({ eventId: e.eventId, reason: 'different_content' });
    expect((error as Error).message).toMatch(/data differs/);
    const other = await caught(store.append('idem-3', 'any', [e], meta()));
    expect(other).toMatchObject({ reason: 'different_content' });
    expect((other as Error).message).toMatch(/stream 'idem-2'/);
  });

  it('rejects a batch that mixes appended and new ids, or repeats an id', async () => {
    const a = event('A');
    await store.append('idem-4', 'no_stream', [a], meta());
    const partial = await caught(store.append('idem-4', 1, [a, event('B')], meta()));
    expect(partial).toMatchObject({ name: 'IdempotencyConflictError', reason: 'partial_batch' });
    const twice = await caught(store.append('idem-5', 'no_stream', [a, a], meta()));
    expect(twice).toMatchObject({ reason: 'duplicate_in_batch' });
    expect(await store.streamVersion('idem-4')).toBe(1);
  });
});

describe('as-of reads', () => {
  it('returns the state as of a domain date, and as known at a recording time', async () => {
    await store.append('asof', 'no_stream', [event('Jan')], meta({ occurredAt: '2025-01-15T12:00:00Z' }));
    await store.append('asof', 1, [event('Jun')], meta({ occurredAt: '2025-06-15T12:00:00Z' }));
    // recorded_at has microseconds, a Date only milliseconds: step past the millisecond of the append.
    await new Promise((r) => setTimeout(r, 5));
    const midway = new Date();
    await new Promise((r) => setTimeout(r, 20));
    // Back-dated: recorded now, but it happened in March.
    await store.append('asof', 2, [event('MarLate')], meta({ occurredAt: '2025-03-01T12:00:00Z' }));

    const types = async (p: Promise<{ type: string }[]>) => (await p).map((e) => e.type);
    expect(await types(store.readStream('asof', { asOf: '2025-07-01T00:00:00Z' }))).toEqual([
      'Jan',
      'Jun',
      'MarLate',
    ]);
    expect(await types(store.readStream('asof', { asOf: '2025-04-01T00:00:00Z' }))).toEqual([
      'Jan',
      'MarLate',
    ]);
    expect(await types(store.readStream('asof', { asOf: '2024-12-31T23:59:59Z' }))).toEqual([]);
    expect(await types(store.readStream('asof', { knownAt: midway }))).toEqual(['Jan', 'Jun']);
    expect(await types(store.readStream('asof', { asOf: '2025-04-01T00:00:00Z', knownAt: midway }))).toEqual([
      'Jan',
    ]);

    await readAllCaughtUp(store);
    const global = (await store.readAll({ asOf: '2025-04-01T00:00:00Z', limit: 10_000 })).filter(
      (e) => e.streamId === 'asof',
    );
    expect(global.map((e) => e.type)).toEqual(['Jan', 'MarLate']);
    await expect(store.readAll({ asOf: 'yesterday' })).rejects.toThrow(/not an instant/);
  });
});

describe('gap-safe global read', () => {
  it('holds back events of appends that commit after an older append, until that append ends', async () => {
    const before = await readAllCaughtUp(store);
    const last = before.at(-1)?.globalPosition ?? 0;
    const slow = await db.appPool.connect();
    try {
      // An append still open: it drew its position, then waits before its commit.
      await slow.query('begin');
      const inFlight = new EventStore({ query: slow.query.bind(slow) } as unknown as pg.Pool);
      const early = await inFlight.append('municipality-slow', 'no_stream', [event('Early')], meta());
      const late = await store.append('late', 'no_stream', [event('Committed')], meta());
      expect(late.globalPositions[0]).toBeGreaterThan(early.globalPositions[0] as number);
      expect(await store.readAll({ after: last })).toEqual([]);
      expect(await store.readPage({ after: last, limit: 10, types: ['Committed'] })).toEqual({
        events: [],
        coveredTo: last,
      });
      expect(await store.readStream('late')).toHaveLength(1); // stream reads are not held back
      await slow.query('commit');
      const after = (await readAllCaughtUp(store)).filter((e) => e.globalPosition > last);
      expect(after.map((e) => e.globalPosition)).toEqual([...early.globalPositions, ...late.globalPositions]);
    } finally {
      slow.release();
    }
  });

  it('is not held back by an older transaction that is not an append (a read model writing its batch)', async () => {
    const last = (await readAllCaughtUp(store)).at(-1)?.globalPosition ?? 0;
    const other = await db.appPool.connect();
    try {
      await other.query('begin');
      // Takes a transaction id, as a projection's batch or the relay's checkpoint does.
      await other.query('select pg_current_xact_id()');
      const appended = await store.append('not-held', 'no_stream', [event('Committed')], meta());
      const read = (await readAllCaughtUp(store)).filter((e) => e.globalPosition > last);
      expect(read.map((e) => e.globalPosition)).toEqual(appended.globalPositions);
      expect(await store.safeHead()).toBeGreaterThanOrEqual(appended.globalPositions[0] as number);
      // Still open: the read above did not wait for it.
      expect((await other.query('select pg_current_xact_id_if_assigned() as x')).rows[0].x).not.toBeNull();
      // And it cannot become an append late: append_events refuses a transaction that already wrote.
      const asAppend = new EventStore({ query: other.query.bind(other) } as unknown as pg.Pool);
      await expect(asAppend.append('never', 'no_stream', [event('Late')], meta())).rejects.toThrow(
        /first write of its transaction/,
      );
      await other.query('rollback');
    } finally {
      other.release();
    }
  });
});

describe('pages of some event types', () => {
  it('reads only the given types, gap-safe, and covers up to the newest event of any type', async () => {
    const start = (await readAllCaughtUp(store)).at(-1)?.globalPosition ?? 0;
    const stream = `typed-${randomUUID()}`;
    const { globalPositions } = await store.append(
      stream,
      'no_stream',
      [event('Wanted'), event('Other'), event('Wanted'), event('Other')],
      meta(),
    );
    const [first, , third, fourth] = globalPositions as [number, number, number, number];
    const small = await store.readPage({ after: start, limit: 1, types: ['Wanted'] });
    expect(small.events.map((e) => e.globalPosition)).toEqual([first]);
    expect(small.coveredTo).toBe(first); // a full page covers up to its last event only
    const rest = await store.readPage({ after: first, limit: 10, types: ['Wanted'] });
    expect(rest.events.map((e) => [e.globalPosition, e.type])).toEqual([[third, 'Wanted']]);
    expect(rest.coveredTo).toBe(fourth);
    const blocker = await db.appPool.connect();
    try {
      await blocker.query('begin');
      const inFlight = new EventStore({ query: blocker.query.bind(blocker) } as unknown as pg.Pool);
      await inFlight.append(`municipality-${randomUUID()}`, 'no_stream', [event('Other')], meta());
      await store.append(stream, 'any', [event('Wanted')], meta());
      // Held back like readAll: neither read nor covered while an older append runs.
      expect(await store.readPage({ after: fourth, limit: 10, types: ['Wanted'] })).toEqual({
        events: [],
        coveredTo: fourth,
      });
    } finally {
      await blocker.query('commit');
      blocker.release();
    }
  });
});

describe('migrations', () => {
  it('are idempotent and safe to run concurrently', async () => {
    const name = `arshjul_migrate_${randomUUID().slice(0, 8)}`;
    try {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => migrateDatabase(serviceUrls.adminDatabaseUrl, name)),
      );
      // Exactly one caller applied every migration in the folders; the others waited and found nothing to do.
      const all = appMigrationDirs
        .flatMap((dir) => readdirSync(dir))
        .filter((f) => /\.(sql|ts)$/.test(f))
        .map((f) => f.replace(/\.(sql|ts)$/, ''))
        .sort();
      const appliers = results.filter((r) => r.applied.length > 0);
      expect(appliers).toHaveLength(1);
      expect(appliers[0]?.applied).toEqual(all);
      expect((await migrateDatabase(serviceUrls.adminDatabaseUrl, name)).applied).toEqual([]);
      // The names pgmigrations recorded before the migrations moved beside their owners: an already
      // migrated database must find only the migrations added since.
      expect(appliers[0]?.applied).toEqual(
        expect.arrayContaining([
          '1767225600000_events',
          '1767312000000_relay-checkpoints',
          '1767312000100_read-models',
          '1767398400000_api-idempotency',
          '1767484800000_chain-per-municipality',
          '1767484800100_append-function',
          '1767484800200_signed-heads',
          '1767484800300_budget-in-ore',
          '1767484800400_decision-deviations',
        ]),
      );
    } finally {
      const admin = new pg.Client({ connectionString: serviceUrls.adminDatabaseUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
