import type pg from 'pg';

export interface ProjectionStatus {
  name: string;
  position: number;
  /** The event store's head position. */
  head: number;
  /** Events in the store the read model does not reflect yet. */
  lag: number;
  /** Age of the oldest event not yet applied (0 when caught up). */
  timeLagMs: number;
  updatedAt: string | null;
  rebuiltAt: string | null;
}

/** Position and lag of each projection against the event store's head. */
export async function projectionStatus(pool: pg.Pool, names: readonly string[]): Promise<ProjectionStatus[]> {
  const { rows } = await pool.query<{
    name: string;
    position: string;
    head: string;
    time_lag_ms: number | null;
    updated_at: Date | null;
    rebuilt_at: Date | null;
  }>(
    `with head as (select coalesce(max(global_position), 0) as head from events)
     select n.name, coalesce(c.position, 0) as position, head.head,
            (select extract(epoch from now() - e.recorded_at) * 1000 from events e
              where e.global_position = coalesce(c.position, 0) + 1)::float8 as time_lag_ms,
            c.updated_at, c.rebuilt_at
     from unnest($1::text[]) with ordinality as n(name, ord)
     cross join head
     left join projection_checkpoints c on c.name = n.name
     order by n.ord`,
    [names],
  );
  return rows.map((r) => {
    const position = Number(r.position);
    const head = Number(r.head);
    return {
      name: r.name,
      position,
      head,
      lag: Math.max(0, head - position),
      timeLagMs: Math.max(0, Math.round(r.time_lag_ms ?? 0)),
      updatedAt: r.updated_at?.toISOString() ?? null,
      rebuiltAt: r.rebuilt_at?.toISOString() ?? null,
    };
  });
}
