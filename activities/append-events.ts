import { ApplicationFailure } from '@temporalio/activity';
import { type EventStore, IdempotencyConflictError, VersionConflictError } from '../eventstore/index';
import type { AppendDecisionResult, AppendEventsInput, AppendEventsResult } from './types';

/** Appends a workflow's events; a conflict is non-retryable (retrying will not make it go away). */
export async function appendEvents(store: EventStore, input: AppendEventsInput): Promise<AppendEventsResult> {
  try {
    const { streamVersion, globalPositions } = await storeAppend(store, input);
    return { streamVersion, globalPositions };
  } catch (error) {
    throw asFailure(error);
  }
}

/**
 * Appends a step's events from a local activity. The events' ids come from the workflow's uuid4(), so
 * when a workflow task that appended them fails (worker killed before it completed), its retry decides
 * the same step under the same ids, but at the retry's time: the data's `at` differs and the store
 * refuses the content. Then nothing is written and the time the ids were first stored is answered, so
 * the workflow can decide again at that time (StreamRecorder.appendDecision). Ids stored in another
 * stream, or a batch only partly stored, are no earlier attempt of this step: they stay conflicts.
 */
export async function appendDecision(
  store: EventStore,
  input: AppendEventsInput,
): Promise<AppendDecisionResult> {
  try {
    const { streamVersion, globalPositions, alreadyAppended } = await storeAppend(store, input);
    return { streamVersion, globalPositions, alreadyAppended, answeredAtMs: Date.now() };
  } catch (error) {
    if (error instanceof IdempotencyConflictError) {
      const occurredAt = await storedBatchTime(store, input, error);
      if (occurredAt !== undefined) return { storedBefore: { occurredAt } };
    }
    throw asFailure(error);
  }
}

function storeAppend(store: EventStore, input: AppendEventsInput) {
  return store.append(input.streamId, input.expectedVersion, input.events as never, input.metadata);
}

/** A conflict will not go away by retrying: surfaced to the workflow at once. */
function asFailure(error: unknown): unknown {
  if (error instanceof VersionConflictError || error instanceof IdempotencyConflictError) {
    return ApplicationFailure.nonRetryable(error.message, error.name);
  }
  return error;
}

/** When every id of the batch is stored, in this stream, by one earlier append: that append's time. */
async function storedBatchTime(
  store: EventStore,
  input: AppendEventsInput,
  error: IdempotencyConflictError,
): Promise<string | undefined> {
  if (error.reason !== 'different_content') return undefined;
  const stored = await store.readEvents(input.events.map((e) => e.eventId));
  const times = new Set(stored.map((e) => e.metadata.occurredAt));
  const sameStream = stored.every((e) => e.streamId === input.streamId);
  if (stored.length !== input.events.length || !sameStream || times.size !== 1) return undefined;
  return stored[0]?.metadata.occurredAt;
}
