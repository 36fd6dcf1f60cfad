import type pg from 'pg';
import { eventStoreAppends, eventStoreVersionConflicts } from '../ops/metrics';
import { activeTracer, inSpan, traceparentOf } from '../ops/tracing';
import { canonicalMetadataText, parseMetadata, parseNewEvent } from './append-input';
import { guidArrayLiteral, integerArrayLiteral, positionsOfText, textArrayLiteral } from './append-params';
import { contentCanonicalFormOf, digestOfCanonicalForm } from './chain-hash';
import { chainKeyOf } from './chain-key';
import { IdempotencyConflictError, VersionConflictError } from './errors';
import { GAP_SAFE_CUTOFF } from './gap-safe';
import { GENESIS_HASH } from './hash';
import {
  eventRef,
  type Page,
  type PageText,
  type ReadPageOptions,
  readPageOfTypes,
  readPageTextOfTypes,
  safeHead,
} from './read-page';
import { type ExistingRow, replayedAppend } from './replayed-append';
import { EVENT_COLUMNS, type EventRow, toRecorded } from './rows';
import { storedCanonicalJson } from './stored-json';
import { queryTextRow } from './text-row-call';
import type {
  AppendResult,
  ChainHead,
  EventMetadataInput,
  ExpectedVersion,
  JsonValue,
  NewEvent,
  RecordedEvent,
  VerifyResult,
} from './types';
import { type VerifyOptions, verifyChains } from './verify';

/**
 * One round trip per append: append_events (eventstore/migrations/*_append-cheaper-head.sql) does it all.
 * Parameters and reply are text (append-params.ts), sent and read by queryTextRow (text-row-call.ts).
 */
const APPEND_SQL = `select r_outcome, r_stream_version, r_global_positions, r_existing
  from append_events($1, $2, $3, $4::uuid[], $5::text[], $6::integer[], $7::jsonb, $8::bytea, $9::jsonb, $10)`;

/** The stored events with any of an append's ids (its idempotency check after a unique violation). */
const EXISTING_SQL = `select event_id, global_position, stream_id, stream_version, type, schema_version, data
  from events where event_id = any($1::uuid[])`;

/** outcome, stream version, global positions (`{5,6}`), stored rows with the batch's ids (JSON). */
type AppendReply = [
  'appended' | 'existing' | 'version_conflict',
  string | null,
  string | null,
  string | null,
];

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

