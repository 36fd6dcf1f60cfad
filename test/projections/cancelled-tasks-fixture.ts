import { randomUUID } from 'node:crypto';
import { taskStream } from '../../domain/streams';
import type { TaskEvent } from '../../domain/task/events';
import { EventStore, type RecordedEvent } from '../../eventstore';
import { createTestDatabase, type TestDatabase } from '../support/database';

const owner = 'anna.processagare@ale.se';
const at = '2026-03-02T09:00:00.000Z';

const assigned = (taskId: string): TaskEvent => ({
  type: 'TaskAssigned',
  schemaVersion: 1,
  data: {
    at: '2026-02-09T08:00:00.000Z',
    by: owner,
    taskId,
    municipalityId: 'ale',
    budgetYear: 2027,
    organId: 'bun',
    phase: 'nulagesanalys',
    kind: 'nulagesanalys',
    title: `Nulägesanalys ${taskId}`,
    dueDate: '2026-04-17',
  },
});
const cancelled = (taskId: string): TaskEvent => ({
  type: 'TaskCancelled',
  schemaVersion: 1,
  data: { at, by: owner, taskId, previousStatus: 'open', reason: 'Nämnden läggs ner' },
});

export interface CancelledTasks {
  db: TestDatabase;
  store: EventStore;
  /** The log: tasks a, b and c each given out and then cancelled (six events). */
  all: RecordedEvent[];
}

/** A fresh database whose log holds three tasks, each given out and then cancelled. */
export async function cancelledTasksLog(label: string): Promise<CancelledTasks> {
  const db = await createTestDatabase(label);
  const store = new EventStore(db.appPool);
  for (const taskId of ['ale.2027.nulagesanalys.a', 'ale.2027.nulagesanalys.b', 'ale.2027.nulagesanalys.c']) {
    const events = [assigned(taskId), cancelled(taskId)].map((e) => ({ ...e, eventId: randomUUID() }));
    await store.append(taskStream(taskId), 'no_stream', events, {
      actor: owner,
      occurredAt: at,
      correlationId: 'cycle-ale-2027',
      causationId: 'test',
    });
  }
  return { db, store, all: await store.readAll({ limit: 100 }) };
}
