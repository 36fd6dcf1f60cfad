import type pg from 'pg';
import { loadCycle } from '../../application/aggregates';
import type { CycleData } from '../../domain/cycle/state';
import { cycleStream, parseStreamId } from '../../domain/streams';
import type { EventStore } from '../../eventstore/index';
import { type FeedEntry, type FeedScope, type FeedTask, feedEntries } from './entries';

/** The municipality's cycles as the event store has them now (calendar changes included). */
async function cyclesOf(pool: pg.Pool, store: EventStore, municipalityId: string): Promise<CycleData[]> {
  const { rows } = await pool.query<{ stream_id: string }>(
    `select distinct stream_id from events where stream_id like $1`,
    [`${cycleStream(municipalityId, 0).replace(/-0$/, '')}-%`],
  );
  const years = rows.flatMap(({ stream_id }) => {
    const parsed = parseStreamId(stream_id);
    return parsed?.category === 'cycle' && parsed.municipalityId === municipalityId
      ? [parsed.budgetYear]
      : [];
  });
  const cycles: CycleData[] = [];
  for (const year of years.sort()) {
    const { state } = await loadCycle(store, municipalityId, year);
    if (state.status !== 'not_started') cycles.push(state);
  }
  return cycles;
}

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
    cyclesOf(pool, store, municipalityId),
    tasksOf(pool, municipalityId),
  ]);
  return feedEntries(municipalityId, cycles, tasks, scope);
}
