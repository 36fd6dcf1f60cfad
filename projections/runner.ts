import type pg from 'pg';
import { EventStore, type RecordedEvent } from '../eventstore';
import type { IncomingMessage, MessageBus, Subscription } from '../messaging/bus';
import { fromEnvelope, parseEnvelope } from '../relay/envelope';
import { wallClockMs } from '../relay/timing';
import { EVENTS_TOPIC } from '../relay/topic';
import { type ApplyOptions, toProjectionEvent } from './apply';
import { fanOut } from './fan-out';
import type { Projection, ProjectionEvent } from './types';

export interface ProjectionRunnerOptions {
  pool: pg.Pool;
  bus: MessageBus;
  projections: readonly Projection[];
  topic?: string;
  /** Prefix of the consumer group (default 'arshjul.projection'), see consumerGroup. */
  groupPrefix?: string;
  log?: (line: string) => void;
  /** Called after a batch and its checkpoint committed, with when each stage began (wallClockMs). */
  onApplied?: (projection: string, events: readonly RecordedEvent[], timing: BatchTiming) => void;
}

/** When a Kafka batch reached the handler, its transaction began (a connection was free; begin is sent with the first statements), and it committed. */
export interface BatchTiming {
  receivedAt: number;
  begunAt: number;
  committedAt: number;
}

export interface RunningProjections {
  /** Resolves once every consumer has joined its group. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Messages kept decoded: a few seconds of events at a steady 1,000 a second. */
const DECODED_KEPT = 20_000;

/**
 * Decodes messages once per process: a batch is decoded once for every read model, and each read
 * model's tracing spans look the same messages up again. Events are only read (sharedParser parses the
 * domain event of each once).
 */
function messageDecoder(log: (line: string) => void): (messages: IncomingMessage[]) => RecordedEvent[] {
  const decoded = new Map<string, RecordedEvent | null>();
  const decodeOne = (m: IncomingMessage): RecordedEvent | null => {
    const id = `${m.topic}/${m.partition}@${m.offset}`;
    const known = decoded.get(id);
    if (known !== undefined) return known;
    let event: RecordedEvent | null = null;
    try {
      event = fromEnvelope(parseEnvelope(m.value));
    } catch (error) {
      log(`ogiltigt meddelande ${id}: ${String(error)}`);
    }
    decoded.set(id, event);
    if (decoded.size > DECODED_KEPT) {
      const oldest = decoded.keys().next().value;
      if (oldest !== undefined) decoded.delete(oldest);
    }
    return event;
  };
  return (messages) => messages.flatMap((m) => decodeOne(m) ?? []);
}

/** Freezes a parsed event to the bottom: read models share it, so a fold that changed it would throw. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Parses each decoded event's domain event once for every read model of the process instead of once
 * per read model: validating the data (zod) cost more Node CPU than anything else a batch does, and
 * four read models take the task events. Keyed by the decoded object (the decoder hands every read
 * model the same one), so the entry goes when the decoder forgets it.
 */
function sharedParser(): NonNullable<ApplyOptions['toEvent']> {
  const parsed = new WeakMap<RecordedEvent, ProjectionEvent | null>();
  return (recorded, warn) => {
    const known = parsed.get(recorded);
    if (known !== undefined) return known;
    const event = deepFreeze(toProjectionEvent(recorded, warn));
    parsed.set(recorded, event);
    return event;
  };
}

/**
 * The consumer group of a process's read models: the read model's own when there is one (as each read
 * model had before they shared a consumer), else one named by all of them, so two processes with other
 * sets of read models never split one group's partitions between them.
 */
export function consumerGroup(prefix: string, projections: readonly Projection[]): string {
  return `${prefix}.${projections.map((p) => p.name).join('+')}`;
}

/**
 * Starts one Kafka consumer for all the projections: each batch is fetched and decoded once and handed
 * to every read model (fan-out.ts: in one transaction, each with its own checkpoint; a read model that
 * fails is retried on its own and does not hold the others). It was a consumer per read model: nine
 * fetches of the same messages, decoded by nine Kafka clients, and nine transactions per batch.
 */
export async function startProjections(options: ProjectionRunnerOptions): Promise<RunningProjections> {
  const topic = options.topic ?? EVENTS_TOPIC;
  const prefix = options.groupPrefix ?? 'arshjul.projection';
  const log = options.log ?? (() => {});
  const store = new EventStore(options.pool);
  const decode = messageDecoder(log);
  const toEvent = sharedParser();
  await options.bus.ensureTopics([{ name: topic, partitions: 1 }]);
  const models = fanOut({
    pool: options.pool,
    store,
    projections: options.projections,
    log,
    onApplied: options.onApplied,
    toEvent,
    decoded: (m) => decode([m])[0] ?? null,
  });
  let subscription: Subscription;
  try {
    subscription = await options.bus.subscribe({
      groupId: consumerGroup(prefix, options.projections),
      topics: [topic],
      fromBeginning: true,
      onBatch: async (messages) => {
        await models.apply({ receivedAt: wallClockMs(), messages, events: decode(messages) });
      },
    });
  } catch (error) {
    await models.close();
    throw error;
  }
  return {
    ready: subscription.ready,
    close: async () => {
      await subscription.close().catch(() => undefined);
      await models.close();
    },
  };
}
