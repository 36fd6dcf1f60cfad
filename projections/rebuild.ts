import type pg from 'pg';
import { EventStore } from '../eventstore';
import { applyEvents } from './apply';
import { BatchedTx } from './batched-tx';
import { lockCheckpoint, readCheckpoint } from './checkpoint';
import { inTransaction } from './transaction';
import type { Projection } from './types';

export interface RebuildProgress {
  projection: string;
  position: number;
  /** The store's head when last looked at. */
  head: number;
}

export interface RebuildOptions {
  pageSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  warn?: (line: string) => void;
  /** Send the handlers' writes in batches (BatchedTx; default true) instead of one at a time. */
  batchWrites?: boolean;
}

/**
 * Empties a projection's tables and replays it from the event store (not from Kafka). The reset and
 * each page commit with the checkpoint, in short transactions: a long one would hold back every
 * gap-safe readAll in the cluster (the relay's too). A consumer running meanwhile goes on from the same
 * checkpoint, so the two never apply an event twice; readers see the model fill up again.
 */
export async function rebuildProjection(
  pool: pg.Pool,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<{ position: number; events: number }> {
  const store = new EventStore(pool);
  const pageSize = options.pageSize ?? 5000;
  let head = (await store.head()).position;
  await inTransaction(pool, async (tx) => {
    await lockCheckpoint(tx, projection.name);
    for (const table of projection.tables) await tx.query(`delete from ${table}`);
    await tx.query(
      `update projection_checkpoints
       set position = 0, last_event_id = null, last_recorded_at = null, updated_at = now(), rebuilt_at = now()
       where name = $1`,
      [projection.name],
    );
  });
  options.onProgress?.({ projection: projection.name, position: 0, head });
  let events = 0;
  for (;;) {
    // Read before the transaction: inside it, this transaction's own id would hold the read back.
    const after = await readCheckpoint(pool, projection.name);
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length === 0) break;
    const applied = await inTransaction(pool, async (tx) => {
      const position = await lockCheckpoint(tx, projection.name);
      // The handlers' writes go in batches (one round trip for many), flushed before the commit.
      const handlerTx = options.batchWrites === false ? undefined : new BatchedTx(tx);
      // Global positions may have holes (rolled-back appends); fill checks the store for each one.
      const done = await applyEvents(tx, projection, position, page, {
        warn: options.warn,
        fill: (after, before) => store.readAll({ after, limit: before - after - 1 }),
        handlerTx,
      });
      await handlerTx?.flush();
      return done;
    });
    events += applied.length;
    const position = page.at(-1)?.globalPosition ?? after;
    if (position > head) head = (await store.head()).position;
    options.onProgress?.({ projection: projection.name, position, head });
  }
  return { position: await readCheckpoint(pool, projection.name), events };
}
