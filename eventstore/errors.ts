import type { ExpectedVersion } from './types';

/** Optimistic concurrency: the stream was not at the version the writer expected. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream '${streamId}' is at version ${actual}, expected ${String(expected)}`);
  }
}

export type IdempotencyConflictReason =
  | 'different_content' // same event id, different stream/type/schema version/data
  | 'partial_batch' // some ids of the batch were appended before, others not
  | 'different_order' // the ids were appended before, but in another order
  | 'duplicate_in_batch'; // the same id twice in one append

/** An event id was reused for something that is not a retry of the original append. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor(
    readonly eventId: string,
    readonly reason: IdempotencyConflictReason,
    detail: string,
  ) {
    super(`event id ${eventId} cannot be appended (${reason}): ${detail}`);
  }
}
