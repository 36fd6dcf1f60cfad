import { type PoolReply, startWorkerPool } from '../eventstore/worker-pool';
import { checkPageText, type Verdict } from './event-check';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Threads that validate and upcast a rebuild's pages (event-check.ts) while it folds. */
export interface EventCheckers {
  readonly size: number;
  /** A thread has failed or exited: every check fails. */
  readonly broken: boolean;
  /** checkPageText of a page's JSON text, on the least busy thread. */
  check(text: string | null): Promise<Verdict[]>;
  /** CPU seconds the threads had used at their latest answers (Linux; 0 elsewhere and in-thread). */
  cpuSeconds(): number;
  close(): Promise<void>;
}

/**
 * Threads for a rebuild's checks: ARSHJUL_REBUILD_CHECK_THREADS, default 0 (checks on the calling
 * thread). A thread parses every page a second time and compares each event with its schema's output:
 * on the 2-core machine, loaded, that cost ~15 µs of CPU per event more than it took off the folding
 * thread (bench/rebuild-compare.ts). Worth measuring again where cores are idle.
 */
export function checkThreads(): number {
  const set = process.env.ARSHJUL_REBUILD_CHECK_THREADS;
  if (set !== undefined && set !== '') {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`ARSHJUL_REBUILD_CHECK_THREADS måste vara ett heltal ≥ 0, inte '${set}'`);
    return n;
  }
  return 0;
}

/** Checks on the calling thread (no workers). */
const inThread: EventCheckers = {
  size: 0,
  broken: false,
  check: async (text) => checkPageText(text),
  cpuSeconds: () => 0,
  close: async () => {},
};

/** Starts `size` worker threads (0: checks on the calling thread). */
export function startEventCheckers(size = checkThreads()): EventCheckers {
  if (size === 0) return inThread;
  type Reply = PoolReply & { verdicts?: Verdict[]; cpuTicks?: number };
  const cpuTicks = new Array<number>(size).fill(0);
  let broken: unknown;
  const pool = startWorkerPool<Reply>(new URL('./event-check-worker-entry.mjs', import.meta.url), size, {
    name: 'event check worker',
    answered: (reply) => reply.verdicts !== undefined,
    onReply: (thread, reply) => {
      cpuTicks[thread] = reply.cpuTicks ?? (cpuTicks[thread] as number);
    },
    onFailure: (error) => {
      broken ??= error;
    },
    failOnExit: true,
  });
  return {
    size,
    get broken() {
      return broken !== undefined;
    },
    async check(text) {
      if (broken !== undefined) throw broken;
      return (await pool.request({ text })).verdicts as Verdict[];
    },
    cpuSeconds: () => cpuTicks.reduce((sum, t) => sum + t, 0) / TICKS_PER_SECOND,
    close: () => pool.close(),
  };
}

let shared: EventCheckers | undefined;

/**
 * One set of check threads for the whole process, started on first use (a thread loads the domain's
 * schemas once) and never closed: its threads are unref'd, so they do not keep the process alive.
 * Started again after a thread failed.
 */
export function sharedEventCheckers(): EventCheckers {
  if (!shared || shared.broken) shared = startEventCheckers();
  return shared;
}
