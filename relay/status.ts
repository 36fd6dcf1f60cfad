import type pg from 'pg';
import { EVENTS_TOPIC } from './topic';

export interface RelayStatus {
  topic: string;
  position: number;
  head: number;
  /** Events in the store not yet on Kafka. */
  lag: number;
  /** Age of the oldest event not yet on Kafka (0 when caught up). */
  timeLagMs: number;
  updatedAt: string | null;
}

export async function relayStatus(pool: pg.Pool, topic = EVENTS_TOPIC): Promise<RelayStatus> {
  const { rows } = await pool.query<{
    position: string;
    head: string;
    time_lag_ms: number | null;
    updated_at: Date | null;
  }>(
    `with cp as (select coalesce((select position from relay_checkpoints where topic = $1), 0) as position)
     select cp.position,
            coalesce((select max(global_position) from events), 0) as head,
            (select extract(epoch from now() - e.recorded_at) * 1000 from events e
              where e.global_position = cp.position + 1)::float8 as time_lag_ms,
            (select updated_at from relay_checkpoints where topic = $1) as updated_at
     from cp`,
    [topic],
  );
  const row = rows[0];
  const position = Number(row?.position ?? 0);
  const head = Number(row?.head ?? 0);
  return {
    topic,
    position,
    head,
    lag: Math.max(0, head - position),
    timeLagMs: Math.max(0, Math.round(row?.time_lag_ms ?? 0)),
    updatedAt: row?.updated_at?.toISOString() ?? null,
  };
}
