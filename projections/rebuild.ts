import type pg from 'pg';
import type { RecordedEvent } from '../eventstore';
import { lockCheckpoint, saveCheckpoint } from './checkpoint';
import { copyRowsText } from './copy-rows';
import { copyTables, rowsByTable } from './doc-store';
import type { TableSpec } from './fold';
import { type FoldedModel, type FoldHistoryOptions, type FoldProgress, foldHistory } from './history';
import { foldInPartitions, type PartitionTable, rebuildPartitions } from './rebuild-partitions';
import { inTransaction } from './transaction';
import type { Projection, Tx } from './types';

/**
 * Tables a rebuild fills with at least this many rows are emptied with TRUNCATE, the others with
 * DELETE. TRUNCATE gives fresh files and indexes: COPY then inserts into empty indexes instead of
 * checking every key against its deleted row, and leaves no dead rows to vacuum. But it creates and
 * unlinks a few files per table and index, which costs more than deleting a few hundred rows.
 */
const TRUNCATE_FROM_ROWS = 500;

/**
 * Empties a read model's tables in the rebuild's transaction. Either way readers keep the old rows
 * until the commit: TRUNCATE's lock makes them wait for it (a short while: the COPY and the commit),
 * DELETE lets them read the old rows meanwhile.
 */
async function emptyTables(tx: Tx, tables: readonly string[], counts: ReadonlyMap<string, number>) {
  const big = tables.filter((t) => (counts.get(t) ?? 0) >= TRUNCATE_FROM_ROWS);
  if (big.length) await tx.query(`truncate ${big.join(', ')}`);
  for (const table of tables) if (!big.includes(table)) await tx.query(`delete from ${table}`);
}

export type RebuildProgress = FoldProgress;

/** A rebuild folds the whole log: the fold's options without its end or partition. */
export interface RebuildOptions extends Omit<FoldHistoryOptions, 'upTo' | 'partition'> {
  /**
   * Parts of the log folded at once on as many threads (see rebuild-partitions.ts). Default:
   * ARSHJUL_REBUILD_PARTITIONS (2), but logs under 10,000 events in one pass, and under 250,000 when
   * the threads have not started yet in this process. Models that are not the registry's are always
   * folded in one pass.
   */
  partitions?: number;
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
  /** Parts the log was folded in at once (1: one pass). */
  partitions: number;
  /** Read models whose documents spanned partitions, folded again in one pass. */
  foldedAgain: string[];
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
  const started = performance.now();
  const { partitions: asked, ...foldOptions } = options;
  const partitioned = await foldInPartitions(
    pool,
    projections,
    foldOptions,
    asked ?? rebuildPartitions(),
    asked === undefined,
  ).catch((error: unknown) => {
    // A part's thread failed (or its connection): the one pass below needs neither.
    foldOptions.warn?.(`ombyggnaden i delar misslyckades, bygger om i en följd: ${String(error)}`);
    return undefined;
  });
  let { models, position, last, events } =
    partitioned?.folded ?? (await foldHistory(pool, projections, foldOptions));
  if (partitioned?.unsplittable.length) {
    // Models whose documents span partitions: folded again in one pass, up to the same position. An
    // event it skips was read and reported by a part already: no second warning.
    const again = await foldHistory(pool, partitioned.unsplittable, {
      ...foldOptions,
      upTo: position,
      warn: undefined,
    });
    models = models.map((m) => again.models.find((a) => a.projection === m.projection) ?? m);
  }
  const folded = performance.now();
  await writeModels(pool, models, position, last, partitioned?.others);
  return {
    position,
    events,
    logEvents: await countEvents(pool, position),
    foldSeconds: (folded - started) / 1000,
    writeSeconds: (performance.now() - folded) / 1000,
    partitions: partitioned?.partitions ?? 1,
    foldedAgain: partitioned?.unsplittable.map((p) => p.name) ?? [],
  };
}

/**
 * Writes folded models into their tables, each in its own transaction, all at once: they share no
 * rows, and Postgres writes on every core. Each moves its checkpoint to `position` in the same commit.
 * `others`: a partitioned rebuild's rows (rebuild-partitions.ts), by model, as COPY text; a model
 * found there is written from it alone.
 */
export async function writeModels(
  pool: pg.Pool,
  models: readonly FoldedModel[],
  position: number,
  last?: Pick<RecordedEvent, 'eventId' | 'recordedAt'>,
  others?: ReadonlyMap<string, readonly PartitionTable[]>,
): Promise<void> {
  await Promise.all(
    models.map((m) =>
      inTransaction(pool, async (tx) => {
        await lockCheckpoint(tx, m.projection.name);
        // A partitioned model comes whole as COPY text (its documents here are only this part's).
        const theirs = others?.get(m.projection.name) ?? [];
        const rows = others?.has(m.projection.name) ? new Map() : rowsByTable(m.docs.held());
        const counts = new Map<string, number>();
        for (const [spec, r] of rows) counts.set(spec.table, (counts.get(spec.table) ?? 0) + r.length);
        for (const t of theirs) counts.set(t.table, (counts.get(t.table) ?? 0) + t.rows);
        await emptyTables(tx, m.projection.tables, counts);
        await copyTables(tx, rows);
        const specs = new Map<string, TableSpec>();
        for (const kind of m.projection.docs) for (const spec of kind.tables) specs.set(spec.table, spec);
        for (const t of theirs) {
          const spec = specs.get(t.table);
          if (!spec) throw new Error(`${m.projection.name}: okänd tabell ${t.table}`);
          await copyRowsText(tx, spec, t.text);
        }
        await saveCheckpoint(tx, m.projection.name, position, last);
        await tx.query('update projection_checkpoints set rebuilt_at = now() where name = $1', [
          m.projection.name,
        ]);
      }),
    ),
  );
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
