import { Kafka, type KafkaConfig, logLevel, Partitioners } from 'kafkajs';
import type { IncomingMessage, MessageBus, Publisher, SubscribeOptions, Subscription } from './bus';

export interface KafkaBusOptions {
  brokers: string[];
  clientId?: string;
  /** Overrides for the underlying client, e.g. retry or timeouts in tests. */
  client?: Partial<KafkaConfig>;
}

/** MessageBus over kafkajs, talking to Kafka 3.9 (KRaft). */
export function createKafkaBus({ brokers, clientId = 'arshjul', client = {} }: KafkaBusOptions): MessageBus {
  const kafka = new Kafka({ clientId, brokers, logLevel: logLevel.WARN, ...client });

  return {
    async ensureTopics(topics) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((t) => !existing.has(t.name));
        if (missing.length) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((t) => ({
              topic: t.name,
              numPartitions: t.partitions ?? 3,
              replicationFactor: 1,
            })),
          });
        }
      } finally {
        await admin.disconnect();
      }
    },

    async publisher(): Promise<Publisher> {
      // Idempotent producer: a retried send does not duplicate within the broker's session.
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Murmur2 on the key, as the Java client: one stream's events land on one partition.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return {
        async publish(topic, messages) {
          await producer.send({
            topic,
            acks: -1,
            messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
          });
        },
        close: () => producer.disconnect(),
      };
    },

    async subscribe({
      groupId,
      topics,
      fromBeginning = true,
      onBatch,
    }: SubscribeOptions): Promise<Subscription> {
      const consumer = kafka.consumer({ groupId });
      let markReady: () => void = () => {};
      const ready = new Promise<void>((resolve) => {
        markReady = resolve;
      });
      consumer.on(consumer.events.GROUP_JOIN, () => markReady());
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning });
      await consumer.run({
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
          const messages: IncomingMessage[] = batch.messages.map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key?.toString() ?? '',
            value: m.value?.toString() ?? '',
            headers: Object.fromEntries(
              Object.entries(m.headers ?? {}).map(([k, v]) => [
                k,
                Array.isArray(v) ? String(v[0]) : String(v ?? ''),
              ]),
            ),
          }));
          if (messages.length === 0) return;
          await onBatch(messages);
          const last = messages[messages.length - 1];
          if (last) resolveOffset(last.offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        },
      });
      return { ready, close: () => consumer.disconnect() };
    },
  };
}
