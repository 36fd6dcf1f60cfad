/**
 * The small slice of a message broker arshjul needs. kafkajs stays behind this interface so the broker
 * client can be swapped (kafkajs is not maintained for Kafka 4) without touching relay or projections.
 */
export interface OutgoingMessage {
  /** Partitioning key: one stream's events share a key and so stay in order. */
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface IncomingMessage extends OutgoingMessage {
  topic: string;
  partition: number;
  offset: string;
}

/** Where a publish landed: the offset of the first message of this publish in each partition. */
export interface PublishReceipt {
  partition: number;
  baseOffset: string;
}

export interface Publisher {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  publish(topic: string, messages: OutgoingMessage[]): Promise<PublishReceipt[]>;
  close(): Promise<void>;
}

export interface Subscription {
  /** Resolves once the consumer has joined its group and is fetching. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /**
   * Called for each batch of one partition, in offset order. Offsets are committed after it resolves,
   * at most about once a second and on close: after a crash a batch may come again, so this must skip
   * what it already handled.
   */
  onBatch(messages: IncomingMessage[]): Promise<void>;
}

export interface MessageBus {
  ensureTopics(topics: { name: string; partitions?: number }[]): Promise<void>;
  publisher(): Promise<Publisher>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Reads each partition of a topic from the given offset (the partition's start when absent) up to its
   * end as of the call; for recovery scans (the relay checks what a crashed run already published).
   */
  readToEnd(topic: string, fromOffsets: Record<number, string>): Promise<IncomingMessage[]>;
}
