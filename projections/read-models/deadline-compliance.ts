import { type DocKind, first, setFirst, update } from '../fold';
import type { Projection } from '../types';

const TASKS = 'rm_compliance_tasks';

const task: DocKind = {
  name: 'compliance_task',
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
        'due_date',
        'first_submitted_at',
        'first_submission_late',
        'escalated_at',
        'cancelled_at',
      ],
    },
  ],
};

/**
 * One row per task with its deadline outcome (cancelled, escalated, late, on time, pending, judged by the first
 * submission); the view rm_deadline_compliance counts them per organ, phase and budget year.
 */
export const deadlineCompliance: Projection = {
  name: 'deadline_compliance',
  description: 'i tid / sent / eskalerat per organ och fas, över åren',
  tables: [TASKS],
  eventTypes: ['TaskAssigned', 'TaskSubmitted', 'TaskEscalated', 'TaskDueDateChanged', 'TaskCancelled'],
  docs: [task],
  fold({ event }, docs) {
    switch (event.type) {
      case 'TaskAssigned': {
        const d = event.data;
        const doc = docs.get(task, [d.taskId]);
        if (first(doc, TASKS)) return;
        setFirst(doc, TASKS, {
          task_id: d.taskId,
          municipality_id: d.municipalityId,
          budget_year: d.budgetYear,
          organ_id: d.organId,
          phase: d.phase,
          kind: d.kind,
          due_date: d.dueDate,
          first_submitted_at: null,
          first_submission_late: null,
          escalated_at: null,
          cancelled_at: null,
        });
        return;
      }
      case 'TaskSubmitted': {
        const d = event.data;
        // The first submission decides on time or late.
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({
          ...r,
          first_submitted_at: r.first_submitted_at ?? d.at,
          first_submission_late: r.first_submission_late ?? d.late,
        }));
        return;
      }
      case 'TaskEscalated': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({ ...r, escalated_at: r.escalated_at ?? d.at }));
        return;
      }
      case 'TaskDueDateChanged': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({ ...r, due_date: d.dueDate }));
        return;
      }
      case 'TaskCancelled': {
        const d = event.data;
        update(docs.get(task, [d.taskId]), TASKS, (r) => ({ ...r, cancelled_at: d.at }));
        return;
      }
      default:
        return;
    }
  },
};
