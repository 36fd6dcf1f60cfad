import { randomUUID } from 'node:crypto';
import { logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../eventstore';
import { createKafkaBus } from '../../messaging/kafkajs-bus';
import { OutboxRelay, relayStatus } from '../../relay';
import { ports, serviceUrls } from '../../services/config';
import { servicesDown, servicesUp } from '../../services/index';
import { portOpen } from '../../services/proc';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { allEvents, appendEvents, duplicates, readTopic } from './support';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The only suite that stops the real broker; it always starts it again.
describe('outbox relay while Kafka is stopped and started again', () => {
  let db: TestDatabase;
  let store: EventStore;
  const topic = `test.relay-outage.${randomUUID()}`;
  const bus = createKafkaBus({
    brokers: serviceUrls.kafkaBrokers,
    clientId: 'test-relay-outage',
    // The broker is down on purpose: the relay's own log says so; kafkajs's connection errors are noise.
    // Short request and connection timeouts: a send to a stopped broker fails in seconds, not 30 s, even
    // on a loaded 2-core machine.
    client: {
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 },
      requestTimeout: 3_000,
      connectionTimeout: 1_000,
      logLevel: logLevel.NOTHING,
    },
  });
  const log: string[] = [];
  const stop = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    db = await createTestDatabase('relay_outage');
    store = new EventStore(db.appPool);
    const relay = new OutboxRelay({
      pool: db.appPool,
      bus,
      topic,
      batchSize: 40,
      retry: { initialMs: 200, maxMs: 2_000 },
      publishTimeoutMs: 5_000,
      log: (line) => log.push(line),
    });
    running = relay.run(stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    await db.drop();
    await servicesUp(['kafka']);
  });

  it('waits while Kafka is down, then catches up, losing and duplicating nothing', async () => {
    await appendEvents(store, 60);
    await until(
      async () => (await relayStatus(db.appPool, topic)).lag === 0,
      'the relay to publish the first events',
    );

    try {
      await servicesDown(['kafka']);
      // A broker this state directory did not start (another checkout's) cannot be stopped from here.
      expect(await portOpen(ports.kafka), 'Kafka still answers after services down').toBe(false);
      await appendEvents(store, 140);
      // Give the relay time to try (and fail) a few times; the checkpoint must not move without an ack.
      await until(async () => log.length >= 2, 'the relay to report failed attempts', 90_000);
      const during = await relayStatus(db.appPool, topic);
      expect(during.position).toBe(60);
      expect(during.lag).toBe(140);
    } finally {
      await servicesUp(['kafka']);
    }

    await until(async () => (await relayStatus(db.appPool, topic)).lag === 0, 'the relay to catch up');
    const stored = await allEvents(store);
    const ids = (await readTopic(bus, topic)).map((m) => m.envelope.id);
    expect(duplicates(ids)).toEqual([]);
    expect(ids).toEqual(stored.map((e) => e.eventId));
    expect(log.some((line) => line.includes('försöker igen'))).toBe(true);
  });
});
