import type { Projection } from '../types';

/** Per organ: its tasks with due dates and status, and why a submission was returned. */
export const taskInbox: Projection = {
  name: 'task_inbox',
  description: 'uppgifter per organ: öppna uppgifter, sista dag, status och skäl till retur eller avbrott',
  tables: ['rm_inbox_returns', 'rm_inbox_tasks'],
  eventTypes: [
    'TaskAssigned',
    'TaskReminderSent',
    'TaskSubmitted',
    'TaskReturnedForRevision',
    'TaskApproved',
    'TaskEscalated',
    'TaskDueDateChanged',
    'TaskCancelled',
  ],
  async handle({ event }, tx) {
    switch (event.type) {
      case 'TaskAssigned': {
        const d = event.data;
        await tx.query(
          `insert into rm_inbox_tasks (task_id, municipality_id, budget_year, organ_id, phase, kind, title,
                                       due_date, status, assigned_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, 'assigned', $9, $9)
           on conflict (task_id) do nothing`,
          [d.taskId, d.municipalityId, d.budgetYear, d.organId, d.phase, d.kind, d.title, d.dueDate, d.at],
        );
        return;
      }
      case 'TaskReminderSent':
        await tx.query(
          'update rm_inbox_tasks set reminders_sent = reminders_sent + 1, updated_at = $2 where task_id = $1',
          [event.data.taskId, event.data.at],
        );
        return;
      case 'TaskSubmitted':
        await tx.query(
          `update rm_inbox_tasks
           set status = 'submitted', revision = $2, last_submission_late = $3, submitted_at = $4, updated_at = $4
           where task_id = $1`,
          [event.data.taskId, event.data.revision, event.data.late, event.data.at],
        );
        return;
      case 'TaskReturnedForRevision':
        await tx.query(`update rm_inbox_tasks set status = 'returned', updated_at = $2 where task_id = $1`, [
          event.data.taskId,
          event.data.at,
        ]);
        await tx.query(
          `insert into rm_inbox_returns (task_id, revision, reason, returned_by, returned_at)
           values ($1, $2, $3, $4, $5)
           on conflict (task_id, revision) do update
           set reason = excluded.reason, returned_by = excluded.returned_by, returned_at = excluded.returned_at`,
          [event.data.taskId, event.data.revision, event.data.reason, event.data.by, event.data.at],
        );
        return;
      case 'TaskApproved':
        await tx.query(
          `update rm_inbox_tasks set status = 'approved', approved_at = $2, updated_at = $2 where task_id = $1`,
          [event.data.taskId, event.data.at],
        );
        return;
      case 'TaskEscalated':
        await tx.query(
          `update rm_inbox_tasks set escalated = true, escalated_to = $2, updated_at = $3 where task_id = $1`,
          [event.data.taskId, event.data.escalatedTo, event.data.at],
        );
        return;
      case 'TaskDueDateChanged':
        await tx.query('update rm_inbox_tasks set due_date = $2, updated_at = $3 where task_id = $1', [
          event.data.taskId,
          event.data.dueDate,
          event.data.at,
        ]);
        return;
      case 'TaskCancelled':
        await tx.query(
          `update rm_inbox_tasks set status = 'cancelled', cancelled_at = $2, cancel_reason = $3, updated_at = $2
           where task_id = $1`,
          [event.data.taskId, event.data.at, event.data.reason],
        );
        return;
      default:
        return;
    }
  },
};
