import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore';
import type { Publisher } from '../../messaging/bus';
import { createKafkaBus } from '../../messaging/kafkajs-bus';
import { CLOUDEVENTS_CONTENT_TYPE, OutboxRelay, type RelayOptions, relayStatus } from '../../relay';
import { serviceUrls } from '../../services/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { allEvents, appendEvents, duplicates, readTopic } from './support';

const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'test-relay' });

async function drain(relay: OutboxRelay): Promise<void> {
  while ((await relay.step()) > 0) {}
  await relay.close();
}

/** A publisher that dies once, on its `on`-th publish: after Kafka acknowledged, or after part of it. */
function crashing(on: number, mode: 'after_ack' | 'partial'): (p: Publisher) => Publisher {
  let calls = 0;
  return (p) => ({
    close: () => p.close(),
    async publish(topic, messages) {
      calls += 1;
      if (calls !== on) return p.publish(topic, messages);
      if (mode === 'after_ack') await p.publish(topic, messages);
      else await p.publish(topic, messages.slice(0, Math.ceil(messages.length / 3)));
      throw new Error('simulated crash');
    },
  });
}

describe('outbox relay (real Kafka, real Postgres)', () => {
  let db: TestDatabase;
  let store: EventStore;
  let topic: string;
  const options = (extra: Partial<RelayOptions> = {}): RelayOptions => ({
    pool: db.appPool,
    bus,
    topic,
    batchSize: 50,
    ...extra,
  });

  beforeEach(async () => {
    db = await createTestDatabase('relay');
    store = new EventStore(db.appPool);
    topic = `test.relay.${randomUUID()}`;
  });
  afterEach(async () => {
    await db.drop();
  });

  it('publishes every event once, in global order, as a CloudEvents envelope keyed by stream id', async () => {
    await appendEvents(store, 120);
    const relay = new OutboxRelay(options());
    await drain(relay);

    const stored = await allEvents(store);
    const onTopic = await readTopic(bus, topic);
    expect(onTopic.map((m) => m.envelope.id)).toEqual(stored.map((e) => e.eventId));
    const first = stored[0];
    const message = onTopic[0];
    if (!first || !message) throw new Error('nothing published');
    expect(message.key).toBe(first.streamId);
    expect(message.headers['content-type']).toBe(CLOUDEVENTS_CONTENT_TYPE);
    expect(message.envelope).toEqual({
      specversion: '1.0',
      id: first.eventId,
      source: '/arshjul/municipalities/rt0',
      type: 'RelayTestEvent',
      subject: first.streamId,
      time: first.occurredAt,
      datacontenttype: 'application/json',
      data: first.data,
      globalposition: 1,
      streamversion: 1,
      schemaversion: 1,
      recordedtime: first.recordedAt,
      actor: 'system',
      correlationid: 'relay-test',
      causationid: 'relay-test',
    });
    expect(await relayStatus(db.appPool, topic)).toMatchObject({
      position: 120,
      head: 120,
      lag: 0,
      timeLagMs: 0,
    });
  });

  for (const [mode, partitions] of [
    ['after_ack', 1],
    ['partial', 1],
    ['partial', 3],
  ] as const) {
    it(`a relay that dies mid-batch (${mode}, ${partitions} partition(s)) and restarts loses and duplicates nothing`, async () => {
      await appendEvents(store, 200);
      const doomed = new OutboxRelay(options({ partitions, wrapPublisher: crashing(2, mode) }));
      expect(await doomed.step()).toBe(50);
      await expect(doomed.step()).rejects.toThrow('simulated crash');
      await doomed.close();
      // Part or all of batch 2 is on the topic while the checkpoint still says 50.
      expect((await relayStatus(db.appPool, topic)).position).toBe(50);
      expect((await readTopic(bus, topic)).length).toBeGreaterThan(50);

      await drain(new OutboxRelay(options({ partitions })));
      const stored = await allEvents(store);
      const ids = (await readTopic(bus, topic)).map((m) => m.envelope.id);
      expect(duplicates(ids)).toEqual([]);
      expect(new Set(ids)).toEqual(new Set(stored.map((e) => e.eventId)));
      if (partitions === 1) expect(ids).toEqual(stored.map((e) => e.eventId));
    });
  }

  it('a checkpoint write that fails in the background fails a later step; the next relay republishes nothing', async () => {
    await appendEvents(store, 100);
    const relay = new OutboxRelay(options());
    expect(await relay.step()).toBe(50);
    const stored = async () => (await relayStatus(db.appPool, topic)).position;
    while ((await stored()) !== 50) await new Promise((r) => setTimeout(r, 10));
    // Another relay moved the checkpoint meanwhile: the next batch's compare-and-set write must fail.
    await db.appPool.query('update relay_checkpoints set position = 0 where topic = $1', [topic]);
    expect(await relay.step()).toBe(50);
    let failure: unknown;
    for (let i = 0; i < 500 && !failure; i++) {
      failure = await relay.step().then(
        () => new Promise((r) => setTimeout(r, 10)).then(() => undefined),
        (error: unknown) => error,
      );
    }
    expect(String(failure)).toContain('was moved by someone else');
    await relay.close();
    expect(await stored()).toBe(0);

    await drain(new OutboxRelay(options()));
    const ids = (await readTopic(bus, topic)).map((m) => m.envelope.id);
    expect(duplicates(ids)).toEqual([]);
    expect(ids).toEqual((await allEvents(store)).map((e) => e.eventId));
    expect(await stored()).toBe(100);
  });

  it('a relay process killed (SIGKILL) while publishing, three times, loses and duplicates nothing', async () => {
    await appendEvents(store, 1500, 9);
    const script = fileURLToPath(new URL('./relay-process.ts', import.meta.url));
    // The kill lands a few milliseconds after a checkpoint: during the next batch's read or publish.
    for (const [killAt, delayMs] of [
      [200, 2],
      [600, 6],
      [1000, 12],
    ] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        env: { ...process.env, RELAY_DATABASE_URL: db.appUrl, RELAY_TOPIC: topic },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        let buffer = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const positions = [...buffer.matchAll(/checkpoint (\d+)/g)].map((m) => Number(m[1]));
          if ((positions.at(-1) ?? 0) >= killAt) {
            setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, delayMs);
          }
        });
        child.on('exit', () => reject(new Error(`relay process ended before position ${killAt}`)));
      });
      await exited;
      const status = await relayStatus(db.appPool, topic);
      expect(status.position).toBeGreaterThanOrEqual(killAt);
      expect(status.position).toBeLessThan(1500);
    }
    await drain(new OutboxRelay(options()));

    const stored = await allEvents(store);
    const ids = (await readTopic(bus, topic)).map((m) => m.envelope.id);
    expect(duplicates(ids)).toEqual([]);
    expect(ids).toEqual(stored.map((e) => e.eventId));
  });
});
