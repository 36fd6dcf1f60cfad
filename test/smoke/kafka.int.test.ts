import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from '../../messaging/bus';
import { createKafkaBus } from '../../messaging/kafkajs-bus';
import { serviceUrls } from '../../services/config';

describe('Kafka 3.9 KRaft (real broker) through our MessageBus', () => {
  it('round-trips messages, keeping per-key order', async () => {
    const bus = createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'smoke' });
    const topic = `smoke-${randomUUID()}`;
    await bus.ensureTopics([{ name: topic, partitions: 3 }]);

    const sent = Array.from({ length: 30 }, (_, i) => ({
      key: `stream-${i % 3}`,
      value: JSON.stringify({ n: i }),
      headers: { 'ce-type': 'Smoke' },
    }));
    const received: IncomingMessage[] = [];
    let allReceived: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      allReceived = resolve;
    });
    const subscription = await bus.subscribe({
      groupId: `smoke-${randomUUID()}`,
      topics: [topic],
      onBatch: async (messages) => {
        received.push(...messages);
        if (received.length >= sent.length) allReceived();
      },
    });
    const publisher = await bus.publisher();
    try {
      await subscription.ready;
      await publisher.publish(topic, sent);
      await done;
    } finally {
      await publisher.close();
      await subscription.close();
    }

    expect(received).toHaveLength(sent.length);
    expect(received.every((m) => m.headers?.['ce-type'] === 'Smoke')).toBe(true);
    for (const key of ['stream-0', 'stream-1', 'stream-2']) {
      const sentOrder = sent.filter((m) => m.key === key).map((m) => m.value);
      const receivedOrder = received.filter((m) => m.key === key).map((m) => m.value);
      expect(receivedOrder).toEqual(sentOrder);
    }
  });
});
