import type pg from 'pg';
import { readCheckpoint } from './checkpoint';
import { insertDocs } from './doc-store';
import { foldHistory } from './history';
import type { Projection, Tx } from './types';

export interface RebuildComparison {
  projection: string;
  /** The position both sides stand at: the live checkpoint when its tables were read. */
  position: number;
  liveRows: number;
  rebuiltRows: number;
  /** Rows only in the live model, then rows only in the rebuild (at most a few of each, for the report). */
  onlyLive: string[];
  onlyRebuilt: string[];
  same: boolean;
}

/** Every row of a projection's tables as JSON text (`table {row}`), sorted. */
async function dumpRows(tx: Tx, projection: Projection): Promise<string[]> {
  const rows: string[] = [];
  for (const table of projection.tables) {
    const result = await tx.query<{ row: string }>(`select to_jsonb(t)::text as row from ${table} t`);
    rows.push(...result.rows.map((r) => `${table} ${r.row}`));
  }
  return rows.sort();
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const rest = new Map<string, number>();
  for (const row of b) rest.set(row, (rest.get(row) ?? 0) + 1);
  return a.filter((row) => {
    const n = rest.get(row) ?? 0;
    if (n > 0) rest.set(row, n - 1);
    return n === 0;
  });
}

/**
 * Compares a live read model with its rebuild from the event store AT THE SAME POSITION, while the
 * projection keeps running and events keep coming: the live tables and their checkpoint are read in
 * one snapshot, the log is folded in memory up to exactly that checkpoint, and the rebuilt documents
 * are written into temporary tables of the same shape (temp tables shadow the real ones for this
 * session) and read back the same way, then dropped. The live read model is never touched.
 */
export async function compareWithRebuild(pool: pg.Pool, projection: Projection): Promise<RebuildComparison> {
  const client = await pool.connect();
  try {
    let position: number;
    let live: string[];
    await client.query('begin isolation level repeatable read read only');
    try {
      // Locked before the snapshot is taken (LOCK takes none): a rebuild's TRUNCATE, not MVCC-safe,
      // then either committed before the snapshot or waits for this read, and never shows empty tables.
      await client.query(`lock table ${projection.tables.join(', ')} in access share mode`);
      position = await readCheckpoint(client, projection.name);
      live = await dumpRows(client, projection);
    } finally {
      await client.query('rollback');
    }
    const { models, position: folded } = await foldHistory(pool, [projection], { upTo: position });
    if (folded !== position)
      throw new Error(`${projection.name}: the log reached ${folded}, not ${position}`);
    const docs = models[0]?.docs.held() ?? [];
    let rebuilt: string[];
    await client.query('begin');
    try {
      for (const table of projection.tables) {
        await client.query(`create temp table ${table} (like public.${table} including all) on commit drop`);
      }
      await insertDocs(client, docs);
      rebuilt = await dumpRows(client, projection);
    } finally {
      await client.query('rollback');
    }
    const onlyLive = difference(live, rebuilt);
    const onlyRebuilt = difference(rebuilt, live);
    return {
      projection: projection.name,
      position,
      liveRows: live.length,
      rebuiltRows: rebuilt.length,
      onlyLive: onlyLive.slice(0, 3),
      onlyRebuilt: onlyRebuilt.slice(0, 3),
      same: onlyLive.length === 0 && onlyRebuilt.length === 0,
    };
  } finally {
    client.release();
  }
}
