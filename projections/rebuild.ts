import type pg from 'pg';
import { EventStore, type RecordedEvent } from '../eventstore';
import { toProjectionEvent } from './apply';
import { lockCheckpoint, saveCheckpoint } from './checkpoint';
import { insertDocs } from './doc-store';
import { DocMap } from './fold';
import { inTransaction } from './transaction';
import type { Projection } from './types';

export interface RebuildProgress {
  /** The projections rebuilt together, comma-separated. */
  projection: string;
  position: number;
  /** The store's head when last looked at. */
  head: number;
}

export interface RebuildOptions {
  /** Events read per page (default 10,000). */
  pageSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  warn?: (line: string) => void;
}

export interface RebuildResult {
  /** The checkpoint the rebuilt read models stand at. */
  position: number;
  /** Events read and folded (of the types the models fold). */
  events: number;
  /** Events in the log up to the position (every type): what the rebuild replayed. */
  logEvents: number;
  /** Seconds spent reading and folding, and writing the tables. */
  foldSeconds: number;
  writeSeconds: number;
}

/**
 * Rebuilds read models from the event store (not from Kafka) in one pass over the log: each event is
 * read and parsed once and folded into every projection's documents in memory (the same fold as the
 * incremental path); then each projection's tables are emptied and filled in bulk, with the checkpoint,
 * in one short transaction. Readers see the old model until that commit, then the new one. Nothing
 * holds a transaction open while the log is read: a long one would hold back every gap-safe readAll in
 * the cluster (the relay's too). A consumer that applied events past the rebuilt position meanwhile
 * goes on from it: the gap before its next event is read from the store.
 */
export async function rebuildProjections(
  pool: pg.Pool,
  projections: readonly Projection[],
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const store = new EventStore(pool);
  const pageSize = options.pageSize ?? 10_000;
  const label = projections.map((p) => p.name).join(', ');
  const started = performance.now();
  let head = (await store.head()).position;
  options.onProgress?.({ projection: label, position: 0, head });
  const models = projections.map((p) => ({
    projection: p,
    types: new Set<string>(p.eventTypes),
    docs: new DocMap(),
  }));
  const types = [...new Set(projections.flatMap((p) => p.eventTypes))];
  let events = 0;
  let last: RecordedEvent | undefined;
  let position = 0;
  // Only the types some model folds are read; the next page is read while this one is folded.
  let pending = store.readPage({ after: 0, limit: pageSize, types });
  for (;;) {
    const page = await pending;
    last = page.events.at(-1) ?? last;
    const done = page.coveredTo === position;
    position = page.coveredTo;
    if (!done) pending = store.readPage({ after: position, limit: pageSize, types });
    for (const recorded of page.events) {
      const interested = models.filter((m) => m.types.has(recorded.type));
      const event = toProjectionEvent(recorded, options.warn);
      if (!event) continue;
      for (const m of interested) m.projection.fold(event, m.docs);
    }
    events += page.events.length;
    if (position > head) head = (await store.head()).position;
    options.onProgress?.({ projection: label, position, head });
    if (done) break;
  }
  const folded = performance.now();
  for (const m of models) {
    await inTransaction(pool, async (tx) => {
      await lockCheckpoint(tx, m.projection.name);
      for (const table of m.projection.tables) await tx.query(`delete from ${table}`);
      await insertDocs(tx, [...m.docs.held.values()]);
      await saveCheckpoint(tx, m.projection.name, position, last);
      await tx.query('update projection_checkpoints set rebuilt_at = now() where name = $1', [
        m.projection.name,
      ]);
    });
  }
  return {
    position,
    events,
    logEvents: await countEvents(pool, position),
    foldSeconds: (folded - started) / 1000,
    writeSeconds: (performance.now() - folded) / 1000,
  };
}

/** Rebuilds one read model (see rebuildProjections). */
export function rebuildProjection(
  pool: pg.Pool,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  return rebuildProjections(pool, [projection], options);
}

async function countEvents(pool: pg.Pool, upTo: number): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    'select count(*) as n from events where global_position <= $1',
    [upTo],
  );
  return Number(rows[0]?.n ?? 0);
}
