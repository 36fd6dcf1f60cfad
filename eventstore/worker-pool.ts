import { Worker } from 'node:worker_threads';

/** What a pool's thread answers: the request's id, and an error message when it failed. */
export interface PoolReply {
  id: number;
  error?: string;
}

export interface WorkerPool<R extends PoolReply> {
  readonly size: number;
  /** Sends `message` (with an id) to the least busy thread; resolves with its reply, rejects on its error. */
  request(message: object): Promise<R>;
  close(): Promise<void>;
}

export interface WorkerPoolOptions<R extends PoolReply> {
  /** Named in the rejection when a reply carries no result. */
  name: string;
  /** Whether a reply carries its result (else it is rejected with its error). */
  answered(reply: R): boolean;
  /** Every reply, with the index of the thread that sent it (before its request settles). */
  onReply?(thread: number, reply: R): void;
  /** Called when a thread errs (and exits, with `failOnExit`), after every waiting request was rejected. */
  onFailure?(error: unknown): void;
  failOnExit?: boolean;
}

/**
 * `size` worker threads running `entry`, each request on the least busy one. The threads are unref'd
 * after their listeners are attached (attaching a 'message' listener refs a thread again), so an idle
 * pool never keeps a process alive; a thread is referenced again only while it has requests in flight.
 */
export function startWorkerPool<R extends PoolReply>(
  entry: URL,
  size: number,
  options: WorkerPoolOptions<R>,
): WorkerPool<R> {
  const threads = Array.from({ length: size }, () => ({ worker: new Worker(entry), busy: 0 }));
  const waiting = new Map<number, { resolve: (reply: R) => void; reject: (e: unknown) => void }>();
  let nextId = 0;
  const fail = (error: unknown) => {
    for (const p of waiting.values()) p.reject(error);
    waiting.clear();
    options.onFailure?.(error);
  };
  threads.forEach((thread, index) => {
    thread.worker.on('message', (reply: R) => {
      thread.busy -= 1;
      if (thread.busy === 0) thread.worker.unref();
      options.onReply?.(index, reply);
      const waiter = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (options.answered(reply)) waiter?.resolve(reply);
      else waiter?.reject(new Error(reply.error ?? `${options.name} gave no answer`));
    });
    thread.worker.on('error', fail);
    if (options.failOnExit)
      thread.worker.on('exit', (code) => fail(new Error(`${options.name} exited (${code})`)));
    thread.worker.unref();
  });
  return {
    size,
    request(message) {
      const thread = threads.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      // Referenced while it owes a reply: a caller awaiting only the pool (its own connections idle
      // and closed by the pool's idle timeout) would otherwise see the process exit mid-request.
      if (thread.busy === 0) thread.worker.ref();
      thread.busy += 1;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        thread.worker.postMessage({ id, ...message });
      });
    },
    async close() {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
