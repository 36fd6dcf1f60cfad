import type pg from 'pg';
import type { EventStore, RecordedEvent } from '../eventstore';
import type { IncomingMessage } from '../messaging/bus';
import { wallClockMs } from '../relay/timing';
import type { ApplyOptions } from './apply';
import { applyBatchTogether } from './batch';
import { type ModelQueue, modelQueue } from './model-queue';
import type { BatchTiming } from './runner';
import { applySpans } from './tracing';
import type { Projection } from './types';

/** A Kafka batch as handed to every read model: when, its messages, and their events decoded once. */
export interface HandedBatch {
  receivedAt: number;
  messages: IncomingMessage[];
  events: RecordedEvent[];
}

export interface FanOutOptions {
  pool: pg.Pool;
  store: EventStore;
  projections: readonly Projection[];
  log: (line: string) => void;
  onApplied?: (projection: string, events: readonly RecordedEvent[], timing: BatchTiming) => void;
  toEvent: NonNullable<ApplyOptions['toEvent']>;
  /** The event of a message, as the consumer decoded it (for the tracing spans). */
  decoded: (message: IncomingMessage) => RecordedEvent | null;
}

export interface FanOut {
  /** Applies a batch to every read model; resolves once each committed it or was set to retry it. */
  apply(batch: HandedBatch): Promise<void>;
  close(): Promise<void>;
}

/**
 * Hands each batch to every read model of the process. The read models that are in step apply it in
 * one transaction together (applyBatchTogether: two round trips and one commit for all of them). Should
 * that fail, each of them applies it in a transaction of its own, so only a read model that fails on
 * its own is left behind; it retries on its own (model-queue.ts) until it lands or a later batch
 * catches it up, and takes its batches alone until then, without holding the others.
 */
export function fanOut(options: FanOutOptions): FanOut {
  const { log } = options;
  const warnFor = (projection: Projection) => (line: string) => log(`${projection.name}: ${line}`);

  /** Applies the batch to `projections` in one transaction, with their spans and their trace. */
  const applyTogether = async (projections: readonly Projection[], batch: HandedBatch) => {
    let begunAt = batch.receivedAt;
    // Tracing on: a span per read model and trace of what it folds, ended when they committed.
    const spans = projections.map((p) => applySpans(p, batch.messages, options.decoded));
    let applied: RecordedEvent[][];
    try {
      applied = await applyBatchTogether(
        options.pool,
        options.store,
        projections,
        batch.events,
        warnFor,
        () => {
          begunAt = wallClockMs();
        },
        options.toEvent,
      );
    } catch (error) {
      for (const s of spans) s?.end(error);
      throw error;
    }
    for (const s of spans) s?.end();
    const committedAt = wallClockMs();
    projections.forEach((p, i) => {
      const events = applied[i] ?? [];
      if (events.length)
        options.onApplied?.(p.name, events, { receivedAt: batch.receivedAt, begunAt, committedAt });
    });
  };

  const models = options.projections.map((projection) => ({
    projection,
    alone: modelQueue<HandedBatch>({
      log: warnFor(projection),
      apply: (batch) => applyTogether([projection], batch),
    }),
  }));
  const pushAlone = (ms: readonly { alone: ModelQueue<HandedBatch> }[], batch: HandedBatch) =>
    ms.map((m) => m.alone.push(batch));

  return {
    async apply(batch) {
      const inStep = models.filter((m) => !m.alone.behind());
      const pending = pushAlone(
        models.filter((m) => m.alone.behind()),
        batch,
      );
      if (inStep.length) {
        try {
          await applyTogether(
            inStep.map((m) => m.projection),
            batch,
          );
        } catch (error) {
          log(
            `läsmodellerna tillsammans: ${error instanceof Error ? error.message : String(error)}; var för sig i stället`,
          );
          pending.push(...pushAlone(inStep, batch));
        }
      }
      await Promise.all(pending);
    },
    async close() {
      await Promise.all(models.map((m) => m.alone.close()));
    },
  };
}
