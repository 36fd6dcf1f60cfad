import type pg from 'pg';
import { EVENT_COLUMNS, type EventRow, toRecorded } from './rows';
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

export interface Page<Data = JsonValue> {
  events: RecordedEvent<Data>[];
  /**
   * The position the page covers: every event of the given types at or below it is in this page or an
   * earlier one. Beyond the last event when the log's newest (gap-safe) events are of other types.
   */
  coveredTo: number;
}

/**
 * A gap-safe page of the global log (as EventStore.readAll: rows of transactions at or above the
 * snapshot's xmin are held back) holding only some event types, for readers that skip the rest anyway
 * (a read model's rebuild). The page and how far it covers come from one statement, so one snapshot.
 */
export async function readPageOfTypes<Data = JsonValue>(
  pool: pg.Pool,
  options: ReadPageOptions,
): Promise<Page<Data>> {
  const { rows } = await pool.query<EventRow & { newest: string | null }>(
    `with cutoff as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
     page as (
       select ${EVENT_COLUMNS} from events, cutoff
       where global_position > $1 and transaction_id < cutoff.xmin and type = any($3::text[])
         and ($4::bigint is null or global_position <= $4)
       order by global_position
       limit $2)
     select page.*, null::bigint as newest from page
     union all
     select null, null, null, null, null, null, null, null, null,
            (select global_position from events, cutoff where transaction_id < cutoff.xmin
             order by global_position desc limit 1)
     order by global_position nulls last`,
    [options.after, options.limit, options.types, options.upTo ?? null],
  );
  const marker = rows.pop();
  const events = rows.map((r) => toRecorded<Data>(r));
  const last = events.at(-1)?.globalPosition ?? options.after;
  // A full page covers up to its last event; a short one up to the newest gap-safe event of any type.
  const newest = Math.min(Number(marker?.newest ?? 0), options.upTo ?? Number.POSITIVE_INFINITY);
  return { events, coveredTo: events.length === options.limit ? last : Math.max(last, newest) };
}

/**
 * The newest position every event at or below which has committed (or rolled back, a hole): the
 * newest gap-safe event. Ranges below it can be read in any order, in parallel.
 */
export async function safeHead(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ position: string }>(
    `select global_position as position from events
     where transaction_id < (select pg_snapshot_xmin(pg_current_snapshot()))
     order by global_position desc limit 1`,
  );
  return Number(rows[0]?.position ?? 0);
}
