export interface ModelQueueOptions<Batch> {
  /** Applies a batch to the read model (applyBatch): in one transaction with its checkpoint. */
  apply(batch: Batch): Promise<void>;
  log: (line: string) => void;
  /** Backoff before a failed batch is tried again: doubles from `initialMs` up to `maxMs`. */
  retry?: { initialMs?: number; maxMs?: number };
}

export interface ModelQueue<Batch> {
  /**
   * Applies a batch after the ones before it. Resolves once it committed or failed; never rejects: a
   * failure is logged and retried on its own (see modelQueue).
   */
  push(batch: Batch): Promise<void>;
  /** Whether a failed batch waits to be tried again (the read model is behind until it lands). */
  behind(): boolean;
  /** Stops retrying and waits for the batch in flight. */
  close(): Promise<void>;
}

/**
 * One read model's batches, one after the other, for a consumer that feeds every read model of the
 * process. A failed batch does not stop the consumer nor the other read models: its events are tried
 * again after a backoff, and any later batch catches the model up as well, since the hole between its
 * checkpoint and the batch is read from the store (sequenceEvents). The checkpoint, not the Kafka
 * offset, says what a read model has applied, so moving the offset past a failed batch loses nothing.
 */
export function modelQueue<Batch>(options: ModelQueueOptions<Batch>): ModelQueue<Batch> {
  const initialMs = options.retry?.initialMs ?? 200;
  const maxMs = options.retry?.maxMs ?? 10_000;
  let tail: Promise<void> = Promise.resolve();
  let failed: Batch | null = null;
  let delay = initialMs;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const retryLater = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (failed && !closed) void push(failed);
    }, delay);
    delay = Math.min(delay * 2, maxMs);
  };

  const push = (batch: Batch): Promise<void> => {
    tail = tail.then(async () => {
      try {
        await options.apply(batch);
        failed = null;
        delay = initialMs;
        clearTimeout(timer);
        timer = undefined;
      } catch (error) {
        options.log(
          `${error instanceof Error ? error.message : String(error)}; försöker igen om ${delay} ms`,
        );
        failed = batch;
        retryLater();
      }
    });
    return tail;
  };

  return {
    push,
    behind: () => failed !== null,
    async close() {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      await tail;
    },
  };
}
