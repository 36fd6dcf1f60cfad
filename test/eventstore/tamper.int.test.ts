import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ChainHead,
  chainHash,
  EventStore,
  type HashWorkers,
  startHashWorkers,
  type VerifyOptions,
} from '../../eventstore';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { event, meta } from './fixtures';

const EVENTS = 60;
const M = 'ale';
const OTHER = 'kungalv';

let db: TestDatabase;
let store: EventStore;

// Ale's streams: the municipality, a cycle and tasks, all in Ale's chain.
const aleStream = (i: number) =>
  [`municipality-${M}`, `cycle-${M}-2027`, `task-${M}.2027.nulagesanalys.bun-${i % 2}`][i % 3] as string;

// A fresh store per scenario: each test damages it. Kungälv's events interleave with Ale's.
beforeEach(async () => {
  db = await createTestDatabase('tamper');
  store = new EventStore(db.appPool);
  for (let i = 0; i < EVENTS / 3; i++) {
    await store.append(
      aleStream(i),
      'any',
      [
        event('GoalSet', { text: `Mål ${i}a` }),
        event('GoalSet', { text: `Mål ${i}b` }),
        event('IndicatorSet', { target: i }),
      ],
      meta({ occurredAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() }),
    );
    await store.append(`cycle-${OTHER}-2027`, 'any', [event('GoalSet', { text: `K ${i}` })], meta());
  }
  expect(await store.verify({ chainId: M, batchSize: 7 })).toEqual({
    ok: true,
    count: EVENTS,
    chains: 1,
    lastPosition: EVENTS,
  });
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

const at = (position: number) => `chain_id = '${M}' and chain_position = ${position}`;

/** Re-forges every hash of Ale's chain from `from` on, so the chain is consistent again (a real forger). */
async function reforgeFrom(from: number): Promise<void> {
  const { rows } = await db.adminPool.query(
    `select chain_position, stream_id, stream_version, event_id, type, schema_version, data, metadata
     from events where chain_id = $1 and chain_position >= $2 order by chain_position`,
    [M, from],
  );
  const anchor = await db.adminPool.query(
    'select hash from events where chain_id = $1 and chain_position = $2',
    [M, from - 1],
  );
  let prev: Buffer = anchor.rows[0].hash;
  const statements: [string, unknown[]][] = [];
  for (const r of rows) {
    const hash = chainHash(prev, {
      chainId: M,
      chainPosition: Number(r.chain_position),
      streamId: r.stream_id,
      streamVersion: Number(r.stream_version),
      eventId: r.event_id,
      type: r.type,
      schemaVersion: r.schema_version,
      data: r.data,
      metadata: r.metadata,
    });
    statements.push([
      'update events set prev_hash = $1, hash = $2 where chain_id = $3 and chain_position = $4',
      [prev, hash, M, r.chain_position],
    ]);
    prev = hash;
  }
  await tamper(...statements);
}

// Every scenario is checked twice: hashed on this thread, and on worker threads that read the pages on
// connections of their own (the fast path, whose findings must be the same).
let workers: HashWorkers | undefined;
const verify = (options: VerifyOptions = {}) => store.verify(workers ? { ...options, workers } : options);

describe.each([
  { where: 'on this thread', withWorkers: false },
  { where: 'on hash workers that read the pages themselves', withWorkers: true },
])('hashed $where', ({ withWorkers }) => {
  beforeAll(() => {
    if (withWorkers) workers = startHashWorkers(2);
  });
  afterAll(async () => {
    await workers?.close();
    workers = undefined;
  });

  describe('verify, per municipality', () => {
    it('names the position whose data changed by one byte, and leaves the other chain intact', async () => {
      // "Mål 16a" -> "Mål 16b": one byte.
      await tamper([`update events set data = jsonb_set(data, '{text}', '"Mål 16b"') where ${at(49)}`]);
      const row = await db.adminPool.query(`select data, global_position from events where ${at(49)}`);
      expect(row.rows[0].data).toEqual({ text: 'Mål 16b' });
      expect(await verify({ chainId: M, batchSize: 7 })).toMatchObject({
        ok: false,
        chainId: M,
        firstBadPosition: 49,
        globalPosition: Number(row.rows[0].global_position),
        reason: 'hash_mismatch',
        count: 48,
      });
      expect(await verify({ chainId: OTHER })).toMatchObject({ ok: true, count: EVENTS / 3 });
      // Verifying every chain finds it too (chains are walked in id order: Ale first).
      expect(await verify()).toMatchObject({ ok: false, chainId: M, firstBadPosition: 49 });
    });

    it('finds the same altered byte when the hashes are checked on worker threads', async () => {
      await tamper([`update events set data = jsonb_set(data, '{text}', '"Mål 16b"') where ${at(49)}`]);
      const pageWorkers = startHashWorkers(2);
      try {
        expect(await verify({ batchSize: 7, checkPage: pageWorkers.checkPage })).toMatchObject({
          ok: false,
          chainId: M,
          firstBadPosition: 49,
          reason: 'hash_mismatch',
          count: 48,
        });
        expect(
          await verify({ chainId: OTHER, batchSize: 3, checkPage: pageWorkers.checkPage }),
        ).toMatchObject({
          ok: true,
          count: EVENTS / 3,
        });
      } finally {
        await pageWorkers.close();
      }
    });

    it('names a changed metadata field (who did it)', async () => {
      await tamper([
        `update events set metadata = jsonb_set(metadata, '{actor}', '"user-666"') where ${at(5)}`,
      ]);
      expect(await verify({ chainId: M })).toMatchObject({
        ok: false,
        firstBadPosition: 5,
        reason: 'hash_mismatch',
      });
    });

    it('names an event moved to another stream', async () => {
      await tamper([
        `update events set stream_id = 'municipality-${M}', stream_version = 999 where ${at(8)}`,
      ]);
      expect(await verify({ chainId: M })).toMatchObject({
        ok: false,
        firstBadPosition: 8,
        reason: 'hash_mismatch',
      });
    });

    it('names a deleted event', async () => {
      await db.adminPool.query('alter table events disable trigger events_no_update_delete');
      await db.adminPool.query(`delete from events where ${at(23)}`);
      await db.adminPool.query('alter table events enable trigger events_no_update_delete');
      expect(await verify({ chainId: M, batchSize: 10 })).toMatchObject({
        ok: false,
        firstBadPosition: 23,
        globalPosition: null,
        reason: 'gap',
        count: 22,
      });
    });

    it('names a deleted first event', async () => {
      await tamper([`delete from events where ${at(1)}`]);
      expect(await verify({ chainId: M })).toMatchObject({
        ok: false,
        firstBadPosition: 1,
        reason: 'gap',
        count: 0,
      });
    });

    it('names the first position after an event was deleted and the rest renumbered', async () => {
      await tamper(
        [`delete from events where ${at(30)}`],
        [
          `update events e set chain_position = e.chain_position - 1
           from (select chain_position from events where chain_id = '${M}' and chain_position > 30 order by 1) s
           where e.chain_id = '${M}' and e.chain_position = s.chain_position`,
        ],
      );
      expect(await verify({ chainId: M })).toMatchObject({
        ok: false,
        firstBadPosition: 30,
        reason: 'prev_hash_mismatch',
      });
    });

    it('names the first of two events whose payloads were swapped', async () => {
      await tamper([
        `update events e set data = o.data from events o
         where e.chain_id = '${M}' and o.chain_id = '${M}'
           and (e.chain_position, o.chain_position) in ((12, 40), (40, 12))`,
      ]);
      expect(await verify({ chainId: M, batchSize: 7 })).toMatchObject({
        ok: false,
        firstBadPosition: 12,
        reason: 'hash_mismatch',
      });
    });

    it('names the first of two events whose positions were swapped', async () => {
      await tamper(
        [`update events set chain_position = 1000000 where ${at(12)}`],
        [`update events set chain_position = 12 where ${at(40)}`],
        [`update events set chain_position = 40 where ${at(1000000)}`],
      );
      expect(await verify({ chainId: M, batchSize: 7 })).toMatchObject({
        ok: false,
        firstBadPosition: 12,
        reason: 'reordered',
      });
    });

    it('names the first of two neighbours that were swapped', async () => {
      await tamper(
        [`update events set chain_position = 1000000 where ${at(20)}`],
        [`update events set chain_position = 20 where ${at(21)}`],
        [`update events set chain_position = 21 where ${at(1000000)}`],
      );
      expect(await verify({ chainId: M })).toMatchObject({
        ok: false,
        firstBadPosition: 20,
        reason: 'reordered',
      });
    });

    it('names the event after a row whose hash was re-forged to match its edited content', async () => {
      const { rows } = await db.adminPool.query(
        `select stream_id, stream_version, event_id, type, schema_version, data, metadata, prev_hash
         from events where ${at(33)}`,
      );
      const row = rows[0];
      const data = { ...row.data, text: 'forged' };
      const forged = chainHash(row.prev_hash, {
        chainId: M,
        chainPosition: 33,
        streamId: row.stream_id,
        streamVersion: Number(row.stream_version),
        eventId: row.event_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data,
        metadata: row.metadata,
      });
      await tamper([`update events set data = $1, hash = $2 where ${at(33)}`, [data, forged]]);
      expect(await verify({ chainId: M })).toMatchObject({
        ok: false,
        firstBadPosition: 34,
        reason: 'prev_hash_mismatch',
      });
    });

    it('checks from a later position, trusting the event before it', async () => {
      await tamper([`update events set data = '{"text": "x"}' where ${at(10)}`]);
      expect(await verify({ chainId: M, from: 11 })).toEqual({
        ok: true,
        count: EVENTS - 10,
        chains: 1,
        lastPosition: EVENTS,
      });
      expect(await verify({ chainId: M, from: 5 })).toMatchObject({
        ok: false,
        firstBadPosition: 10,
        reason: 'hash_mismatch',
      });
    });
  });

  describe('verify against a signed head', () => {
    let signed: ChainHead;
    beforeEach(async () => {
      signed = await store.chainHead(M);
      expect(signed).toMatchObject({ chainId: M, position: EVENTS });
    });

    it('detects deleted newest events, which the chain alone cannot show', async () => {
      await tamper([`delete from events where chain_id = '${M}' and chain_position > ${EVENTS - 2}`]);
      // Known limit of any hash chain: removing the newest events leaves a valid, shorter chain.
      expect(await verify({ chainId: M })).toMatchObject({ ok: true, count: EVENTS - 2 });
      expect(await verify({ chainId: M, signedHeads: [signed] })).toMatchObject({
        ok: false,
        chainId: M,
        firstBadPosition: EVENTS - 1,
        reason: 'truncated',
      });
    });

    it('detects a chain rolled back and written anew past the signed head (a fork)', async () => {
      // Roll back three events, then append five others: longer than the signed head, and valid by itself.
      await tamper([`delete from events where chain_id = '${M}' and chain_position > ${EVENTS - 3}`]);
      for (let i = 0; i < 5; i++)
        await store.append(`cycle-${M}-2028`, 'any', [event('Rewritten', { i })], meta());
      expect(await verify({ chainId: M })).toMatchObject({ ok: true, count: EVENTS + 2 });
      expect(await verify({ chainId: M, signedHeads: [signed] })).toMatchObject({
        ok: false,
        firstBadPosition: EVENTS,
        reason: 'fork',
      });
    });

    it('detects a chain rolled back to before the signed head', async () => {
      await tamper([`delete from events where chain_id = '${M}' and chain_position > 40`]);
      await store.append(`cycle-${M}-2028`, 'any', [event('AfterRestore')], meta());
      expect(await verify({ chainId: M, signedHeads: [signed] })).toMatchObject({
        ok: false,
        firstBadPosition: 42,
        reason: 'truncated',
      });
    });

    it('detects history rewritten in the middle and re-forged to the end (a fork)', async () => {
      await tamper([`update events set data = '{"text": "Mål 9a, omskrivet"}' where ${at(28)}`]);
      await reforgeFrom(28);
      expect(await verify({ chainId: M })).toMatchObject({ ok: true, count: EVENTS });
      expect(await verify({ chainId: M, signedHeads: [signed] })).toMatchObject({
        ok: false,
        firstBadPosition: EVENTS,
        reason: 'fork',
      });
    });

    it('passes an intact chain that grew after the head was signed', async () => {
      await store.append(`municipality-${M}`, 'any', [event('Later')], meta());
      expect(await verify({ chainId: M, signedHeads: [signed] })).toMatchObject({
        ok: true,
        count: EVENTS + 1,
      });
      expect(await verify({ signedHeads: [signed] })).toMatchObject({ ok: true, chains: 2 });
    });
  });
});
