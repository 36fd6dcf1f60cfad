import { z } from 'zod';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A stream's current version (0 = no events), `'no_stream'` (must not exist) or `'any'`. */
export type ExpectedVersion = number | 'no_stream' | 'any';

/** An event as the caller supplies it; `eventId` is the idempotency key. */
export interface NewEvent<Data = JsonValue> {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Data;
}

export const eventMetadataSchema = z.strictObject({
  /** A user id, or 'system'. */
  actor: z.string().min(1),
  /** Domain time of the fact (workflow time; differs from wall time under time skipping). */
  occurredAt: z
    .union([z.date(), z.iso.datetime({ offset: true })])
    .transform((v) => new Date(v).toISOString()),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  workflowId: z.string().min(1).optional(),
});

export type EventMetadataInput = z.input<typeof eventMetadataSchema>;
/** Stored metadata: occurredAt normalised to an ISO instant in UTC with milliseconds. */
export type EventMetadata = z.output<typeof eventMetadataSchema>;

export const newEventSchema = z.strictObject({
  eventId: z.guid().transform((id) => id.toLowerCase()),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  data: z.unknown(),
});

export interface RecordedEvent<Data = JsonValue> {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  /** = metadata.occurredAt (domain time). */
  occurredAt: string;
  /** Database time of the appending transaction. */
  recordedAt: string;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append (the version to expect next time). */
  streamVersion: number;
  /** Global positions of the events, in the order given. */
  globalPositions: number[];
  /** True when every event id had been appended before and nothing was written (a retry). */
  alreadyAppended: boolean;
}

export type VerifyResult =
  | { ok: true; count: number; lastPosition: number }
  | {
      ok: false;
      firstBadPosition: number;
      reason: VerifyFailure;
      detail: string;
      /** Events checked and found good before the failure. */
      count: number;
    };

export type VerifyFailure =
  | 'gap' // a position is missing (a deleted event, or a chain that does not start at 1)
  | 'hash_mismatch' // the row's content no longer hashes to its stored hash (edited in place)
  | 'prev_hash_mismatch' // the row does not link to the previous row's hash (an event before it vanished, or a re-forged row)
  | 'reordered'; // the row links to an event that sits elsewhere in the chain (moved)
