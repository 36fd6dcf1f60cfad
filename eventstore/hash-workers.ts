import os from 'node:os';
import type pg from 'pg';
import type { PageCheck } from './page-check';
import type { PageRange } from './range-check';
import { type PoolReply, startWorkerPool } from './worker-pool';

/** A pool of worker threads that check pages' content hashes, so verify hashes on several cores. */
export interface HashWorkers {
  readonly size: number;
  /** checkPage (page-check.ts) of a page's JSON text, on the least busy worker. */
  checkPage(pageText: string): Promise<PageCheck>;
  /**
   * Reads a range of a chain on the worker's own connection (`connection`: the settings of the pool,
   * pool-connection.ts) and checks it (range-check.ts): the rows never cross to the calling thread.
   */
  checkRange(range: PageRange, connection: pg.ClientConfig): Promise<PageCheck>;
  close(): Promise<void>;
}

/**
 * Starts `size` workers (default: the cores, at most 4). Pages go to the least busy worker; the walk
 * itself stays in order on the calling thread (verify awaits each page's answer before checking links).
 */
export function startHashWorkers(size = Math.min(4, os.availableParallelism())): HashWorkers {
  type Reply = PoolReply & { check?: PageCheck };
  const pool = startWorkerPool<Reply>(new URL('./hash-worker-entry.mjs', import.meta.url), size, {
    name: 'hash worker',
    answered: (reply) => reply.check !== undefined,
  });
  const send = async (message: object) => (await pool.request(message)).check as PageCheck;
  return {
    size,
    checkPage: (text) => send({ text }),
    checkRange: (range, connection) => send({ range, connection }),
    close: () => pool.close(),
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
