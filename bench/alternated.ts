import type { Row } from './plain-baseline';
import { timed } from './types';

export interface Alternated {
  /** Seconds the store's blocks took, all rounds. */
  storeSeconds: number;
  /** Seconds the plain INSERTs of the same rows took, all rounds. */
  plainSeconds: number;
  /** The rows the store wrote (and the plain table got again). */
  rows: number;
}

/**
 * The store and the plain-INSERT baseline taking turns, `rounds` times: a block of the store's appends,
 * then the same rows into the plain table. One block of each, one after the other, let the machine's
 * drift (this VM's fsync time moved by 35% between runs) fall on one side: single-writer ratios of the
 * same code ranged 0.40–0.63 on a quiet machine. Taking turns puts both sides in the same moments.
 */
export async function alternated(o: {
  rounds: number;
  head: () => Promise<number>;
  store: (round: number) => Promise<void>;
  rowsBetween: (from: number, to: number) => Promise<Row[]>;
  plain: (rows: Row[]) => Promise<void>;
}): Promise<Alternated> {
  let storeSeconds = 0;
  let plainSeconds = 0;
  let rows = 0;
  for (let round = 0; round < o.rounds; round++) {
    const from = (await o.head()) + 1;
    storeSeconds += (await timed(() => o.store(round))).seconds;
    const written = await o.rowsBetween(from, await o.head());
    plainSeconds += (await timed(() => o.plain(written))).seconds;
    rows += written.length;
  }
  return { storeSeconds, plainSeconds, rows };
}
