import type pg from 'pg';
import { type FoldHistoryOptions, type FoldProgress, foldHistory } from './history';
import { EarlyWrites } from './rebuild-early-writes';
import { foldInPartitions, rebuildPartitions } from './rebuild-partitions';
import { writeModels } from './rebuild-write';
import type { Projection } from './types';

export { writeModels } from './rebuild-write';

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
 * in one short transaction (partitioned, begun as soon as this thread's part is folded, while the
 * other parts still fold). Readers see the old model until that commit, then the new one. Write
 * transactions do not hold back gap-safe reads (only appends do), and none is open while this thread
 * reads the log. A consumer that applied events past the rebuilt position meanwhile
 * goes on from it: the gap before its next event is read from the store.
 */
export async function rebuildProjections(
  pool: pg.Pool,
  projections: readonly Projection[],
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const { partitions: asked, ...foldOptions } = options;
  const partitions = asked ?? rebuildPartitions();
  // This part's rows start being written while the other parts fold (rebuild-early-writes.ts).
  const early = new EarlyWrites();
  const slots = (pool.options.max ?? 10) - 1;
  const partitioned = await foldInPartitions(
    pool,
    projections,
    foldOptions,
    partitions,
    asked === undefined,
    (ours) => early.start(pool, projections, ours, partitions, slots),
  ).catch(async (error: unknown) => {
    // A part's thread failed (or its connection): the one pass below needs neither.
    early.stop();
    await early.abandon();
    foldOptions.warn?.(`ombyggnaden i delar misslyckades, bygger om i en följd: ${String(error)}`);
    return undefined;
  });
  let { models, position, last, events } =
    partitioned?.folded ?? (await foldHistory(pool, projections, foldOptions));
  // Models whose documents span partitions: their early writes rolled back, the others' finished
  // while they are folded again.
  early.stop(); // every part has come: the models not begun yet are written below
  const unsplittable = partitioned?.unsplittable ?? [];
  await early.abandon(unsplittable.map((p) => p.name));
  const finishing = models
    .filter((m) => early.has(m.projection.name))
    .map((m) =>
      early.finish(m.projection.name, partitioned?.others.get(m.projection.name) ?? [], position, last),
    );
  for (const f of finishing) f.catch(() => {}); // awaited below; a failure surfaces there
  try {
    if (unsplittable.length) {
      // Folded again in one pass, up to the same position. An event it skips was read and reported
      // by a part already: no second warning.
      const again = await foldHistory(pool, unsplittable, {
        ...foldOptions,
        upTo: position,
        warn: undefined,
      });
      models = models.map((m) => again.models.find((a) => a.projection === m.projection) ?? m);
    }
    const folded = performance.now();
    const rest = models.filter((m) => !early.has(m.projection.name));
    const [logEvents] = await Promise.all([
      countEvents(pool, position),
      writeModels(pool, rest, position, last, partitioned?.others),
      ...finishing,
    ]);
    return {
      position,
      events,
      logEvents,
      foldSeconds: (folded - started) / 1000,
      writeSeconds: (performance.now() - folded) / 1000,
      partitions: partitioned?.partitions ?? 1,
      foldedAgain: unsplittable.map((p) => p.name),
    };
  } catch (error) {
    // A write or the second fold failed: the early writes not committed yet are rolled back.
    await Promise.allSettled(finishing);
    await early.abandon();
    throw error;
  }
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
