import type pg from 'pg';
import { municipalityCycles } from '../../application/municipality-cycles';
import type { EventStore } from '../../eventstore/index';
import { type FeedEntry, type FeedScope, type FeedTask, feedEntries } from './entries';

/** The tasks' due dates as the task inbox (a projection of the task events) has them. */
async function tasksOf(pool: pg.Pool, municipalityId: string): Promise<FeedTask[]> {
  const { rows } = await pool.query<FeedTask>(
    `select task_id as "taskId", budget_year as "budgetYear", organ_id as "organId", title,
            to_char(due_date, 'YYYY-MM-DD') as "dueDate"
     from rm_inbox_tasks where municipality_id = $1 order by due_date, task_id`,
    [municipalityId],
  );
  return rows;
}

export async function loadFeedEntries(
  pool: pg.Pool,
  store: EventStore,
  municipalityId: string,
  scope: FeedScope,
): Promise<FeedEntry[]> {
  const [cycles, tasks] = await Promise.all([
    municipalityCycles(pool, store, municipalityId),
    tasksOf(pool, municipalityId),
  ]);
  return feedEntries(municipalityId, cycles, tasks, scope);
}
