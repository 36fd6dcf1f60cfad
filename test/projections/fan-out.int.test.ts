import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../../eventstore';
import {
  compareWithRebuild,
  deadlineCompliance,
  type Projection,
  readCheckpoint,
  taskInbox,
  toProjectionEvent,
} from '../../projections';
import { fanOut } from '../../projections/fan-out';
import type { TestDatabase } from '../support/database';
import { cancelledTasksLog } from './cancelled-tasks-fixture';

/**
 * The projections process hands each Kafka batch to all its read models, which apply it in one
 * transaction together; when that fails, each applies it alone, and only the one that fails is left
 * behind, retrying on its own until it catches up (its hole read from the store).
 */
describe('read models sharing a consumer: one failing read model does not hold the others', () => {
  let db: TestDatabase;
  let store: EventStore;
  let all: RecordedEvent[];

  beforeAll(async () => {
    ({ db, store, all } = await cancelledTasksLog('fan_out'));
  });
  afterAll(() => db?.drop());

  it('applies the batch to the others, retries the failing one and catches it up from the store', async () => {
    expect(all).toHaveLength(6);
    let failing = true;
    const flakyInbox: Projection = {
      ...taskInbox,
      fold(event, docs) {
        if (failing) throw new Error('vikningen fallerar');
        taskInbox.fold(event, docs);
      },
    };
    const lines: string[] = [];
    const applied: string[] = [];
    const fan = fanOut({
      pool: db.appPool,
      store,
      projections: [deadlineCompliance, flakyInbox],
      log: (line) => lines.push(line),
      onApplied: (name, events) => applied.push(`${name} ${events.map((e) => e.globalPosition).join(',')}`),
      toEvent: toProjectionEvent,
      decoded: () => null,
    });
    const batch = (events: RecordedEvent[]) => ({ receivedAt: Date.now(), messages: [], events });
    try {
      await fan.apply(batch(all.slice(0, 3)));
      expect(await readCheckpoint(db.appPool, deadlineCompliance.name)).toBe(3);
      expect(await readCheckpoint(db.appPool, taskInbox.name)).toBe(0);
      // On a slow machine the 200 ms retry may already have failed again: only retries may follow.
      expect(lines.slice(0, 2)).toEqual([
        'läsmodellerna tillsammans: vikningen fallerar; var för sig i stället',
        'task_inbox: vikningen fallerar; försöker igen om 200 ms',
      ]);
      for (const line of lines.slice(2))
        expect(line).toMatch(/^task_inbox: vikningen fallerar; försöker igen om/);

      // Behind: the failing read model takes the next batch alone; the other goes on.
      await fan.apply(batch(all.slice(3)));
      expect(await readCheckpoint(db.appPool, deadlineCompliance.name)).toBe(6);
      expect(await readCheckpoint(db.appPool, taskInbox.name)).toBe(0);

      failing = false;
      for (let i = 0; i < 200 && (await readCheckpoint(db.appPool, taskInbox.name)) < 6; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(await readCheckpoint(db.appPool, taskInbox.name)).toBe(6);
      // The retry took the last failed batch (4–6) and read 1–3 from the store.
      expect(applied).toEqual([
        'deadline_compliance 1,2,3',
        'deadline_compliance 4,5,6',
        'task_inbox 1,2,3,4,5,6',
      ]);
      for (const p of [deadlineCompliance, taskInbox])
        expect(await compareWithRebuild(db.appPool, p)).toMatchObject({ position: 6, same: true });

      // In step again: the next batch goes to both together (redelivered here: nothing changes).
      await fan.apply(batch(all));
      expect(lines.filter((l) => l.includes('tillsammans'))).toHaveLength(1);
    } finally {
      await fan.close();
    }
  });
});
