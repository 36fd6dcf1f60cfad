import type pg from 'pg';

export interface RelayCheckpoint {
  position: number;
  /** Per partition, an offset at or before the first message published after `position`. */
  scanOffsets: Record<number, string>;
}

/** The relay's durable checkpoint, one row per topic in relay_checkpoints. */
export class RelayCheckpointStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly topic: string,
  ) {}

  async load(): Promise<RelayCheckpoint> {
    await this.pool.query('insert into relay_checkpoints (topic) values ($1) on conflict do nothing', [
      this.topic,
    ]);
    const { rows } = await this.pool.query<{ position: string; scan_offsets: Record<string, string> }>(
      'select position, scan_offsets from relay_checkpoints where topic = $1',
      [this.topic],
    );
    const row = rows[0];
    if (!row) throw new Error(`relay checkpoint for ${this.topic} vanished`);
    return {
      position: Number(row.position),
      scanOffsets: Object.fromEntries(Object.entries(row.scan_offsets).map(([p, o]) => [Number(p), o])),
    };
  }

  /**
   * Moves the checkpoint from `from` to `to`. Compare-and-set: if another relay moved it meanwhile,
   * nothing is written and this throws, so the caller re-reads instead of skipping events.
   */
  async advance(from: RelayCheckpoint, to: RelayCheckpoint): Promise<void> {
    const result = await this.pool.query(
      `update relay_checkpoints set position = $3, scan_offsets = $4, updated_at = now()
       where topic = $1 and position = $2`,
      [this.topic, from.position, to.position, JSON.stringify(to.scanOffsets)],
    );
    if (result.rowCount !== 1) {
      throw new Error(
        `relay checkpoint for ${this.topic} was moved by someone else (expected ${from.position})`,
      );
    }
  }
}
