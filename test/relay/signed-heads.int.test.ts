import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventStore,
  generateSigningKey,
  headSignatureValid,
  type KeyRing,
  signChainHeads,
} from '../../eventstore';
import { createKafkaBus } from '../../messaging/kafkajs-bus';
import { publishSignedHeads, readSignedHeads, runHeadSigner } from '../../relay/signed-heads';
import { serviceUrls } from '../../services/config';
import { createTestDatabase, type TestDatabase } from '../support/database';

const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'test-signed-heads' });
const meta = { actor: 'system', occurredAt: new Date().toISOString(), correlationId: 'c', causationId: 'c' };
const ev = () => ({ eventId: randomUUID(), type: 'Noted', schemaVersion: 1, data: {} });

let db: TestDatabase;
let store: EventStore;
const key = generateSigningKey('k1');
const ring: KeyRing = { activeKeyId: 'k1', keys: new Map([['k1', key]]) };

beforeAll(async () => {
  db = await createTestDatabase('signed_heads');
  store = new EventStore(db.appPool);
});
afterAll(() => db?.drop());

describe('signed heads on Kafka', () => {
  it('signs the heads of chains that grew, on a schedule, and publishes them to their own topic', async () => {
    const topic = `test.signed-heads.${randomUUID()}`;
    await store.append('municipality-ale', 'any', [ev(), ev()], meta);
    await store.append('cycle-kungalv-2027', 'any', [ev()], meta);
    const controller = new AbortController();
    const running = runHeadSigner({
      pool: db.appPool,
      ring,
      bus,
      intervalMs: 100,
      signal: controller.signal,
      topic,
    });
    const until = async (n: number) => {
      for (let i = 0; i < 100; i++) {
        const heads = await readSignedHeads(bus, undefined, topic);
        if (heads.length >= n) return heads;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`fewer than ${n} heads on ${topic}`);
    };
    const first = await until(2);
    expect(first.map((h) => [h.chainId, h.position]).sort()).toEqual([
      ['ale', 2],
      ['kungalv', 1],
    ]);
    await store.append('municipality-ale', 'any', [ev()], meta);
    const second = await until(3);
    controller.abort();
    await running;
    // Only Ale grew, so only Ale's head was signed again; unchanged chains are not re-published.
    // (Heads are keyed by chain, so order holds per chain, not across partitions.)
    expect(second).toHaveLength(3);
    expect(second.filter((h) => h.chainId === 'ale').map((h) => h.position)).toEqual([2, 3]);
    expect(second.every((h) => headSignatureValid(h, ring))).toBe(true);
    expect(await readSignedHeads(bus, 'kungalv', topic)).toHaveLength(1);
    const stored = await db.adminPool.query('select count(*)::int as n from signed_heads');
    expect(stored.rows[0].n).toBe(3);
  });

  it('publishes on demand, and a verify against those heads sees a deleted newest event', async () => {
    const topic = `test.signed-heads.${randomUUID()}`;
    await store.append('municipality-lerum', 'any', [ev(), ev(), ev()], meta);
    await publishSignedHeads(bus, await signChainHeads(db.appPool, ring, ['lerum']), topic);
    const published = await readSignedHeads(bus, 'lerum', topic);
    expect(published).toMatchObject([{ chainId: 'lerum', position: 3 }]);
    const admin = await db.adminPool.connect();
    try {
      await admin.query('begin');
      await admin.query('set local session_replication_role = replica');
      await admin.query(`delete from events where chain_id = 'lerum' and chain_position = 3`);
      await admin.query('commit');
    } finally {
      admin.release();
    }
    expect(await store.verify({ chainId: 'lerum' })).toMatchObject({ ok: true });
    expect(await store.verify({ chainId: 'lerum', signedHeads: published })).toMatchObject({
      ok: false,
      reason: 'truncated',
      firstBadPosition: 3,
    });
  });
});
