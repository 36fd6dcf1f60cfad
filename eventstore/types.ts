import { z } from 'zod';
import { TRACEPARENT } from '../ops/traceparent';

/** Space-separated lower-case tokens, e.g. 'stored-submission'. */
const CAPABILITIES = /^[a-z][a-z-]*( [a-z][a-z-]*)*$/;

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
  /** The appending span's W3C trace context, when tracing was on: the relay, projections and e-mail
   * sender continue the trace from it (ops/tracing.ts). */
  traceparent: z.string().regex(TRACEPARENT).optional(),
  /**
   * What the appending workflow takes beyond its own messages, space-separated (e.g.
   * 'stored-submission': the API may store its task's submission, application/stored-submission.ts).
   */
  workflowCapabilities: z.string().regex(CAPABILITIES).optional(),
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

/** A chain's newest event: what a signed head vouches for. */
export interface ChainHead {
  chainId: string;
  /** Chain position of the newest event (0 for an empty chain). */
  position: number;
  /** Its hash, hex (32 zero bytes for an empty chain). */
  hash: string;
}

export type VerifyResult =
  | {
      ok: true;
      /** Events checked. */
      count: number;
      /** Chains checked. */
      chains: number;
      /** With one chain: its last chain position; with all chains: the highest global position checked. */
      lastPosition: number;
    }
  | {
      ok: false;
      chainId: string;
      /** Chain position of the first event that does not check out. */
      firstBadPosition: number;
      /** Global position of that event (null when it is missing). */
      globalPosition: number | null;
      reason: VerifyFailure;
      detail: string;
      /** Events checked and found good before the failure. */
      count: number;
    };

export type VerifyFailure =
  | 'gap' // a chain position is missing (a deleted event, or a chain that does not start at 1)
  | 'hash_mismatch' // the row's content no longer hashes to its stored hash (edited in place)
  | 'prev_hash_mismatch' // the row does not link to the previous row's hash (an event before it vanished, or a re-forged row)
  | 'reordered' // the row links to an event that sits elsewhere in the chain (moved)
  | 'truncated' // the chain ends before a signed head: its newest events were deleted or it was rolled back
  | 'fork'; // the event at a signed head's position has another hash: the chain was rewritten from there
