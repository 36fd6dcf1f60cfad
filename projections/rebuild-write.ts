import type pg from 'pg';
import type { RecordedEvent } from '../eventstore';
import { lockCheckpoint, saveCheckpoint } from './checkpoint';
import { copyRowsText } from './copy-rows';
import { copyTables, rowsByTable } from './doc-store';
import type { Row, TableSpec } from './fold';
import type { FoldedModel } from './history';
import type { PartitionTable } from './rebuild-partitions';
import type { Projection } from './types';

/**
 * Tables a rebuild fills with at least this many rows are emptied with TRUNCATE, the others with
 * DELETE. TRUNCATE gives fresh files and indexes: COPY then inserts into empty indexes instead of
 * checking every key against its deleted row, and leaves no dead rows to vacuum. But it creates and
 * unlinks a few files per table and index, which costs more than deleting a few hundred rows.
 */
const TRUNCATE_FROM_ROWS = 500;

/**
 * A read model's rebuild write, open: one transaction that locked the model's checkpoint and emptied
 * its tables, into which rows are copied, then committed with the checkpoint. Readers keep the old
 * rows until the commit: TRUNCATE's lock makes them wait for it, DELETE lets them read the old rows
 * meanwhile. A write transaction does not hold back gap-safe reads (eventstore/gap-safe.ts: only an
 * append's does), so one may stay open while other parts of the log are still being read.
 */
export class ModelWrite {
  private readonly specs = new Map<string, TableSpec>();
  private released = false;

  private constructor(
    readonly projection: Projection,
    private readonly client: pg.PoolClient,
  ) {
    for (const kind of projection.docs) for (const spec of kind.tables) this.specs.set(spec.table, spec);
  }

  /** Begins the write; `rows`: the rows each table will get, which decides TRUNCATE or DELETE. */
  static async open(
    pool: pg.Pool,
    projection: Projection,
    rows: ReadonlyMap<string, number>,
  ): Promise<ModelWrite> {
    const write = new ModelWrite(projection, await pool.connect());
    await write.step(async (tx) => {
      await tx.query('begin');
      await lockCheckpoint(tx, projection.name);
      const big = projection.tables.filter((t) => (rows.get(t) ?? 0) >= TRUNCATE_FROM_ROWS);
      if (big.length) await tx.query(`truncate ${big.join(', ')}`);
      for (const table of projection.tables) if (!big.includes(table)) await tx.query(`delete from ${table}`);
    });
    return write;
  }

  /** Copies tables in COPY's text format (a partition's, copy-rows.ts). */
  copyText(tables: readonly PartitionTable[]): Promise<void> {
    return this.step(async (tx) => {
      for (const t of tables) {
        const spec = this.specs.get(t.table);
        if (!spec) throw new Error(`${this.projection.name}: okänd tabell ${t.table}`);
        await copyRowsText(tx, spec, t.bytes);
      }
    });
  }

  /** Copies rows gathered by table (rowsByTable). */
  copyRows(rows: ReadonlyMap<TableSpec, Row[]>): Promise<void> {
    return this.step((tx) => copyTables(tx, rows));
  }

  /** Moves the checkpoint to `position` and commits. */
  async commit(position: number, last?: Pick<RecordedEvent, 'eventId' | 'recordedAt'>): Promise<void> {
    await this.step(async (tx) => {
      await saveCheckpoint(tx, this.projection.name, position, last);
      await tx.query('update projection_checkpoints set rebuilt_at = now() where name = $1', [
        this.projection.name,
      ]);
      await tx.query('commit');
    });
    this.released = true;
    this.client.release();
  }

  /** Rolls back (the old rows stay) and gives the connection back, unless done already; never throws. */
  async abandon(): Promise<void> {
    if (this.released) return;
    this.released = true;
    let broken = false;
    await this.client.query('rollback').catch(() => {
      broken = true;
    });
    this.client.release(broken);
  }

  /** Runs a step of the transaction; should it fail, rolls back before rethrowing. */
  private async step(work: (tx: pg.PoolClient) => Promise<void>): Promise<void> {
    try {
      await work(this.client);
    } catch (error) {
      await this.abandon();
      throw error;
    }
  }
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
    models.map(async (m) => {
      // A partitioned model comes whole as COPY text (its documents here are only this part's).
      const theirs = others?.get(m.projection.name);
      const rows = theirs ? new Map<TableSpec, Row[]>() : rowsByTable(m.docs.held());
      const counts = new Map<string, number>();
      for (const [spec, r] of rows) counts.set(spec.table, (counts.get(spec.table) ?? 0) + r.length);
      for (const t of theirs ?? []) counts.set(t.table, (counts.get(t.table) ?? 0) + t.rows);
      const write = await ModelWrite.open(pool, m.projection, counts);
      await write.copyRows(rows);
      await write.copyText(theirs ?? []);
      await write.commit(position, last);
    }),
  );
}
