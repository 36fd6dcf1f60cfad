import type { RecordedEvent } from '../eventstore';
import type { Tx } from './types';

/** Locks the projection's checkpoint row for this transaction and returns its position. */
export async function lockCheckpoint(tx: Tx, name: string): Promise<number> {
  const lock = () =>
    tx.query<{ position: string }>('select position from projection_checkpoints where name = $1 for update', [
      name,
    ]);
  let { rows } = await lock();
  // The row is created once per read model; every later batch needs only the one round trip above.
  if (rows.length === 0) {
    await tx.query('insert into projection_checkpoints (name) values ($1) on conflict do nothing', [name]);
    ({ rows } = await lock());
  }
  return Number(rows[0]?.position ?? 0);
}

/** Moves the checkpoint to `position`; `last` is the newest event read (none when nothing was). */
export async function saveCheckpoint(
  tx: Tx,
  name: string,
  position: number,
  last?: Pick<RecordedEvent, 'eventId' | 'recordedAt'>,
): Promise<void> {
  await tx.query(
    `update projection_checkpoints
     set position = $2, last_event_id = $3, last_recorded_at = $4, updated_at = now()
     where name = $1`,
    [name, position, last?.eventId ?? null, last?.recordedAt ?? null],
  );
}

export async function readCheckpoint(tx: Tx, name: string): Promise<number> {
  const { rows } = await tx.query<{ position: string }>(
    'select position from projection_checkpoints where name = $1',
    [name],
  );
  return Number(rows[0]?.position ?? 0);
}
