import type pg from 'pg';
import { IdempotencyConflictError, VersionConflictError } from './errors';
import { eventHash, GENESIS_HASH, toStoredJson } from './hash';
import { type ExistingRow, replayedAppend } from './replayed-append';
import { EVENT_COLUMNS, type EventRow, toRecorded } from './rows';
import {
  type AppendResult,
  type EventMetadata,
  type EventMetadataInput,
  type ExpectedVersion,
  eventMetadataSchema,
  type JsonValue,
  type NewEvent,
  newEventSchema,
  type RecordedEvent,
  type VerifyResult,
} from './types';
import { type VerifyOptions, verifyChain } from './verify';

/**
 * Key of the transaction-level advisory lock every append takes. One lock for the whole store: the
 * hash chain is a single sequence, and holding it until commit makes global positions commit in order.
 */
export const APPEND_LOCK_KEY = 0x61727368_6a756c01n; // "arshjul" + 1

export interface ReadStreamOptions {
  /** First stream version to return (default 1). */
  fromVersion?: number;
  /** Only events whose domain time (occurred_at) is at or before this instant. */
  asOf?: Date | string;
  /** Only events recorded (database time) at or before this instant: what the store knew then. */
  knownAt?: Date | string;
  limit?: number;
}

export interface ReadAllOptions {
  /** Return events after this global position (default 0 = from the start). */
  after?: number;
  /** Page size (default 1000). */
  limit?: number;
  asOf?: Date | string;
  knownAt?: Date | string;
}

function instant(value: Date | string | undefined, what: string): string | null {
  if (value === undefined) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`${what}: not an instant: ${String(value)}`);
  return d.toISOString();
}

function checkExpected(expected: ExpectedVersion): void {
  if (expected === 'any' || expected === 'no_stream') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(
      `expectedVersion must be a version >= 0, 'no_stream' or 'any', got ${String(expected)}`,
    );
  }
}

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  return expected === actual;
}

/**
 * An append-only, hash-chained event store over one `events` table. Generic: it knows nothing of the
 * domain's event types. Appends are serialised store-wide (see APPEND_LOCK_KEY).
 */
