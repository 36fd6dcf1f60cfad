import type pg from 'pg';
import type { RecordedEvent } from '../eventstore';
import type { PartitionTable } from './rebuild-partitions';
import { ModelWrite } from './rebuild-write';
import type { Projection } from './types';

/**
 * A partitioned rebuild's writes begun early: once this thread's part is folded, while the partition
 * threads still fold theirs, each read model's transaction empties its tables and copies this part's
 * rows; the other parts' rows and the checkpoint follow when they come. On the 2-core machine this
 * thread was idle for that wait (its part folded at 140–170 ms, the other at 210–320 ms, one run
 * each, 7 Dec), and the whole write came after it.
 */
export class EarlyWrites {
  private readonly writes = new Map<string, { write: Promise<ModelWrite>; copied: Set<PartitionTable> }>();

  private stopped = false;

  /**
   * Opens the writes one after another, those with the most rows first, until stop(): one Postgres
   * backend at a time beside the partition threads (nine at once took CPU from the thread the rebuild
   * waits for, on a loaded machine). At most `slots` (each holds a pooled connection until it ends: a
   * pool must keep one for the rest of the rebuild). Whether a table is TRUNCATEd or DELETEd from is
   * decided before the other parts' rows are known: by this part's rows times the partitions, as if
   * every part had as many.
   */
  start(
    pool: pg.Pool,
    projections: readonly Projection[],
    ours: ReadonlyMap<string, readonly PartitionTable[]>,
    partitions: number,
    slots: number,
  ): void {
    const size = (tables: readonly PartitionTable[]) =>
      tables.reduce((sum, t) => sum + t.bytes.byteLength, 0);
    const chosen = projections
      .map((projection) => ({ projection, tables: ours.get(projection.name) ?? [] }))
      .sort((a, b) => size(b.tables) - size(a.tables))
      .slice(0, Math.max(0, slots));
    void (async () => {
      for (const { projection, tables } of chosen) {
        if (this.stopped) return;
        const rows = new Map<string, number>();
        for (const t of tables) rows.set(t.table, (rows.get(t.table) ?? 0) + t.rows * partitions);
        const write = ModelWrite.open(pool, projection, rows).then(async (w) => {
          await w.copyText(tables);
          return w;
        });
        this.writes.set(projection.name, { write, copied: new Set(tables) });
        // Awaited when finished or abandoned; a failure surfaces there. The next waits for this one.
        await write.catch(() => {});
      }
    })();
  }

  /** Opens no more writes: the models not begun yet are written the usual way (writeModels). */
  stop(): void {
    this.stopped = true;
  }

  has(name: string): boolean {
    return this.writes.has(name);
  }

  /** Completes a model's write with the rest of `tables` (every part's) and its checkpoint. */
  async finish(
    name: string,
    tables: readonly PartitionTable[],
    position: number,
    last?: Pick<RecordedEvent, 'eventId' | 'recordedAt'>,
  ): Promise<void> {
    const open = this.writes.get(name);
    if (!open) throw new Error(`${name}: ingen påbörjad skrivning`);
    const write = await open.write;
    await write.copyText(tables.filter((t) => !open.copied.has(t)));
    await write.commit(position, last);
  }

  /** Rolls back the writes of these models (default: all) that have not committed; never throws. */
  async abandon(names: Iterable<string> = this.writes.keys()): Promise<void> {
    const ending = [...names].map(async (name) => {
      const write = await this.writes.get(name)?.write.catch(() => undefined);
      this.writes.delete(name);
      await write?.abandon();
    });
    await Promise.all(ending);
  }
}
