import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendDecision, appendEvents } from '../../activities/append-events';
import type { AppendEventsInput } from '../../activities/types';
import { EventStore } from '../../eventstore';
import { event } from '../eventstore/fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('append_decision');
  store = new EventStore(db.appPool);
});
afterAll(() => db?.drop());

/** A step's append as a workflow sends it: the events' `at` is the metadata's occurredAt. */
function step(streamId: string, at: string, ids: string[], type = 'TaskSubmitted'): AppendEventsInput {
  return {
    streamId,
    expectedVersion: 'no_stream',
    events: ids.map((id) => event(type, { at, by: 'sekr' }, id)),
    metadata: { actor: 'sekr', occurredAt: at, correlationId: 'c', causationId: 'update:1', workflowId: 'w' },
  };
}
const T1 = '2026-03-20T08:00:00.000Z';
const T2 = '2026-03-20T08:00:04.512Z';
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as ApplicationFailure,
  );

describe('appendDecision: a step stored by a failed attempt of its workflow task (real Postgres)', () => {
  it('answers the first-stored time, writing nothing, when the same ids come decided at a later time', async () => {
    const ids = [crypto.randomUUID()];
    expect(await appendDecision(store, step('task-a', T1, ids))).toMatchObject({
      streamVersion: 1,
      alreadyAppended: false,
    });
    expect(await appendDecision(store, step('task-a', T2, ids))).toEqual({
      storedBefore: { occurredAt: T1 },
    });
    // Decided again at the stored time: the store takes it as the retry it is, with the stored version.
    expect(await appendDecision(store, step('task-a', T1, ids))).toMatchObject({
      streamVersion: 1,
      alreadyAppended: true,
    });
    const stored = await store.readStream<{ at: string }>('task-a');
    expect(stored.map((e) => [e.eventId, e.data.at, e.occurredAt])).toEqual([[ids[0], T1, T1]]);
  });

  it('takes the same data under another occurredAt as a retry: the first-stored metadata stays', async () => {
    const ids = [crypto.randomUUID()];
    const first = step('task-b', T1, ids);
    await appendDecision(store, first);
    const later = { ...first, metadata: { ...first.metadata, occurredAt: T2, actor: 'system' } };
    expect(await appendDecision(store, later)).toMatchObject({ streamVersion: 1, alreadyAppended: true });
    const [stored] = await store.readStream('task-b');
    expect([stored?.occurredAt, stored?.metadata.actor]).toEqual([T1, 'sekr']);
  });

  it('keeps other uses of the same ids conflicts: another stream, or a batch only partly stored', async () => {
    const ids = [crypto.randomUUID()];
    await appendDecision(store, step('task-c', T1, ids));
    const elsewhere = await failure(appendDecision(store, step('task-other', T2, ids)));
    expect(elsewhere).toBeInstanceOf(ApplicationFailure);
    expect(elsewhere).toMatchObject({ type: 'IdempotencyConflictError', nonRetryable: true });
    const partial = await failure(appendDecision(store, step('task-c', T2, [...ids, crypto.randomUUID()])));
    expect(partial).toMatchObject({ type: 'IdempotencyConflictError', nonRetryable: true });
    expect(await store.streamVersion('task-c')).toBe(1);
    expect(await store.streamVersion('task-other')).toBe(0);
  });

  it('leaves appendEvents (normal activities, older histories) as it was: other content conflicts', async () => {
    const ids = [crypto.randomUUID()];
    await appendEvents(store, step('task-d', T1, ids));
    const later = await failure(appendEvents(store, step('task-d', T2, ids)));
    expect(later).toMatchObject({ type: 'IdempotencyConflictError', nonRetryable: true });
    expect(await store.readEvents(ids)).toHaveLength(1);
  });
});