export class EventStore {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Appends events to a stream atomically. Idempotent by event id: if every id was appended before
   * with the same content (a retried activity), nothing is written and the original positions are
   * returned, whatever `expectedVersion` says.
   */
  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent<unknown>[],
    metadata: EventMetadataInput,
  ): Promise<AppendResult> {
    if (typeof streamId !== 'string' || streamId === '')
      throw new TypeError('streamId must be a non-empty string');
    checkExpected(expectedVersion);
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const meta = eventMetadataSchema.parse(metadata);
    const storedMeta = toStoredJson(meta, 'metadata') as EventMetadata;
    const batch = events.map((e, i) => {
      const parsed = newEventSchema.parse(e);
      return { ...parsed, data: toStoredJson(parsed.data, `event ${i} (${parsed.type}) data`) };
    });
    const ids = batch.map((e) => e.eventId);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup)
      throw new IdempotencyConflictError(
        dup,
        'duplicate_in_batch',
        'the same event id occurs twice in one append',
      );

    const client = await this.pool.connect();
    let broken = false;
    try {
      // The lock is taken before any write, so transaction ids are assigned in lock order too.
      await client.query(`begin; select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
      const state = await client.query<{
        version: string;
        head_position: string | null;
        head_hash: Buffer | null;
        existing: ExistingRow[];
      }>(
        `select
           (select coalesce(max(stream_version), 0) from events where stream_id = $1) as version,
           h.global_position as head_position,
           h.hash as head_hash,
           (select coalesce(json_agg(json_build_object(
                'event_id', e.event_id, 'global_position', e.global_position, 'stream_id', e.stream_id,
                'stream_version', e.stream_version, 'type', e.type, 'schema_version', e.schema_version,
                'data', e.data)), '[]'::json)
              from events e where e.event_id = any($2::uuid[])) as existing
         from (select 1) one
         left join lateral (select global_position, hash from events order by global_position desc limit 1) h on true`,
        [streamId, ids],
      );
      const row = state.rows[0];
      if (!row) throw new Error('event store state query returned no row');

      if (row.existing.length > 0) {
        const result = replayedAppend(streamId, batch, row.existing);
        await client.query('commit');
        return result;
      }

      const actual = Number(row.version);
      if (!versionMatches(expectedVersion, actual))
        throw new VersionConflictError(streamId, expectedVersion, actual);

      let prevHash: Buffer = row.head_hash ?? GENESIS_HASH;
      let position = row.head_position === null ? 0 : Number(row.head_position);
      const positions: number[] = [];
      const versions: number[] = [];
      const prevHashes: Buffer[] = [];
      const hashes: Buffer[] = [];
      batch.forEach((e, i) => {
        position += 1;
        const streamVersion = actual + i + 1;
        const hash = eventHash(prevHash, {
          globalPosition: position,
          streamId,
          streamVersion,
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
          metadata: storedMeta,
        });
        positions.push(position);
        versions.push(streamVersion);
        prevHashes.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      });

      await client.query(
        `insert into events (global_position, stream_id, stream_version, event_id, type, schema_version,
                             data, metadata, occurred_at, prev_hash, hash)
         select p, $2, v, id, t, sv, d, $8::jsonb, $9::timestamptz, ph, h
         from unnest($1::bigint[], $3::bigint[], $4::uuid[], $5::text[], $6::int[], $7::jsonb[],
                     $10::bytea[], $11::bytea[]) as x(p, v, id, t, sv, d, ph, h)`,
        [
          positions,
          streamId,
          versions,
          ids,
          batch.map((e) => e.type),
          batch.map((e) => e.schemaVersion),
          batch.map((e) => JSON.stringify(e.data)),
          JSON.stringify(storedMeta),
          storedMeta.occurredAt,
          prevHashes,
          hashes,
        ],
      );
      await client.query('commit');
      return {
        streamId,
        streamVersion: actual + batch.length,
        globalPositions: positions,
        alreadyAppended: false,
      };
    } catch (error) {
      await client.query('rollback').catch(() => {
        broken = true; // a connection that cannot roll back must not go back to the pool
      });
      // Only reachable by a writer that bypasses the lock; report it like any other version conflict.
      if ((error as { code?: string; constraint?: string }).constraint === 'events_stream_version_key') {
        throw new VersionConflictError(streamId, expectedVersion, await this.streamVersion(streamId));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Current version of a stream; 0 when it has no events. */
  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.pool.query<{ v: string }>(
      'select coalesce(max(stream_version), 0) as v from events where stream_id = $1',
      [streamId],
    );
    return Number(rows[0]?.v ?? 0);
  }

  /** A stream's events in version order, optionally as of a domain time or as known at a database time. */
  async readStream<Data = JsonValue>(
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent<Data>[]> {
    const { rows } = await this.pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from events
       where stream_id = $1 and stream_version >= $2
         and ($3::timestamptz is null or occurred_at <= $3)
         and ($4::timestamptz is null or recorded_at <= $4)
       order by stream_version
       limit $5`,
      [
        streamId,
        options.fromVersion ?? 1,
        instant(options.asOf, 'asOf'),
        instant(options.knownAt, 'knownAt'),
        options.limit ?? null,
      ],
    );
    return rows.map((r) => toRecorded<Data>(r));
  }

  /**
   * A page of the global log in position order, safe for catch-up readers that resume from the last
   * position they saw. Rows written by transactions at or above this snapshot's xmin are held back until
   * every older transaction has finished, so an event that commits late never lands behind a position a
   * reader has already passed. (Appends also commit in position order, see APPEND_LOCK_KEY; this filter
   * keeps the read safe even so, e.g. against rows inserted outside `append`.)
   */
  async readAll<Data = JsonValue>(options: ReadAllOptions = {}): Promise<RecordedEvent<Data>[]> {
    const { rows } = await this.pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from events
       where global_position > $1
         and transaction_id < (select pg_snapshot_xmin(pg_current_snapshot()))
         and ($3::timestamptz is null or occurred_at <= $3)
         and ($4::timestamptz is null or recorded_at <= $4)
       order by global_position
       limit $2`,
      [
        options.after ?? 0,
        options.limit ?? 1000,
        instant(options.asOf, 'asOf'),
        instant(options.knownAt, 'knownAt'),
      ],
    );
    return rows.map((r) => toRecorded<Data>(r));
  }

  /** Last position and hash of the chain (publish it elsewhere to detect truncation of the tail). */
  async head(): Promise<{ position: number; hash: string }> {
    const { rows } = await this.pool.query<{ global_position: string; hash: Buffer }>(
      'select global_position, hash from events order by global_position desc limit 1',
    );
    const row = rows[0];
    return row
      ? { position: Number(row.global_position), hash: row.hash.toString('hex') }
      : { position: 0, hash: GENESIS_HASH.toString('hex') };
  }

  /** Walks the hash chain and names the first position that does not check out (see verifyChain). */
  verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    return verifyChain(this.pool, options);
  }
}
