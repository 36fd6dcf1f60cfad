import { randomUUID } from 'node:crypto';
import { taskStream } from '../../domain/streams';
import type { TaskEvent } from '../../domain/task/events';
import { EventStore, type RecordedEvent } from '../../eventstore';
import { createTestDatabase, type TestDatabase } from '../support/database';

const owner = 'anna.processagare@ale.se';
const at = '2026-03-02T09:00:00.000Z';

type Kind = 'nulagesanalys' | 'tillitsdialog';

/** A nulägesanalys goes to BUN, a tillitsdialog to KS. */
const assigned = (taskId: string, kind: Kind): TaskEvent => ({
  type: 'TaskAssigned',
  schemaVersion: 1,
  data: {
    at: '2026-02-09T08:00:00.000Z',
    by: owner,
    taskId,
    municipalityId: 'ale',
    budgetYear: 2027,
    organId: kind === 'tillitsdialog' ? 'ks' : 'bun',
    phase: kind,
    kind,
    title: `${kind === 'tillitsdialog' ? 'Tillitsdialog' : 'Nulägesanalys'} ${taskId}`,
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
  /** The log: each task given out and then cancelled (two events per task). */
  all: RecordedEvent[];
}

const THREE_ANALYSES: [string, Kind][] = [
  ['ale.2027.nulagesanalys.a', 'nulagesanalys'],
  ['ale.2027.nulagesanalys.b', 'nulagesanalys'],
  ['ale.2027.nulagesanalys.c', 'nulagesanalys'],
];

/** A fresh database whose log holds the tasks (by default nulägesanalys a, b and c), each given out and then cancelled. */
export async function cancelledTasksLog(
  label: string,
  tasks: readonly (readonly [string, Kind])[] = THREE_ANALYSES,
): Promise<CancelledTasks> {
  const db = await createTestDatabase(label);
  const store = new EventStore(db.appPool);
  for (const [taskId, kind] of tasks) {
    const events = [assigned(taskId, kind), cancelled(taskId)].map((e) => ({ ...e, eventId: randomUUID() }));
    await store.append(taskStream(taskId), 'no_stream', events, {
      actor: owner,
      occurredAt: at,
      correlationId: 'cycle-ale-2027',
      causationId: 'test',
    });
  }
  return { db, store, all: await store.readAll({ limit: 100 }) };
}
