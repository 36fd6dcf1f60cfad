import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch, deadlineCompliance, dialogues, taskInbox } from '../../projections';
import type { TestDatabase } from '../support/database';
import { cancelledTasksLog } from './cancelled-tasks-fixture';

describe('read models: a cancelled task shows as Avbruten', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    const log = await cancelledTasksLog('task_cancelled', [
      ['ale.2027.nulagesanalys.bun', 'nulagesanalys'],
      ['ale.2027.tillitsdialog.ks.1', 'tillitsdialog'],
    ]);
    db = log.db;
    // Each projection applies all four events once.
    for (const p of [taskInbox, deadlineCompliance, dialogues])
      expect(await applyBatch(db.appPool, log.store, p, log.all)).toHaveLength(4);
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
