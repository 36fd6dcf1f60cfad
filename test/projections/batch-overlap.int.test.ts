import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../../eventstore';
import { applyBatch, compareWithRebuild, readCheckpoint, taskInbox } from '../../projections';
import type { TestDatabase } from '../support/database';
import { cancelledTasksLog } from './cancelled-tasks-fixture';

/**
 * A read model's batch loads, with its checkpoint lock, the documents the whole batch would touch; a
 * batch that is partly redelivered touches fewer (and a hole filled from the store others), which the
 * batch loads in one more round trip. Applied in overlapping batches, the model must equal its rebuild.
 */
describe('read models: batches that overlap what is already applied', () => {
  let db: TestDatabase;
  let store: EventStore;
  let all: RecordedEvent[];

  beforeAll(async () => {
    ({ db, store, all } = await cancelledTasksLog('batch_overlap'));
  });
  afterAll(() => db?.drop());

  it('applies only what is past the checkpoint, fills a hole from the store, and equals the rebuild', async () => {
    expect(all).toHaveLength(6);
    // Task a assigned only (its cancellation, in the same document, comes in the next batch).
    expect(await applyBatch(db.appPool, store, taskInbox, all.slice(0, 1))).toHaveLength(1);
    // Redelivered 1, new 2–3 (task a cancelled, task b assigned).
    const overlapping = await applyBatch(db.appPool, store, taskInbox, all.slice(0, 3));
    expect(overlapping.map((e) => e.globalPosition)).toEqual([2, 3]);
    // 4 missing from the batch: read from the store, with its document (task b).
    const filled = await applyBatch(db.appPool, store, taskInbox, all.slice(4));
    expect(filled.map((e) => e.globalPosition)).toEqual([4, 5, 6]);
    expect(await readCheckpoint(db.appPool, taskInbox.name)).toBe(6);

    const comparison = await compareWithRebuild(db.appPool, taskInbox);
    expect(comparison.liveRows).toBeGreaterThanOrEqual(3);
    expect(comparison).toMatchObject({ position: 6, same: true, onlyLive: [], onlyRebuilt: [] });
  });
});
