import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PageCheck } from './page-check';
import type { PageRange } from './range-check';

/** A pool of worker threads that check pages' content hashes, so verify hashes on several cores. */
export interface HashWorkers {
  readonly size: number;
  /** checkPage (page-check.ts) of a page's JSON text, on the least busy worker. */
  checkPage(pageText: string): Promise<PageCheck>;
  /**
   * Reads a range of a chain on the worker's own connection to `connection` (a Postgres URL) and checks
   * it (range-check.ts): the rows never cross to the calling thread.
   */
  checkRange(range: PageRange, connection: string): Promise<PageCheck>;
  close(): Promise<void>;
}

/**
 * Starts `size` workers (default: the cores, at most 4). Pages go to the least busy worker; the walk
 * itself stays in order on the calling thread (verify awaits each page's answer before checking links).
 */
export function startHashWorkers(size = Math.min(4, os.availableParallelism())): HashWorkers {
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./hash-worker-entry.mjs', import.meta.url));
    return { worker, busy: 0 };
  });
  const waiting = new Map<number, { resolve: (c: PageCheck) => void; reject: (e: unknown) => void }>();
  let nextId = 0;
  for (const w of workers) {
    w.worker.on('message', (m: { id: number; check?: PageCheck; error?: string }) => {
      w.busy -= 1;
      const waiter = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.check) waiter?.resolve(m.check);
      else waiter?.reject(new Error(m.error ?? 'hash worker gave no answer'));
    });
    w.worker.on('error', (error) => {
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
    });
    w.worker.unref(); // after the listeners: attaching a 'message' listener refs the thread again
  }
  const send = (message: object): Promise<PageCheck> => {
    const w = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = nextId++;
    w.busy += 1;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      w.worker.postMessage({ id, ...message });
    });
  };
  return {
    size,
    checkPage: (text) => send({ text }),
    checkRange: (range, connection) => send({ range, connection }),
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

let shared: HashWorkers | undefined;

/**
 * One pool of hash workers for the whole process, started on first use and never closed (its threads
 * are unref'd, so they do not keep the process alive): for a long-running process such as the API.
 */
export function sharedHashWorkers(): HashWorkers {
  shared ??= startHashWorkers();
  return shared;
}
