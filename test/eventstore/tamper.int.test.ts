import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStore, eventHash } from '../../eventstore';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, meta } from './fixtures';

const EVENTS = 60;

let db: TestDatabase;
let store: EventStore;

// A fresh store per scenario: each test damages it.
beforeEach(async () => {
  db = await createTestDatabase('tamper');
  store = new EventStore(db.appPool);
  for (let i = 0; i < EVENTS / 3; i++) {
    const stream = `organ-${i % 4}`;
    await store.append(
      stream,
      'any',
      [
        event('GoalSet', { text: `Mål ${i}a` }),
        event('GoalSet', { text: `Mål ${i}b` }),
        event('IndicatorSet', { target: i }),
      ],
      meta({ occurredAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }),
    );
  }
  expect(await store.verify({ batchSize: 7 })).toEqual({ ok: true, count: EVENTS, lastPosition: EVENTS });
});
afterEach(() => db?.drop());

/** As superuser, with ordinary triggers off for this transaction (the append-only trigger included). */
async function tamper(...statements: [string, unknown[]?][]): Promise<void> {
  const client = await db.adminPool.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    for (const [sql, params] of statements) await client.query(sql, params);
    await client.query('commit');
  } finally {
    client.release();
  }
}

describe('verify', () => {
  it('names the position whose data changed by one byte', async () => {
    // "Mål 16a" -> "Mål 16b": one byte.
    await tamper([
      `update events set data = jsonb_set(data, '{text}', '"Mål 16b"') where global_position = 49`,
    ]);
    const before = await db.adminPool.query('select data from events where global_position = 49');
    expect(before.rows[0].data).toEqual({ text: 'Mål 16b' });
    expect(await store.verify({ batchSize: 7 })).toMatchObject({
      ok: false,
      firstBadPosition: 49,
      reason: 'hash_mismatch',
      count: 48,
    });
  });

  it('names a changed metadata field (who did it)', async () => {
    await tamper([
      `update events set metadata = jsonb_set(metadata, '{actor}', '"user-666"') where global_position = 5`,
    ]);
    expect(await store.verify()).toMatchObject({ ok: false, firstBadPosition: 5, reason: 'hash_mismatch' });
  });

  it('names a deleted event', async () => {
    // The other way around the trigger: disable it outright.
    await db.adminPool.query('alter table events disable trigger events_no_update_delete');
    await db.adminPool.query('delete from events where global_position = 23');
    await db.adminPool.query('alter table events enable trigger events_no_update_delete');
    expect(await store.verify({ batchSize: 10 })).toMatchObject({
      ok: false,
      firstBadPosition: 23,
      reason: 'gap',
      count: 22,
    });
  });

  it('names a deleted first event', async () => {
    await tamper(['delete from events where global_position = 1']);
    expect(await store.verify()).toMatchObject({ ok: false, firstBadPosition: 1, reason: 'gap', count: 0 });
  });

  it('names the first position after an event was deleted and the rest renumbered', async () => {
    await tamper(
      ['delete from events where global_position = 30'],
      // Shift down in ascending order so the primary key never collides.
      [
        `update events e set global_position = e.global_position - 1
         from (select global_position from events where global_position > 30 order by 1) s
         where e.global_position = s.global_position`,
      ],
    );
    expect(await store.verify()).toMatchObject({
      ok: false,
      firstBadPosition: 30,
      reason: 'prev_hash_mismatch',
    });
  });

  it('names the first of two events whose payloads were swapped', async () => {
    await tamper([
      `update events e set data = o.data
       from events o where (e.global_position, o.global_position) in ((12, 40), (40, 12))`,
    ]);
    const swapped = await db.adminPool.query(
      'select global_position, data from events where global_position in (12, 40) order by 1',
    );
    expect(swapped.rows.map((r) => r.data)).toEqual([{ text: 'Mål 13a' }, { target: 3 }]);
    expect(await store.verify({ batchSize: 7 })).toMatchObject({
      ok: false,
      firstBadPosition: 12,
      reason: 'hash_mismatch',
    });
  });

  it('names the first of two events whose positions were swapped', async () => {
    await tamper(
      ['update events set global_position = 1000000 where global_position = 12'],
      ['update events set global_position = 12 where global_position = 40'],
      ['update events set global_position = 40 where global_position = 1000000'],
    );
    expect(await store.verify({ batchSize: 7 })).toMatchObject({
      ok: false,
      firstBadPosition: 12,
      reason: 'reordered',
    });
  });

  it('names the first of two neighbours that were swapped', async () => {
    await tamper(
      ['update events set global_position = 1000000 where global_position = 20'],
      ['update events set global_position = 20 where global_position = 21'],
      ['update events set global_position = 21 where global_position = 1000000'],
    );
    expect(await store.verify()).toMatchObject({ ok: false, firstBadPosition: 20, reason: 'reordered' });
  });

  it('names the event after a row whose hash was re-forged to match its edited content', async () => {
    const { rows } = await db.adminPool.query(
      `select global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash
       from events where global_position = 33`,
    );
    const row = rows[0];
    const data = { ...row.data, text: 'forged' };
    const forged = eventHash(row.prev_hash, {
      globalPosition: 33,
      streamId: row.stream_id,
      streamVersion: Number(row.stream_version),
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data,
      metadata: row.metadata,
    });
    await tamper(['update events set data = $1, hash = $2 where global_position = 33', [data, forged]]);
    expect(await store.verify()).toMatchObject({
      ok: false,
      firstBadPosition: 34,
      reason: 'prev_hash_mismatch',
    });
  });

  it('checks from a later position, trusting the event before it', async () => {
    await tamper([`update events set data = '{"text": "x"}' where global_position = 10`]);
    expect(await store.verify({ from: 11 })).toEqual({ ok: true, count: EVENTS - 10, lastPosition: EVENTS });
    expect(await store.verify({ from: 5 })).toMatchObject({
      ok: false,
      firstBadPosition: 10,
      reason: 'hash_mismatch',
    });
  });

  it('cannot see a deleted tail by itself, but a published head can', async () => {
    const head = await store.head();
    await tamper([`delete from events where global_position = ${EVENTS}`]);
    // Known limit of any hash chain: removing the newest events leaves a valid, shorter chain.
    expect(await store.verify()).toEqual({ ok: true, count: EVENTS - 1, lastPosition: EVENTS - 1 });
    expect(await store.head()).not.toEqual(head);
  });
});
