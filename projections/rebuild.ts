import type pg from 'pg';
import { EventStore, type PagedEvent } from '../eventstore';
import { pagedProjectionEvent } from './apply';
import { lockCheckpoint, saveCheckpoint } from './checkpoint';
import { insertDocs } from './doc-store';
import { DocMap } from './fold';
import { inTransaction } from './transaction';
import type { Projection } from './types';

/** Pages read at once while rebuilding. */
const PARALLEL_READS = 3;

export interface RebuildProgress {
  /** The projections rebuilt together, comma-separated. */
  projection: string;
  position: number;
  /** The store's head when last looked at. */
  head: number;
}

export interface RebuildOptions {
  /** Events read per page (default 5,000; PARALLEL_READS pages at once). */
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
  const pageSize = options.pageSize ?? 5000;
  const label = projections.map((p) => p.name).join(', ');
  const started = performance.now();
  let head = (await store.head()).position;
  options.onProgress?.({ projection: label, position: 0, head });
  const models = projections.map((p) => ({ projection: p, docs: new DocMap() }));
  // The models that fold each type, looked up once per event rather than filtered for it.
  const foldersOf = new Map<string, typeof models>();
  for (const m of models) {
    for (const type of new Set(m.projection.eventTypes))
      foldersOf.set(type, [...(foldersOf.get(type) ?? []), m]);
  }
  const types = [...foldersOf.keys()];
  let events = 0;
  let last: PagedEvent | undefined;
  let position = 0;
  const foldPage = (page: readonly PagedEvent[], coveredTo: number) => {
    for (const paged of page) {
      const event = pagedProjectionEvent(paged, options.warn);
      if (!event) continue;
      for (const m of foldersOf.get(paged.type) ?? []) m.projection.fold(event, m.docs);
    }
    events += page.length;
    last = page.at(-1) ?? last;
    position = coveredTo;
  };
  // Below the safe head every event has committed: its ranges are read a few at a time, on
  // connections of their own (Postgres turns jsonb into text on as many cores), and folded in order.
  // Only the types some model folds are read.
  const safe = await store.safeHead();
  const ranges: [number, number][] = [];
  for (let after = 0; after < safe; after += pageSize) ranges.push([after, Math.min(after + pageSize, safe)]);
  const inFlight: { upTo: number; page: Promise<PagedEvent[]> }[] = [];
  let next = 0;
  const readAhead = () => {
    for (; inFlight.length < PARALLEL_READS && next < ranges.length; next++) {
      const [after, upTo] = ranges[next] as [number, number];
      const page = store.readPage({ after, upTo, limit: pageSize, types }).then((p) => p.events);
      page.catch(() => {}); // awaited in order below; a failure surfaces there
      inFlight.push({ upTo, page });
    }
  };
  readAhead();
  for (let range = inFlight.shift(); range; range = inFlight.shift()) {
    const page = await range.page;
    readAhead();
    foldPage(page, range.upTo);
    options.onProgress?.({ projection: label, position, head: Math.max(head, position) });
  }
  // Then page by page up to the end, as events may have been appended meanwhile.
  for (;;) {
    const page = await store.readPage({ after: position, limit: pageSize, types });
    const done = page.coveredTo === position;
    foldPage(page.events, page.coveredTo);
    if (position > head) head = (await store.head()).position;
    options.onProgress?.({ projection: label, position, head });
    if (done) break;
  }
  const folded = performance.now();
  // Each model in its own transaction, all at once: they share no rows, and Postgres writes on every core.
  await Promise.all(
    models.map((m) =>
      inTransaction(pool, async (tx) => {
        await lockCheckpoint(tx, m.projection.name);
        for (const table of m.projection.tables) await tx.query(`delete from ${table}`);
        await insertDocs(tx, m.docs.held());
        await saveCheckpoint(tx, m.projection.name, position, last);
        await tx.query('update projection_checkpoints set rebuilt_at = now() where name = $1', [
          m.projection.name,
        ]);
      }),
    ),
  );
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
