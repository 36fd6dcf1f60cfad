import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskStream } from '../../domain/streams';
import type { TaskEvent } from '../../domain/task/events';
import { EventStore } from '../../eventstore';
import { applyBatch, deadlineCompliance, dialogues, taskInbox } from '../../projections';
import { createTestDatabase, type TestDatabase } from '../support/database';

const owner = 'anna.processagare@ale.se';
const at = '2026-03-02T09:00:00.000Z';

function assigned(taskId: string, kind: 'nulagesanalys' | 'tillitsdialog'): TaskEvent {
  return {
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
      title: kind,
      dueDate: '2026-04-17',
    },
  };
}
const cancelled = (taskId: string): TaskEvent => ({
  type: 'TaskCancelled',
  schemaVersion: 1,
  data: { at, by: owner, taskId, previousStatus: 'open', reason: 'Nämnden läggs ner' },
});

describe('read models: a cancelled task shows as Avbruten', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase('task_cancelled');
    store = new EventStore(db.appPool);
    for (const [taskId, kind] of [
      ['ale.2027.nulagesanalys.bun', 'nulagesanalys'],
      ['ale.2027.tillitsdialog.ks.1', 'tillitsdialog'],
    ] as const) {
      const events = [assigned(taskId, kind), cancelled(taskId)].map((e) => ({
        ...e,
        eventId: randomUUID(),
      }));
      await store.append(taskStream(taskId), 'no_stream', events, {
        actor: owner,
        occurredAt: at,
        correlationId: 'cycle-ale-2027',
        causationId: 'test',
      });
    }
    const all = await store.readAll({ limit: 100 });
    // Each projection applies all four events once.
    for (const p of [taskInbox, deadlineCompliance, dialogues])
      expect(await applyBatch(db.appPool, store, p, all)).toHaveLength(4);
  });
  afterAll(() => db?.drop());

  const q = async (sql: string) => (await db.appPool.query(sql)).rows;

  it('task inbox: status cancelled with its reason, not open', async () => {
    expect(
      await q(`select task_id, status, is_open, cancel_reason, cancelled_at is not null as dated
               from rm_inbox_tasks order by task_id`),
    ).toEqual([
      {
        task_id: 'ale.2027.nulagesanalys.bun',
        status: 'cancelled',
        is_open: false,
        cancel_reason: 'Nämnden läggs ner',
        dated: true,
      },
      {
        task_id: 'ale.2027.tillitsdialog.ks.1',
        status: 'cancelled',
        is_open: false,
        cancel_reason: 'Nämnden läggs ner',
        dated: true,
      },
    ]);
  });

  it('deadline compliance: counted as cancelled, not pending', async () => {
    expect(
      await q(`select organ_id, tasks, pending, cancelled from rm_deadline_compliance order by organ_id`),
    ).toEqual([
      { organ_id: 'bun', tasks: 1, pending: 0, cancelled: 1 },
      { organ_id: 'ks', tasks: 1, pending: 0, cancelled: 1 },
    ]);
  });

  it('dialogues: the cancelled dialogue is marked cancelled', async () => {
    expect(await q('select task_id, status from rm_dialogues')).toEqual([
      { task_id: 'ale.2027.tillitsdialog.ks.1', status: 'cancelled' },
    ]);
  });
});
