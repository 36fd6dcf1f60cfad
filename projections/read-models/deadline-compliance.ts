import type { Projection } from '../types';

/**
 * One row per task with its deadline outcome (cancelled, escalated, late, on time, pending, judged by the first
 * submission); the view rm_deadline_compliance counts them per organ, phase and budget year.
 */
export const deadlineCompliance: Projection = {
  name: 'deadline_compliance',
  description: 'i tid / sent / eskalerat per organ och fas, över åren',
  tables: ['rm_compliance_tasks'],
  eventTypes: ['TaskAssigned', 'TaskSubmitted', 'TaskEscalated', 'TaskDueDateChanged', 'TaskCancelled'],
  async handle({ event }, tx) {
    switch (event.type) {
      case 'TaskAssigned': {
        const d = event.data;
        await tx.query(
          `insert into rm_compliance_tasks (task_id, municipality_id, budget_year, organ_id, phase, kind, due_date)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (task_id) do nothing`,
          [d.taskId, d.municipalityId, d.budgetYear, d.organId, d.phase, d.kind, d.dueDate],
        );
        return;
      }
      case 'TaskSubmitted':
        await tx.query(
          `update rm_compliance_tasks
           set first_submitted_at = coalesce(first_submitted_at, $2),
               first_submission_late = coalesce(first_submission_late, $3)
           where task_id = $1`,
          [event.data.taskId, event.data.at, event.data.late],
        );
        return;
      case 'TaskEscalated':
        await tx.query(
          'update rm_compliance_tasks set escalated_at = coalesce(escalated_at, $2) where task_id = $1',
          [event.data.taskId, event.data.at],
        );
        return;
      case 'TaskDueDateChanged':
        await tx.query('update rm_compliance_tasks set due_date = $2 where task_id = $1', [
          event.data.taskId,
          event.data.dueDate,
        ]);
        return;
      case 'TaskCancelled':
        await tx.query('update rm_compliance_tasks set cancelled_at = $2 where task_id = $1', [
          event.data.taskId,
          event.data.at,
        ]);
        return;
      default:
        return;
    }
  },
};
