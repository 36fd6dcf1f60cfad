import type pg from 'pg';
import { EventStore, type RecordedEvent } from '../eventstore';
import type { MessageBus, OutgoingMessage, Publisher, PublishReceipt } from '../messaging/bus';
import { type RelayCheckpoint, RelayCheckpointStore } from './checkpoint';
import { CLOUDEVENTS_CONTENT_TYPE, parseEnvelope, toEnvelope } from './envelope';
import { acquireLeadership } from './leadership';
import { PollPause } from './poll-pause';
import { type RelayStepTiming, wallClockMs } from './timing';
import { EVENTS_TOPIC } from './topic';
import { publishSpans } from './tracing';

export { EVENTS_TOPIC } from './topic';

export interface RelayOptions {
  pool: pg.Pool;
  bus: MessageBus;
  topic?: string;
  /** Partitions when the relay creates the topic (default 1: the topic keeps the store's global order). */
  partitions?: number;
  /** Events per read and publish (default 500). */
  batchSize?: number;
  /** Longest pause when caught up: an idle relay looks this often (default 25 ms). */
  pollIntervalMs?: number;
  /**
   * Shortest pause when caught up (default 2 ms): after a look that found events the relay looks again
   * this soon, and each look that finds nothing doubles the pause up to `pollIntervalMs` (poll-pause.ts).
   * Steady appends keep it short, so an append waits for a short pause instead of a whole idle one; a
   * trickle costs a few looks per event instead of one every 2 ms. The store has no wake-up to listen
   * for (a NOTIFY per append would serialise the commits of every appender).
   */
  busyPollIntervalMs?: number;
  /**
   * How long a publish may wait for Kafka's acknowledgement (default 30 s). A send to a broker that went
   * away can hang inside the client; past this the step fails, the producer is closed, and the next
   * term rescans the topic, so a batch that did land is not published twice.
   */
  publishTimeoutMs?: number;
  /** Backoff while Kafka or Postgres fail: doubles from `initialMs` up to `maxMs`. */
  retry?: { initialMs?: number; maxMs?: number };
  log?: (line: string) => void;
  /**
   * Called once a batch is acknowledged by Kafka and its checkpoint written (in the background, while the
   * next batch is read and published), with when each stage ended.
   */
  onCheckpoint?: (events: readonly RecordedEvent[], timing: RelayStepTiming) => void;
  /** For tests: wraps the publisher, e.g. to fail after Kafka acknowledged. */
  wrapPublisher?: (publisher: Publisher) => Publisher;
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: (ms: number) => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message(ms))), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function toMessage(event: RecordedEvent): OutgoingMessage {
  return {
    key: event.streamId,
    value: JSON.stringify(toEnvelope(event)),
    headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
  };
}

