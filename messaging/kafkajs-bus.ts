import { randomUUID } from 'node:crypto';
import { Kafka, type KafkaConfig, type KafkaMessage, logLevel, Partitioners } from 'kafkajs';
import type { IncomingMessage, MessageBus, Publisher, SubscribeOptions, Subscription } from './bus';
import './kafkajs-idle-fix';

function toIncoming(topic: string, partition: number, m: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString() ?? '',
    value: m.value?.toString() ?? '',
    headers: Object.fromEntries(
      Object.entries(m.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v ?? '')]),
    ),
  };
}

export interface KafkaBusOptions {
  brokers: string[];
  clientId?: string;
  /** Overrides for the underlying client, e.g. retry or timeouts in tests. */
  client?: Partial<KafkaConfig>;
}

/** How often a consumer commits its offsets to Kafka. */
const OFFSET_COMMIT_INTERVAL_MS = 1_000;

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
          await admin
            .createTopics({
              waitForLeaders: true,
              topics: missing.map((t) => ({
                topic: t.name,
                numPartitions: t.partitions ?? 3,
                replicationFactor: 1,
              })),
            })
            .catch(async (error: unknown) => {
              // Another client created them at the same moment: fine once they all exist.
              const now = new Set(await admin.listTopics());
              if (!missing.every((t) => now.has(t.name))) throw error;
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
          const metadata = await producer.send({
            topic,
            acks: -1,
            messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
          });
          return metadata.map((r) => ({ partition: r.partition, baseOffset: r.baseOffset ?? '0' }));
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
      // Short fetch waits so a consumer leaves its group at once when closed (a stopped process's
      // successor does not wait out the old member's session), and a short session after a kill -9.
      const consumer = kafka.consumer({
        groupId,
        maxWaitTimeInMs: 250,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
      });
      let markReady: () => void = () => {};
      const ready = new Promise<void>((resolve) => {
        markReady = resolve;
      });
      consumer.on(consumer.events.GROUP_JOIN, () => markReady());
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning });
      // Next offset to read per topic-partition, for the last commit on close.
      const handled = new Map<string, { topic: string; partition: number; offset: string }>();
      await consumer.run({
        // Offsets are committed at most every OFFSET_COMMIT_INTERVAL_MS instead of after every batch (a
        // round trip to the group coordinator on each batch's path). A restart may see up to that much
        // again, which the handlers skip (they are idempotent, see SubscribeOptions.onBatch).
        autoCommit: false,
        autoCommitInterval: OFFSET_COMMIT_INTERVAL_MS,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
          const messages = batch.messages.map((m) => toIncoming(batch.topic, batch.partition, m));
          if (messages.length === 0) return;
          await onBatch(messages);
          const last = messages[messages.length - 1];
          if (last) {
            resolveOffset(last.offset);
            const next = (BigInt(last.offset) + 1n).toString();
            handled.set(`${batch.topic}:${batch.partition}`, {
              topic: batch.topic,
              partition: batch.partition,
              offset: next,
            });
          }
          await commitOffsetsIfNecessary();
          await heartbeat();
        },
      });
      return {
        ready,
        close: async () => {
          // What was handled since the last interval's commit, so a successor starts after it.
          await consumer.commitOffsets([...handled.values()]).catch(() => undefined);
          await consumer.disconnect();
        },
      };
    },

    async readToEnd(topic, fromOffsets) {
      const admin = kafka.admin();
      await admin.connect();
      let ranges: { partition: number; start: bigint; end: bigint }[];
      try {
        ranges = (await admin.fetchTopicOffsets(topic))
          .map((o) => {
            const low = BigInt(o.low);
            const from = fromOffsets[o.partition];
            const start = from === undefined || BigInt(from) < low ? low : BigInt(from);
            return { partition: o.partition, start, end: BigInt(o.high) };
          })
          .filter((r) => r.start < r.end);
      } finally {
        await admin.disconnect();
      }
      if (ranges.length === 0) return [];

      // kafkajs has no manual partition assignment: a throwaway group that seeks, read, then deleted.
      const groupId = `${clientId}.scan.${randomUUID()}`;
      const consumer = kafka.consumer({ groupId });
      const collected: IncomingMessage[] = [];
      const pending = new Map(ranges.map((r) => [r.partition, r]));
      let finish: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachBatch: async ({ batch }) => {
            const range = pending.get(batch.partition);
            if (!range) return;
            for (const m of batch.messages) {
              const offset = BigInt(m.offset);
              if (offset >= range.start && offset < range.end)
                collected.push(toIncoming(topic, batch.partition, m));
              if (offset >= range.end - 1n) pending.delete(batch.partition);
            }
            if (pending.size === 0) finish();
          },
        });
        for (const r of ranges) consumer.seek({ topic, partition: r.partition, offset: r.start.toString() });
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`reading ${topic} to its end timed out`)), 60_000);
        });
        await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
      } finally {
        await consumer.disconnect();
        const cleanup = kafka.admin();
        await cleanup
          .connect()
          .then(() => cleanup.deleteGroups([groupId]))
          .catch(() => undefined)
          .finally(() => cleanup.disconnect());
      }
      return collected.sort(
        (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
      );
    },
  };
}
