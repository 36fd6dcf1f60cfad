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
  /** Only the events of one partition of the streams (see StreamPartition). */
  partition?: StreamPartition;
}

/**
 * One of `of` disjoint parts of the log, by stream: a task stream (`task-{m}.{year}.…`) and a cycle
 * stream (`cycle-{m}-{year}`) by the last digit of their budget year, every other stream in part 0. A
 * year's tasks and its cycle are most of a log, and the read models' documents are the task's or the
 * year's. Which part a stream falls in never changes a result (a partitioned rebuild checks that no
 * document is looked up in two parts), only whether the parts can be folded apart.
 */
export interface StreamPartition {
  index: number;
  of: number;
}

/**
 * The partition's filter on the events table (parameters $5 and $6: of and index, or nulls). String
 * functions, no regular expression: it runs for every row of every part's range (a substring match
 * cost Postgres 3 µs a row).
 */
const PARTITION_FILTER = `($5::int is null or
  (case when stream_id like 'task-%' then ascii(right(split_part(stream_id, '.', 2), 1))
        when stream_id like 'cycle-%' then ascii(right(stream_id, 1))
        else 0 end) % $5::int = $6::int)`;

/**
 * An event as a page of some types gives it: what a read model's fold reads of it (its position, id,
 * stream, type and data), nothing more. Stream version, actor and times were read for every event
 * too, and cost a rebuild a fifth of its reading (see eventRef for the one event that needs them).
 */
export type PagedEvent<Data = JsonValue> = Pick<
  RecordedEvent<Data>,
  'globalPosition' | 'eventId' | 'streamId' | 'type' | 'schemaVersion' | 'data'
>;

export interface Page<Data = JsonValue> {
  events: PagedEvent<Data>[];
  /**
   * The position the page covers: every event of the given types at or below it is in this page or an
   * earlier one. Beyond the last event when the log's newest (gap-safe) events are of other types.
   */
  coveredTo: number;
}

/** One event of a page as Postgres aggregates it: a JSON array, in this order. */
export type PagedRow = [number, string, string, string, number, JsonValue];

/** A page as Postgres sent it: a JSON array of PagedRow, not parsed (null if empty). */
export interface PageText {
  text: string | null;
  /** Events in the page, and the position of its last (the page's `after` if empty). */
  count: number;
  last: number;
  /** As Page.coveredTo. */
  coveredTo: number;
}

/**
 * A gap-safe page of the global log (as EventStore.readAll: rows of appends that started after an
 * append still running are held back, gap-safe.ts) holding only some event types, for readers that skip the rest anyway
 * (a read model's rebuild). The page and how far it covers come from one statement, so one snapshot.
 * The page comes as one JSON array, parsed at once: a row per event cost a rebuild more in decoding
 * rows (every field a string of its own, every jsonb parsed alone, a Date per recorded_at) than the fold
 * itself. The array is text that string_agg joins, not json_agg of json_build_array: that spaced out
 * every separator and cost Node ~0.7 µs per event more to parse, for the same Postgres CPU (uuid,
 * numbers and jsonb's own text need no escaping; the stream id and type go through to_json).
 * The text is returned unparsed, so a caller can hand it to another thread before parsing it.
 */
export async function readPageTextOfTypes(pool: pg.Pool, options: ReadPageOptions): Promise<PageText> {
  const { rows } = await pool.query<{
    page: string | null;
    count: string;
    last: string | null;
    newest: string | null;
  }>(
    `with ${GAP_SAFE_CUTOFF},
     page as (
       select global_position, event_id, stream_id, type, schema_version, data
       from events, cutoff
       where global_position > $1 and transaction_id < cutoff.xid and type = any($3::text[])
         and ($4::bigint is null or global_position <= $4) and ${PARTITION_FILTER}
       order by global_position
       limit $2)
     select
       string_agg(
         '[' || global_position || ',"' || event_id || '",' || to_json(stream_id) || ','
           || to_json(type) || ',' || schema_version || ',' || data || ']',
         ',' order by global_position) as page,
       count(*) as count,
       max(global_position) as last,
       (select global_position from events, cutoff where transaction_id < cutoff.xid
        order by global_position desc limit 1) as newest
     from page`,
    [
      options.after,
      options.limit,
      options.types,
      options.upTo ?? null,
      options.partition?.of ?? null,
      options.partition?.index ?? null,
    ],
  );
  const row = rows[0];
  const count = Number(row?.count ?? 0);
  const last = row?.last === null || row?.last === undefined ? options.after : Number(row.last);
  // A full page covers up to its last event; a short one up to the newest gap-safe event of any type.
  const newest = Math.min(Number(row?.newest ?? 0), options.upTo ?? Number.POSITIVE_INFINITY);
  return {
    // The array's brackets added here: in SQL ('[' || … || ']') they cost Postgres a copy of the whole
    // page, ~0.8 µs per event (13% of the read); here a rope that JSON.parse reads as it flattens it.
    text: row?.page === null || row?.page === undefined ? null : `[${row.page}]`,
    count,
    last,
    coveredTo: count === options.limit ? last : Math.max(last, newest),
  };
}

/** A page of some types (readPageTextOfTypes), parsed. */
export async function readPageOfTypes<Data = JsonValue>(
  pool: pg.Pool,
  options: ReadPageOptions,
): Promise<Page<Data>> {
  const page = await readPageTextOfTypes(pool, options);
  const paged: PagedRow[] = page.text ? JSON.parse(page.text) : [];
  const events = paged.map(
    (r): PagedEvent<Data> => ({
      globalPosition: r[0],
      eventId: r[1],
      streamId: r[2],
      type: r[3],
      schemaVersion: r[4],
      data: r[5] as Data,
    }),
  );
  return { events, coveredTo: page.coveredTo };
}

/** The id and recording time of the event at a position (a checkpoint's last event), if stored. */
export async function eventRef(
  pool: pg.Pool,
  position: number,
): Promise<Pick<RecordedEvent, 'eventId' | 'recordedAt'> | undefined> {
  const { rows } = await pool.query<{ event_id: string; recorded_at: Date }>(
    'select event_id, recorded_at from events where global_position = $1',
    [position],
  );
  const row = rows[0];
  return row && { eventId: row.event_id, recordedAt: row.recorded_at.toISOString() };
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