/** The message with the publishing span's context as its `traceparent` header (the next hop's parent). */
function withTraceparent(message: OutgoingMessage, traceparent: string | undefined): OutgoingMessage {
  return traceparent ? { ...message, headers: { ...message.headers, traceparent } } : message;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The outbox relay: follows the event store's global order (the gap-safe readAll) and publishes each
 * event to Kafka, at least once, in order. The checkpoint in Postgres moves only after Kafka
 * acknowledged a batch. After a crash or a failed send, the relay first reads the topic from the
 * checkpoint's offsets to learn which events past the checkpoint are already there, and skips those:
 * a restart neither loses nor duplicates events.
 */
export class OutboxRelay {
  readonly topic: string;
  private readonly store: EventStore;
  private readonly checkpoints: RelayCheckpointStore;
  private readonly batchSize: number;
  private publisher: Publisher | null = null;
  private checkpoint: RelayCheckpoint | null = null;
  private topicReady = false;
  /** The checkpoint write in flight (never rejects: a failure is kept in checkpointFailure). */
  private pendingCheckpoint: Promise<void> = Promise.resolve();
  private checkpointFailure: unknown = null;
  /** Global position -> event id of events past the checkpoint found on the topic by the last scan. */
  private readonly alreadyPublished = new Map<number, string>();

  constructor(private readonly options: RelayOptions) {
    this.topic = options.topic ?? EVENTS_TOPIC;
    this.store = new EventStore(options.pool);
    this.checkpoints = new RelayCheckpointStore(options.pool, this.topic);
    this.batchSize = options.batchSize ?? 500;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /**
   * Publishes at most one batch; returns the number of events published (0 = caught up). Their checkpoint
   * is written in the background, before the next one; close() waits for it.
   */
  async step(): Promise<number> {
    if (!this.topicReady) {
      await this.options.bus.ensureTopics([{ name: this.topic, partitions: this.options.partitions ?? 1 }]);
      this.topicReady = true;
    }
    if (!this.publisher) {
      const publisher = await this.options.bus.publisher();
      this.publisher = this.options.wrapPublisher ? this.options.wrapPublisher(publisher) : publisher;
    }
    if (!this.checkpoint) {
      const loaded = await this.checkpoints.load();
      await this.scanPublished(loaded);
      this.checkpoint = loaded;
    }
    this.throwCheckpointFailure();
    const from = this.checkpoint;
    const events = await this.store.readAll({ after: from.position, limit: this.batchSize });
    const readAt = wallClockMs();
    const last = events.at(-1);
    if (!last) return 0;

    const fresh = events.filter((e) => this.alreadyPublished.get(e.globalPosition) !== e.eventId);
    // Tracing on: a publish span in each append's trace, its context in the messages' headers.
    const spans = publishSpans(this.topic, fresh);
    let receipts: PublishReceipt[] = [];
    try {
      if (fresh.length)
        receipts = await withTimeout(
          this.publisher.publish(
            this.topic,
            spans
              ? fresh.map((e) => withTraceparent(toMessage(e), spans.traceparentFor(e)))
              : fresh.map(toMessage),
          ),
          this.options.publishTimeoutMs ?? 30_000,
          (ms) => `Kafka kvitterade inte ${fresh.length} händelser inom ${ms} ms`,
        );
    } catch (error) {
      spans?.end(error);
      throw error;
    }
    spans?.end();
    const publishedAt = wallClockMs();
    const to: RelayCheckpoint = {
      position: last.globalPosition,
      scanOffsets: {
        ...from.scanOffsets,
        ...Object.fromEntries(receipts.map((r) => [r.partition, r.baseOffset])),
      },
    };
    this.checkpoint = to;
    for (const position of this.alreadyPublished.keys()) {
      if (position <= to.position) this.alreadyPublished.delete(position);
    }
    this.writeCheckpoint(from, to, () =>
      this.options.onCheckpoint?.(events, { readAt, publishedAt, checkpointedAt: wallClockMs() }),
    );
    return events.length;
  }

  /**
   * Writes the checkpoint while the next batch is read and published instead of before: it was a round
   * trip on every event's path. Writes stay in order (each waits for the one before, and compare-and-set
   * refuses one whose `from` is not what is stored). Until it lands, the stored checkpoint is one batch
   * behind what Kafka has, as after a crash between the acknowledgement and the write: a restart's scan
   * finds those events on the topic. A failed write fails the next step, which resets and rescans.
   */
  private writeCheckpoint(from: RelayCheckpoint, to: RelayCheckpoint, written: () => void): void {
    this.pendingCheckpoint = this.pendingCheckpoint
      .then(async () => {
        if (this.checkpointFailure) return;
        await this.checkpoints.advance(from, to);
        written();
      })
      .catch((error: unknown) => {
        this.checkpointFailure ??= error;
      });
  }

  /** Throws a failed background checkpoint write (the step must not go on as if it had landed). */
  private throwCheckpointFailure(): void {
    const failure = this.checkpointFailure;
    if (failure) throw failure;
  }

  /** What a previous run published past the checkpoint before it could move it. */
  private async scanPublished(checkpoint: RelayCheckpoint): Promise<void> {
    this.alreadyPublished.clear();
    const messages = await this.options.bus.readToEnd(this.topic, checkpoint.scanOffsets);
    for (const message of messages) {
      const envelope = parseEnvelope(message.value);
      if (envelope.globalposition > checkpoint.position) {
        this.alreadyPublished.set(envelope.globalposition, envelope.id);
      }
    }
    if (this.alreadyPublished.size) {
      this.log(
        `relay: ${this.alreadyPublished.size} events past position ${checkpoint.position} are already on ${this.topic}; not publishing them again`,
      );
    }
  }

  /**
   * Runs until the signal aborts, as the topic's only active relay (a second one waits as standby);
   * waits with backoff while Kafka or Postgres are unavailable.
   */
  async run(signal: AbortSignal): Promise<void> {
    const initialMs = this.options.retry?.initialMs ?? 200;
    const maxMs = this.options.retry?.maxMs ?? 10_000;
    let delay = initialMs;
    const pause = new PollPause(this.options.busyPollIntervalMs ?? 2, this.options.pollIntervalMs ?? 25);
    try {
      while (!signal.aborted) {
        const leadership = await acquireLeadership(this.options.pool, `arshjul.relay:${this.topic}`, {
          signal,
          onWaiting: () => this.log(`relay: ett annat relä publicerar ${this.topic}; väntar i reserv`),
        });
        if (!leadership) break;
        try {
          while (!signal.aborted && leadership.held) {
            try {
              const moved = await this.step();
              delay = initialMs;
              if (moved > 0) pause.found();
              else await sleep(pause.empty(), signal);
            } catch (error) {
              this.log(
                `relay: ${error instanceof Error ? error.message : String(error)}; försöker igen om ${delay} ms`,
              );
              await this.reset();
              await sleep(delay, signal);
              delay = Math.min(delay * 2, maxMs);
            }
          }
        } finally {
          // Lost or given up: forget the checkpoint, so a new term starts from what is stored.
          await this.reset();
          await leadership.release();
        }
      }
    } finally {
      await this.close();
    }
  }

  /**
   * Lets the checkpoint write in flight land, then forgets the connection and the checkpoint: the next
   * step reconnects, reloads and rescans.
   */
  private async reset(): Promise<void> {
    await this.pendingCheckpoint;
    this.checkpointFailure = null;
    const publisher = this.publisher;
    this.publisher = null;
    this.checkpoint = null;
    this.topicReady = false;
    if (publisher) await Promise.race([publisher.close().catch(() => undefined), sleep(5_000)]);
  }

  async close(): Promise<void> {
    await this.reset();
  }
}
