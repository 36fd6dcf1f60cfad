import type pg from 'pg';
import { type Projection, projectionStatus } from '../../projections';

/** Every row of a projection's tables as JSON text, sorted: equal dumps mean equal read models. */
export async function dumpTables(pool: pg.Pool, projection: Projection): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of projection.tables) {
    const { rows } = await pool.query<{ row: string }>(`select to_jsonb(t)::text as row from ${table} t`);
    dump[table] = rows.map((r) => r.row).sort();
  }
  return dump;
}

/** Waits until each named projection has applied everything up to the store's head (or `position`). */
export async function waitForProjections(
  pool: pg.Pool,
  names: readonly string[],
  position?: number,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await projectionStatus(pool, names);
    const target = position ?? statuses[0]?.head ?? 0;
    if (statuses.every((s) => s.position >= target)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `projections did not reach ${target}: ${statuses.map((s) => `${s.name}@${s.position}`).join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
