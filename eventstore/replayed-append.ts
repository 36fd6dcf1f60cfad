import { IdempotencyConflictError } from './errors';
import { canonicalJson } from './hash';
import type { AppendResult, JsonValue } from './types';

/** An event of the batch being appended, parsed and in its stored JSON form. */
export interface AppendedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: JsonValue;
}

/** An event already in the store with one of the batch's ids. */
export interface ExistingRow {
  event_id: string;
  global_position: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: JsonValue;
}

/** The batch was (at least partly) appended before: accept an exact retry, reject anything else. */
export function replayedAppend(
  streamId: string,
  batch: readonly AppendedEvent[],
  existing: ExistingRow[],
): AppendResult {
  const byId = new Map(existing.map((r) => [r.event_id, r]));
  const missing = batch.find((e) => !byId.has(e.eventId));
  if (missing) {
    const present = batch.find((e) => byId.has(e.eventId));
    throw new IdempotencyConflictError(
      present?.eventId ?? missing.eventId,
      'partial_batch',
      `some events of this append exist already, event ${missing.eventId} does not; a retry must resend exactly the original batch`,
    );
  }
  const rows = batch.map((e) => byId.get(e.eventId) as ExistingRow);
  batch.forEach((e, i) => {
    const r = rows[i] as ExistingRow;
    const diffs: string[] = [];
    if (r.stream_id !== streamId) diffs.push(`stream '${r.stream_id}' vs '${streamId}'`);
    if (r.type !== e.type) diffs.push(`type '${r.type}' vs '${e.type}'`);
    if (r.schema_version !== e.schemaVersion)
      diffs.push(`schema version ${r.schema_version} vs ${e.schemaVersion}`);
    if (canonicalJson(r.data) !== canonicalJson(e.data)) diffs.push('data differs');
    if (diffs.length) {
      throw new IdempotencyConflictError(
        e.eventId,
        'different_content',
        `already stored with other content: ${diffs.join('; ')}`,
      );
    }
  });
  const versions = rows.map((r) => Number(r.stream_version));
  const consecutive = versions.every((v, i) => i === 0 || v === (versions[i - 1] as number) + 1);
  if (!consecutive) {
    throw new IdempotencyConflictError(
      batch[0]?.eventId ?? '',
      'different_order',
      'the events were appended in another order or in other batches',
    );
  }
  return {
    streamId,
    streamVersion: versions[versions.length - 1] as number,
    globalPositions: rows.map((r) => Number(r.global_position)),
    alreadyAppended: true,
  };
}
