import type pg from 'pg';
import { EVENT_COLUMNS, type EventRow, type RecordedEvent, toRecorded } from '../eventstore/index';

/** A stored event as the auditor sees it: everything, including its link in the hash chain. */
export interface AuditEvent extends RecordedEvent {
  /** The municipality's hash chain and the event's place in it (see docs/hash-chain.md). */
  chainId: string;
  chainPosition: number;
  prevHash: string;
  hash: string;
}

interface Row extends EventRow {
  chain_id: string;
  chain_position: string;
  prev_hash: string;
  hash: string;
}

export interface HistoryQuery {
  municipalityId: string;
  /** Only this stream (it must belong to the municipality). */
  streamId?: string;
  /** Events after this global position (default 0). */
  after?: number;
  limit?: number;
  /** Only events whose domain time (occurredAt) is at or before this instant. */
  asOf?: string;
}

/**
 * A page of a municipality's events in global order: its chain, i.e. its own stream, its cycles' streams
 * and its tasks' streams (chainKeyOf). Gap-safe without a transaction-id cutoff: an append holds its
 * chain's lock until it commits, so within one chain a later position never commits before an earlier
 * one and the committed rows are always a prefix. (The store-wide xmin cutoff used before also hid a
 * writer's own newest events while any other transaction on the server was open.)
 */
export async function municipalityEvents(db: Pick<pg.Pool, 'query'>, q: HistoryQuery): Promise<AuditEvent[]> {
  const { rows } = await db.query<Row>(
    `select ${EVENT_COLUMNS}, chain_id, chain_position, encode(prev_hash, 'hex') as prev_hash,
            encode(hash, 'hex') as hash
     from events
     where chain_id = $1 and global_position > $2
       and ($4::timestamptz is null or occurred_at <= $4)
       and ($5::text is null or stream_id = $5)
     order by global_position
     limit $3`,
    [
      q.municipalityId,
      q.after ?? 0,
      q.limit ?? 100,
      q.asOf ? new Date(q.asOf).toISOString() : null,
      q.streamId ?? null,
    ],
  );
  return rows.map((r) => ({
    ...toRecorded(r),
    chainId: r.chain_id,
    chainPosition: Number(r.chain_position),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/** Every event of a municipality (up to asOf), page by page, for streaming exports. */
export async function* exportMunicipalityEvents(
  db: Pick<pg.Pool, 'query'>,
  q: Omit<HistoryQuery, 'after' | 'limit'>,
  pageSize = 1000,
): AsyncGenerator<AuditEvent> {
  let after = 0;
  for (;;) {
    const page = await municipalityEvents(db, { ...q, after, limit: pageSize });
    yield* page;
    if (page.length < pageSize) return;
    after = page.at(-1)?.globalPosition ?? after;
  }
}
