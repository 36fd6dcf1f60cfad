import type { EventMetadata, JsonValue, RecordedEvent } from './types';

/** An `events` row as pg returns it (bigints as strings). */
export interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: JsonValue;
  metadata: EventMetadata;
  recorded_at: Date;
}

/** The columns of an EventRow, for queries that read events (the store's and the auditors'). */
export const EVENT_COLUMNS =
  'global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at';

export function toRecorded<Data>(row: EventRow): RecordedEvent<Data> {
  return {
    globalPosition: Number(row.global_position),
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data as Data,
    metadata: row.metadata,
    occurredAt: row.metadata.occurredAt,
    recordedAt: row.recorded_at.toISOString(),
  };
}
