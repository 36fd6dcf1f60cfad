import type pg from 'pg';
import { GAP_SAFE_CUTOFF } from './gap-safe';
import type { JsonValue, RecordedEvent } from './types';

export interface ReadPageOptions {
  /** Events after this global position. */
  after: number;
  limit: number;
  /** Only events of these types (the others are skipped in the database). */
  types: readonly string[];
  /** Only events at or below this position (a range of a log below safeHead, read in parallel). */
  upTo?: number;
}

/**
 * An event as a page of some types gives it: the record without its metadata but the actor, the one
 * part of it a read model's fold uses (occurredAt is metadata.occurredAt, as in RecordedEvent).
 */
export interface PagedEvent<Data = JsonValue> extends Omit<RecordedEvent<Data>, 'metadata'> {
  actor: string;
}

export interface Page<Data = JsonValue> {
  events: PagedEvent<Data>[];
  /**
   * The position the page covers: every event of the given types at or below it is in this page or an
   * earlier one. Beyond the last event when the log's newest (gap-safe) events are of other types.
   */
  coveredTo: number;
}

/** One event of a page as Postgres aggregates it: a JSON array, in this order. */
type PagedRow = [number, string, number, string, string, number, JsonValue, string, string, string];

/**
 * A gap-safe page of the global log (as EventStore.readAll: rows of appends that started after an
 * append still running are held back, gap-safe.ts) holding only some event types, for readers that skip the rest anyway
 * (a read model's rebuild). The page and how far it covers come from one statement, so one snapshot.
 * The page comes as one JSON array (json_agg), parsed at once: a row per event cost a rebuild more in
 * decoding rows (every field a string of its own, every jsonb parsed alone, a Date per recorded_at)
 * than the fold itself. recorded_at is formatted by Postgres as toISOString would (milliseconds, cut).
 */
export async function readPageOfTypes<Data = JsonValue>(
  pool: pg.Pool,
  options: ReadPageOptions,
): Promise<Page<Data>> {
  const { rows } = await pool.query<{ page: PagedRow[] | null; newest: string | null }>(
    `with ${GAP_SAFE_CUTOFF},
     page as (
       select global_position, stream_id, stream_version, event_id, type, schema_version, data,
              metadata->>'actor' as actor, metadata->>'occurredAt' as occurred_at, recorded_at
       from events, cutoff
       where global_position > $1 and transaction_id < cutoff.xid and type = any($3::text[])
         and ($4::bigint is null or global_position <= $4)
       order by global_position
       limit $2)
     select
       (select json_agg(json_build_array(global_position, stream_id, stream_version, event_id, type,
                 schema_version, data, actor, occurred_at,
                 to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
               order by global_position)
        from page) as page,
       (select global_position from events, cutoff where transaction_id < cutoff.xid
        order by global_position desc limit 1) as newest`,
    [options.after, options.limit, options.types, options.upTo ?? null],
  );
  const row = rows[0];
  const events = (row?.page ?? []).map(
    (r): PagedEvent<Data> => ({
      globalPosition: r[0],
      streamId: r[1],
      streamVersion: r[2],
      eventId: r[3],
      type: r[4],
      schemaVersion: r[5],
      data: r[6] as Data,
      actor: r[7],
      occurredAt: r[8],
      recordedAt: r[9],
    }),
  );
  const last = events.at(-1)?.globalPosition ?? options.after;
  // A full page covers up to its last event; a short one up to the newest gap-safe event of any type.
  const newest = Math.min(Number(row?.newest ?? 0), options.upTo ?? Number.POSITIVE_INFINITY);
  return { events, coveredTo: events.length === options.limit ? last : Math.max(last, newest) };
}

/**
 * The newest position every event at or below which has committed (or rolled back, a hole): the
 * newest gap-safe event. Ranges below it can be read in any order, in parallel.
 */
export async function safeHead(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ position: string }>(
    `with ${GAP_SAFE_CUTOFF}
     select global_position as position from events, cutoff
     where transaction_id < cutoff.xid
     order by global_position desc limit 1`,
  );
  return Number(rows[0]?.position ?? 0);
}
