import { type DocKind, first, setFirst, update, upsertRow } from '../fold';
import type { Projection } from '../types';

const TASKS = 'rm_inbox_tasks';
const RETURNS = 'rm_inbox_returns';

/** A task's inbox row and its returns, by task id. */
const task: DocKind = {
  name: 'inbox_task',
  tables: [
    {
      table: TASKS,
      key: ['task_id'],
      columns: [
        'task_id',
        'municipality_id',
        'budget_year',
        'organ_id',
        'phase',
        'kind',
        'title',
        'due_date',
        'status',
        'revision',
        'last_submission_late',
        'escalated',
        'escalated_to',
        'reminders_sent',
        'assigned_at',
        'submitted_at',
        'approved_at',
        'updated_at',
        'cancelled_at',
        'cancel_reason',
      ],
    },
    {
      table: RETURNS,
      key: ['task_id'],
      columns: ['task_id', 'revision', 'reason', 'returned_by', 'returned_at'],
    },
  ],
};

/** Per organ: its tasks with due dates and status, and why a submission was returned. */
export const taskInbox: Projection = {
  name: 'task_inbox',
  description: 'uppgifter per organ: öppna uppgifter, sista dag, status och skäl till retur eller avbrott',
  tables: [RETURNS, TASKS],
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
  docs: [task],
  fold({ event }, docs) {
    switch (event.type) {
      case 'TaskAssigned': {
        const d = event.data;
        const doc = docs.get(task, [d.taskId]);
        if (first(doc, TASKS)) return; // the first assignment stands
        setFirst(doc, TASKS, {
          task_id: d.taskId,
          municipality_id: d.municipalityId,
          budget_year: d.budgetYear,
          organ_id: d.organId,
          phase: d.phase,
          kind: d.kind,
          title: d.title,
          due_date: d.dueDate,
          status: 'assigned',
          revision: 0,
          last_submission_late: null,
          escalated: false,
          escalated_to: [],
          reminders_sent: 0,
          assigned_at: d.at,
          submitted_at: null,
          approved_at: null,
          updated_at: d.at,
          cancelled_at: null,
          cancel_reason: null,
        });
        return;
      }
      case 'TaskReminderSent': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({
          ...r,
          reminders_sent: Number(r.reminders_sent) + 1,
          updated_at: d.at,
        }));
        return;
      }
      case 'TaskSubmitted': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({
          ...r,
          status: 'submitted',
          revision: d.revision,
          last_submission_late: d.late,
          submitted_at: d.at,
          updated_at: d.at,
        }));
        return;
      }
      case 'TaskReturnedForRevision': {
        const d = event.data;
        const doc = docs.get(task, [d.taskId]);
        update(doc, TASKS, (r) => ({ ...r, status: 'returned', updated_at: d.at }));
        upsertRow(doc, RETURNS, ['revision'], {
          task_id: d.taskId,
          revision: d.revision,
          reason: d.reason,
          returned_by: d.by,
          returned_at: d.at,
        });
        return;
      }
      case 'TaskApproved': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({
          ...r,
          status: 'approved',
          approved_at: d.at,
          updated_at: d.at,
        }));
        return;
      }
      case 'TaskEscalated': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({
          ...r,
          escalated: true,
          escalated_to: d.escalatedTo,
          updated_at: d.at,
        }));
        return;
      }
      case 'TaskDueDateChanged': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({ ...r, due_date: d.dueDate, updated_at: d.at }));
        return;
      }
      case 'TaskCancelled': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({
          ...r,
          status: 'cancelled',
          cancelled_at: d.at,
          cancel_reason: d.reason,
          updated_at: d.at,
        }));
        return;
      }
      default:
        return;
    }
  },
};
