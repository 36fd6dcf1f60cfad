import type pg from 'pg';
import { eventHash, GENESIS_HASH } from './hash';
import { EVENT_COLUMNS, type EventRow } from './rows';
import type { VerifyResult } from './types';

export interface VerifyOptions {
  /** First position to check (default 1); the row before it is trusted as the anchor. */
  from?: number;
  batchSize?: number;
}

/**
 * Walks the hash chain in position order and names the first position that does not check out.
 * Positions must run 1, 2, 3, ... without holes; each row must link to the previous row's hash and
 * hash to its stored value.
 */
export async function verifyChain(pool: pg.Pool, options: VerifyOptions = {}): Promise<VerifyResult> {
  const from = options.from ?? 1;
  const batchSize = options.batchSize ?? 2000;
  if (!Number.isSafeInteger(from) || from < 1)
    throw new RangeError(`from must be a position >= 1, got ${from}`);
  let expectedPrev: Buffer = GENESIS_HASH;
  if (from > 1) {
    const anchor = await pool.query<{ hash: Buffer }>('select hash from events where global_position = $1', [
      from - 1,
    ]);
    const row = anchor.rows[0];
    if (!row)
      return {
        ok: false,
        firstBadPosition: from - 1,
        reason: 'gap',
        detail: 'anchor event is missing',
        count: 0,
      };
    expectedPrev = row.hash;
  }
  let expected = from;
  let count = 0;
  const fetch = (start: number) =>
    pool.query<EventRow & { prev_hash: Buffer; hash: Buffer }>(
      `select ${EVENT_COLUMNS}, prev_hash, hash from events
       where global_position >= $1 order by global_position limit $2`,
      [start, batchSize],
    );
  let pending = fetch(expected);
  for (;;) {
    const { rows } = await pending;
    // Fetch the next batch while this one is hashed: the database and Node work in parallel.
    const last = rows.at(-1);
    const more = rows.length === batchSize && last !== undefined;
    if (more) {
      pending = fetch(Number(last.global_position) + 1);
      pending.catch(() => {}); // awaited on the next turn; an early return must not leave it unhandled
    }
    for (const row of rows) {
      const position = Number(row.global_position);
      if (position !== expected) {
        return {
          ok: false,
          firstBadPosition: expected,
          reason: 'gap',
          detail: `next event is at ${position}`,
          count,
        };
      }
      const recomputed = eventHash(row.prev_hash, {
        globalPosition: position,
        streamId: row.stream_id,
        streamVersion: Number(row.stream_version),
        eventId: row.event_id,
        type: row.type,
        schemaVersion: row.schema_version,
        data: row.data,
        metadata: row.metadata,
      });
      if (!row.prev_hash.equals(expectedPrev)) {
        // A row whose prev_hash is some other event's hash was moved here from elsewhere.
        const origin = await pool.query<{ global_position: string }>(
          'select global_position from events where hash = $1 and global_position <> $2 limit 1',
          [row.prev_hash, position - 1],
        );
        const from = origin.rows[0];
        if (from) {
          return {
            ok: false,
            firstBadPosition: position,
            reason: 'reordered',
            detail: `event follows the event now at ${from.global_position}, not ${position - 1}`,
            count,
          };
        }
        return {
          ok: false,
          firstBadPosition: position,
          reason: 'prev_hash_mismatch',
          detail: 'does not link to the previous event',
          count,
        };
      }
      if (!recomputed.equals(row.hash)) {
        return {
          ok: false,
          firstBadPosition: position,
          reason: 'hash_mismatch',
          detail: 'content does not match its hash',
          count,
        };
      }
      expectedPrev = row.hash;
      expected += 1;
      count += 1;
    }
    if (!more) break;
  }
  return { ok: true, count, lastPosition: expected - 1 };
}
