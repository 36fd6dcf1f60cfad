import { z } from 'zod';
import { Phase } from '../calendar/schema';
import { defineEvent } from '../event-schema';
import { lazySchema } from '../lazy-schema';
import { Id, IsoDate, Text, UserId, Year } from '../primitives';
import { TaskSubmission } from './content';
import { TaskKind } from './kinds';

export const TaskAssigned = defineEvent('TaskAssigned', 1, () => ({
  taskId: Id,
  municipalityId: Id,
  budgetYear: Year,
  organId: Id,
  phase: Phase,
  kind: TaskKind,
  title: Text,
  dueDate: IsoDate,
}));
export const TaskReminderSent = defineEvent('TaskReminderSent', 1, () => ({ taskId: Id, dueDate: IsoDate }));
/** v2: amounts in the submission's content are in öre (v1: whole kronor). */
export const TaskSubmitted = defineEvent('TaskSubmitted', 2, () => ({
  taskId: Id,
  organId: Id,
  /** 1 for the first submission, 2 after one return, … */
  revision: z.number().int().positive(),
  /** Submitted after the end of the due date (Europe/Stockholm). */
  late: z.boolean(),
  submission: TaskSubmission,
}));
export const TaskReturnedForRevision = defineEvent('TaskReturnedForRevision', 1, () => ({
  taskId: Id,
  revision: z.number().int().positive(),
  reason: Text,
}));
export const TaskApproved = defineEvent('TaskApproved', 1, () => ({
  taskId: Id,
  revision: z.number().int().positive(),
}));
export const TaskEscalated = defineEvent('TaskEscalated', 1, () => ({
  taskId: Id,
  dueDate: IsoDate,
  escalatedTo: z.array(UserId).min(1),
}));
export const TaskDueDateChanged = defineEvent('TaskDueDateChanged', 1, () => ({
  taskId: Id,
  previousDueDate: IsoDate,
  dueDate: IsoDate,
  reason: Text,
}));
/** A process owner cancelled the task (rule task.cancel); nothing more happens to it. */
export const TaskCancelled = defineEvent('TaskCancelled', 1, () => ({
  taskId: Id,
  /** The status the task had when it was cancelled. */
  previousStatus: z.enum(['open', 'submitted', 'returned']),
  reason: Text,
}));

export const TASK_EVENT_SCHEMAS = [
  TaskAssigned,
  TaskReminderSent,
  TaskSubmitted,
  TaskReturnedForRevision,
  TaskApproved,
  TaskEscalated,
  TaskDueDateChanged,
  TaskCancelled,
] as const;

export const TaskEvent = lazySchema(() => z.discriminatedUnion('type', TASK_EVENT_SCHEMAS));
export type TaskEvent = z.infer<typeof TaskEvent>;
