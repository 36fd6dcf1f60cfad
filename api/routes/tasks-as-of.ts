/**
 * The task lists (inbox, tasks of a cycle) as they stood at an instant, read from the event store (the
 * one authority): each cycle as of then, its planned tasks, and each task's own events up to then.
 * Shaped like the live lists (rm_inbox_tasks) so the pages show either.
 */
import { loadCycle, loadTask } from '../../application/aggregates';
import { plannedTasks } from '../../domain/cycle/phase-plan';
import type { ApiContext } from '../context';

export interface TaskListFilter {
  budgetYear?: number;
  organIds: string[] | null;
  open?: boolean;
}

export async function tasksAsOf(
  ctx: ApiContext,
  municipalityId: string,
  asOf: string,
  filter: TaskListFilter,
): Promise<Record<string, unknown>[]> {
  const years =
    filter.budgetYear !== undefined
      ? [filter.budgetYear]
      : (
          await ctx.deps.pool.query<{ budget_year: number }>(
            'select budget_year from rm_cycles where municipality_id = $1 order by budget_year',
            [municipalityId],
          )
        ).rows.map((r) => r.budget_year);
  const rows: Record<string, unknown>[] = [];
  for (const year of years) {
    const { state: cycle } = await loadCycle(ctx.deps.store, municipalityId, year, asOf);
    if (cycle.status === 'not_started') continue;
    const planned = plannedTasks(cycle)
      .flatMap((p) => p.tasks)
      .filter((t) => filter.organIds === null || filter.organIds.includes(t.organId));
    for (const t of planned) {
      const { state } = await loadTask(ctx.deps.store, t.taskId, asOf);
      if (state.status === 'unassigned') continue;
      const open = state.status === 'open' || state.status === 'returned';
      if (filter.open !== undefined && filter.open !== open) continue;
      rows.push({
        taskId: state.taskId,
        budgetYear: state.budgetYear,
        organId: state.organId,
        phase: state.phase,
        kind: state.kind,
        title: state.title,
        dueDate: state.dueDate,
        status: state.status,
        open,
        revision: state.revision,
        lastSubmissionLate: state.submission ? state.submission.late : null,
        escalated: state.escalatedForDueDate !== null,
        returns: state.returns.map((r) => ({
          revision: r.revision,
          reason: r.reason,
          returnedBy: r.by,
          returnedAt: r.at,
        })),
        cancelReason: state.cancelled?.reason ?? null,
      });
    }
  }
  return rows.sort(
    (a, b) =>
      Number(a.budgetYear) - Number(b.budgetYear) ||
      String(a.dueDate).localeCompare(String(b.dueDate)) ||
      String(a.taskId).localeCompare(String(b.taskId)),
  );
}