/** The first id that occurs twice (a Set: `indexOf` per id was quadratic, ~20 ms for a batch of 1000). */
function firstRepeated(ids: readonly string[]): string | undefined {
  if (ids.length < 2) return undefined;
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

/**
 * An append-only event store over one `events` table, hash-chained per municipality (chainKeyOf).
 * It knows nothing of the domain's event types. Appends of one chain serialise; chains run in parallel.
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
    if (!activeTracer()) return this.appendUntraced(streamId, expectedVersion, events, metadata);
    // A span in the caller's trace (an API request, an activity) when tracing is on.
    const attributes = () => ({
      'db.system.name': 'postgresql',
      'db.operation.name': 'append_events',
      'arshjul.stream_id': String(streamId),
      'arshjul.event_count': Array.isArray(events) ? events.length : 0,
      'arshjul.event_types': Array.isArray(events) ? events.map((e) => String(e?.type)) : [],
    });
    return inSpan('eventstore.append', attributes, async (span) => {
      // The append's own context goes into the metadata, where the relay, the projections and the
      // e-mail sender pick the trace up again (a caller's own traceparent, e.g. an import, wins).
      const traced =
        span && typeof metadata === 'object' && metadata !== null && !metadata.traceparent
          ? { ...metadata, traceparent: traceparentOf(span) }
          : metadata;
      const result = await this.appendUntraced(streamId, expectedVersion, events, traced);
      span?.setAttributes({
        'arshjul.stream_version': result.streamVersion,
        'arshjul.already_appended': result.alreadyAppended,
      });
      return result;
    });
  }

  private async appendUntraced(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent<unknown>[],
    metadata: EventMetadataInput,
  ): Promise<AppendResult> {
    if (typeof streamId !== 'string' || streamId === '')
      throw new TypeError('streamId must be a non-empty string');
    checkExpected(expectedVersion);
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const meta = parseMetadata(metadata);
    const canonicalMeta = canonicalMetadataText(meta);
    const batch = events.map((e, i) => {
      const parsed = parseNewEvent(e);
      const canonicalData = storedCanonicalJson(parsed.data, `event ${i} (${parsed.type}) data`);
      return {
        eventId: parsed.eventId,
        type: parsed.type,
        schemaVersion: parsed.schemaVersion,
        canonicalData,
      };
    });
    const ids = batch.map((e) => e.eventId);
    const dup = firstRepeated(ids);
    if (dup)
      throw new IdempotencyConflictError(
        dup,
        'duplicate_in_batch',
        'the same event id occurs twice in one append',
      );

    const chainId = chainKeyOf(streamId);
    // The canonical texts serve both the digest and the jsonb parameters.
    const digests = batch.map((e) =>
      digestOfCanonicalForm(
        contentCanonicalFormOf(
          { chainId, streamId, eventId: e.eventId, type: e.type, schemaVersion: e.schemaVersion },
          e.canonicalData,
          canonicalMeta,
        ),
      ),
    );
    const values = [
      chainId,
      streamId,
      expectedVersion === 'any' ? '-1' : expectedVersion === 'no_stream' ? '0' : String(expectedVersion),
      guidArrayLiteral(ids),
      textArrayLiteral(batch.map((e) => e.type)),
      integerArrayLiteral(batch.map((e) => e.schemaVersion)),
      // One JSON array and one byte string: nothing to escape into an array literal (and out again).
      `[${batch.map((e) => e.canonicalData).join(',')}]`,
      digests.length === 1 ? (digests[0] as Buffer) : Buffer.concat(digests),
      canonicalMeta,
      meta.occurredAt,
    ];
    let row: AppendReply | undefined;
    try {
      row = (await queryTextRow(this.pool, 'append_events', APPEND_SQL, values)) as AppendReply | undefined;
    } catch (error) {
      // append_events looks for stored ids only when the version does not match. Ids stored before
      // under a matching version (a retry with 'any', an id reused in another stream, or one another
      // chain's writer inserted at the same moment) meet the unique index: read what is stored.
      if ((error as { constraint?: string }).constraint !== 'events_event_id_key') throw error;
      const stored = await this.pool.query<ExistingRow>(EXISTING_SQL, [ids]);
      if (stored.rows.length === 0) throw error;
      return this.replayed(streamId, batch, stored.rows);
    }
    if (!row) throw new Error('append_events returned no row');
    const [outcome, streamVersion, positions, existing] = row;
    if (outcome === 'existing')
      return this.replayed(streamId, batch, existing === null ? [] : (JSON.parse(existing) as ExistingRow[]));
    if (outcome === 'version_conflict') {
      eventStoreAppends.inc({ outcome: 'version_conflict' });
      eventStoreVersionConflicts.inc();
      throw new VersionConflictError(streamId, expectedVersion, Number(streamVersion));
    }
    eventStoreAppends.inc({ outcome: 'appended' });
    return {
      streamId,
      streamVersion: Number(streamVersion),
      globalPositions: positionsOfText(positions),
      alreadyAppended: false,
    };
  }

  /** Some ids of the batch are stored already: an exact retry gets the original result (replayedAppend). */
  private replayed(
    streamId: string,
    batch: readonly { eventId: string; type: string; schemaVersion: number; canonicalData: string }[],
    existing: ExistingRow[],
  ): AppendResult {
    eventStoreAppends.inc({ outcome: 'replayed' });
    const stored = batch.map((e) => ({ ...e, data: JSON.parse(e.canonicalData) as JsonValue }));
    return replayedAppend(streamId, stored, existing);
  }

  /** The stored events with any of these ids, in position order (what a retried append finds). */
  async readEvents<Data = JsonValue>(eventIds: readonly string[]): Promise<RecordedEvent<Data>[]> {
    const { rows } = await this.pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from events where event_id = any($1::uuid[]) order by global_position`,
      [eventIds],
    );
    return rows.map((r) => toRecorded<Data>(r));
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
    // Prepared once per connection: every request's permission check asks it (usually for no rows).
    const { rows } = await this.pool.query<EventRow>({
      name: 'read_stream',
      text: `select ${EVENT_COLUMNS} from events
       where stream_id = $1 and stream_version >= $2
         and ($3::timestamptz is null or occurred_at <= $3)
         and ($4::timestamptz is null or recorded_at <= $4)
       order by stream_version
       limit $5`,
      values: [
        streamId,
        options.fromVersion ?? 1,
        instant(options.asOf, 'asOf'),
        instant(options.knownAt, 'knownAt'),
        options.limit ?? null,
      ],
    });
    return rows.map((r) => toRecorded<Data>(r));
  }

  /**
   * A page of the global log in position order, safe for catch-up readers that resume from the last
   * position they saw. Rows of appends that started after an append still running are held back until
   * it ends (gap-safe.ts), so an event that commits late never lands behind a position a reader has
   * already passed; transactions that are not appends hold nothing back. Positions may have gaps
   * (rolled-back appends).
   */
  async readAll<Data = JsonValue>(options: ReadAllOptions = {}): Promise<RecordedEvent<Data>[]> {
    // Named, so the planner's work on the cutoff is done once per connection: the relay asks every 2 ms.
    const { rows } = await this.pool.query<EventRow>({
      name: 'read_all',
      text: `with ${GAP_SAFE_CUTOFF}
       select ${EVENT_COLUMNS} from events, cutoff
       where global_position > $1
         and transaction_id < cutoff.xid
         and ($3::timestamptz is null or occurred_at <= $3)
         and ($4::timestamptz is null or recorded_at <= $4)
       order by global_position
       limit $2`,
      values: [
        options.after ?? 0,
        options.limit ?? 1000,
        instant(options.asOf, 'asOf'),
        instant(options.knownAt, 'knownAt'),
      ],
    });
    return rows.map((r) => toRecorded<Data>(r));
  }

  /** A gap-safe page of the log holding only some event types, and how far it covers (read-page.ts). */
  readPage<Data = JsonValue>(options: ReadPageOptions): Promise<Page<Data>> {
    return readPageOfTypes<Data>(this.pool, options);
  }

  /** readPage's page as the JSON text Postgres sent, not parsed (read-page.ts). */
  readPageText(options: ReadPageOptions): Promise<PageText> {
    return readPageTextOfTypes(this.pool, options);
  }

  /** The id and recording time of the event at a position (what a checkpoint records of its last event). */
  eventRef(position: number): Promise<Pick<RecordedEvent, 'eventId' | 'recordedAt'> | undefined> {
    return eventRef(this.pool, position);
  }

  /** The newest gap-safe position: every event at or below it has committed (read-page.ts). */
  safeHead(): Promise<number> {
    return safeHead(this.pool);
  }

  /** Global position and hash of the newest event of the whole log (position 0 when empty). */
  async head(): Promise<{ position: number; hash: string }> {
    const { rows } = await this.pool.query<{ global_position: string; hash: Buffer }>(
      'select global_position, hash from events order by global_position desc limit 1',
    );
    const row = rows[0];
    return row
      ? { position: Number(row.global_position), hash: row.hash.toString('hex') }
      : { position: 0, hash: GENESIS_HASH.toString('hex') };
  }

  /** The newest event of a chain (what a signed head vouches for); position 0 when the chain is empty. */
  async chainHead(chainId: string): Promise<ChainHead> {
    const { rows } = await this.pool.query<{ chain_position: string; hash: Buffer }>(
      'select chain_position, hash from events where chain_id = $1 order by chain_position desc limit 1',
      [chainId],
    );
    const row = rows[0];
    return row
      ? { chainId, position: Number(row.chain_position), hash: row.hash.toString('hex') }
      : { chainId, position: 0, hash: GENESIS_HASH.toString('hex') };
  }

  /** The head of every chain, by chain id. */
  async chainHeads(): Promise<ChainHead[]> {
    const { rows } = await this.pool.query<{ chain_id: string; chain_position: string; hash: Buffer }>(
      `select h.chain_id, h.chain_position, h.hash
       from (select distinct chain_id from events) c
       cross join lateral (select chain_id, chain_position, hash from events e where e.chain_id = c.chain_id
                           order by chain_position desc limit 1) h
       order by h.chain_id`,
    );
    return rows.map((r) => ({
      chainId: r.chain_id,
      position: Number(r.chain_position),
      hash: r.hash.toString('hex'),
    }));
  }

  /** Walks the hash chains and names the first event that does not check out (see verifyChains). */
  verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    return verifyChains(this.pool, options);
  }
}
