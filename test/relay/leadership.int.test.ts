import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore';
import { createKafkaBus } from '../../messaging/kafkajs-bus';
import { OutboxRelay } from '../../relay';
import { serviceUrls } from '../../services/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { allEvents, appendEvents, readTopic } from './support';

const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'test-relay-leadership' });

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('one active relay per topic (real Kafka, real Postgres)', () => {
  let db: TestDatabase;
  let store: EventStore;
  let topic: string;

  beforeEach(async () => {
    db = await createTestDatabase('relay_leader');
    store = new EventStore(db.appPool);
    topic = `test.leader.${randomUUID()}`;
  });
  afterEach(() => db.drop());

  it('lets one of two relays publish; the standby takes over when the leader stops', async () => {
    const logs: Record<'a' | 'b', string[]> = { a: [], b: [] };
    const published: Record<'a' | 'b', number> = { a: 0, b: 0 };
    const start = (name: 'a' | 'b') => {
      const abort = new AbortController();
      const relay = new OutboxRelay({
        pool: db.appPool,
        bus,
        topic,
        batchSize: 25,
        log: (line) => logs[name].push(line),
        onCheckpoint: (events) => {
          published[name] += events.length;
        },
      });
      return { abort, done: relay.run(abort.signal) };
    };

    await appendEvents(store, 60);
    const a = start('a');
    await until('relay a to publish the first events', async () => published.a >= 60);
    const b = start('b');
    await appendEvents(store, 40);
    await until('the next events', async () => published.a + published.b >= 100);
    // b stood by all along: a was the leader.
    expect(published.b).toBe(0);
    expect(logs.b.some((l) => l.includes('väntar i reserv'))).toBe(true);

    a.abort.abort();
    await a.done;
    await appendEvents(store, 30);
    await until('relay b to take over', async () => published.b >= 30);
    b.abort.abort();
    await b.done;

    const stored = await allEvents(store);
    const onTopic = await readTopic(bus, topic);
    expect(stored).toHaveLength(130);
    expect(onTopic.map((m) => m.envelope.id)).toEqual(stored.map((e) => e.eventId));
  });
});
