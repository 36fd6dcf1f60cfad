import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { VerifyRow } from './chain-walk';

/** A pool of worker threads that check pages' content hashes, so verify hashes on several cores. */
export interface HashWorkers {
  readonly size: number;
  firstMismatch(rows: readonly VerifyRow[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts `size` workers (default: the cores, at most 4). Pages go to the least busy worker; the walk
 * itself stays in order on the calling thread (verify awaits each page's answer before checking links).
 */
export function startHashWorkers(size = Math.min(4, os.availableParallelism())): HashWorkers {
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(new URL('./hash-worker-entry.mjs', import.meta.url));
    worker.unref();
    return { worker, busy: 0 };
  });
  const waiting = new Map<number, { resolve: (n: number) => void; reject: (e: unknown) => void }>();
  let nextId = 0;
  for (const w of workers) {
    w.worker.on('message', (m: { id: number; mismatch: number }) => {
      w.busy -= 1;
      waiting.get(m.id)?.resolve(m.mismatch);
      waiting.delete(m.id);
    });
    w.worker.on('error', (error) => {
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
    });
  }
  return {
    size,
    firstMismatch(rows) {
      const w = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      w.busy += 1;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.worker.postMessage({ id, rows });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
