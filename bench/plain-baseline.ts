import type pg from 'pg';

/**
 * The honest baseline: a simple events table as one would write it without a hash chain. The events
 * table's columns, types and defaults, a primary key on the position and the natural unique index on
 * (stream_id, stream_version) that any event store needs for its version check; no chain, no event-id
 * index, no function. Its rows are the very rows the store wrote, so both sides store the same bytes.
 */
export const PLAIN_TABLE = `
  create table plain_events (
    global_position bigint primary key, stream_id text, stream_version bigint, event_id uuid, type text,
    schema_version integer, data jsonb, metadata jsonb, occurred_at timestamptz,
    recorded_at timestamptz default now(), transaction_id xid8 default pg_current_xact_id(),
    prev_hash bytea, hash bytea, unique (stream_id, stream_version));
  grant select, insert on plain_events to arshjul`;

export const PLAIN_COLUMNS =
  'global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash';

export interface Row {
  global_position: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  occurred_at: Date;
  prev_hash: Buffer;
  hash: Buffer;
}

/** The rows the store wrote between two positions, ready to insert again into plain_events. */
export async function rowsBetween(pool: pg.Pool, from: number, to: number): Promise<Row[]> {
  const { rows } = await pool.query<Row>(
    `select global_position, stream_id, stream_version, event_id, type, schema_version, data::text as data,
            metadata::text as metadata, occurred_at, prev_hash, hash
     from events where global_position between $1 and $2 order by global_position`,
    [from, to],
  );
  return rows;
}

export const single = (r: Row) => [
  r.global_position,
  r.stream_id,
  r.stream_version,
  r.event_id,
  r.type,
  r.schema_version,
  r.data,
  r.metadata,
  r.occurred_at,
  r.prev_hash,
  r.hash,
];

/** One row, one statement (unnamed, so not prepared), as a store without a chain would write it. */
export const INSERT_ONE = `insert into plain_events (${PLAIN_COLUMNS}) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`;
