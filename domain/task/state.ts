import type { Phase } from '../calendar/schema';
import { assertNever, type IsoDate, type IsoInstant, type UserId } from '../primitives';
import type { TaskSubmission } from './content';
import type { TaskEvent } from './events';
import type { TaskKind } from './kinds';

/**
 * Lifecycle of an assigned task: open → submitted → (returned → submitted)* → approved; a process
 * owner may cancel it (avbruten) at any point before it is approved.
 */
export type TaskStatus = 'open' | 'submitted' | 'returned' | 'approved' | 'cancelled';

/** Approved and cancelled tasks are final: nothing more happens to them. */
export const isTaskFinished = (status: TaskStatus | 'unassigned'): boolean =>
  status === 'approved' || status === 'cancelled';

export interface AssignedTask {
  status: TaskStatus;
  taskId: string;
  municipalityId: string;
  budgetYear: number;
  organId: string;
  phase: Phase;
  kind: TaskKind;
  title: string;
  dueDate: IsoDate;
  remindersSent: IsoInstant[];
  /** The due date the task was escalated for, if it was. */
  escalatedForDueDate: IsoDate | null;
  /** Number of submissions so far. */
  revision: number;
  /** Latest submission. */
  submission: { submission: TaskSubmission; by: UserId; at: IsoInstant; late: boolean } | null;
  returns: { revision: number; reason: string; by: UserId; at: IsoInstant }[];
  approved: { by: UserId; at: IsoInstant } | null;
  /** Why and by whom the task was cancelled (absent in states built before cancellation existed). */
  cancelled?: { by: UserId; at: IsoInstant; reason: string } | null;
}

/** State of the task (uppgift) aggregate. */
export type TaskState = { status: 'unassigned' } | AssignedTask;

export function initialTaskState(): TaskState {
  return { status: 'unassigned' };
}

export function evolveTask(state: TaskState, event: TaskEvent): TaskState {
  if (event.type === 'TaskAssigned') {
    const d = event.data;
    return {
      status: 'open',
      taskId: d.taskId,
      municipalityId: d.municipalityId,
      budgetYear: d.budgetYear,
      organId: d.organId,
      phase: d.phase,
      kind: d.kind,
      title: d.title,
      dueDate: d.dueDate,
      remindersSent: [],
      escalatedForDueDate: null,
      revision: 0,
      submission: null,
      returns: [],
      approved: null,
      cancelled: null,
    };
  }
  if (state.status === 'unassigned') return state;
  switch (event.type) {
    case 'TaskReminderSent':
      return { ...state, remindersSent: [...state.remindersSent, event.data.at] };
    case 'TaskSubmitted': {
      const { submission, by, at, late, revision } = event.data;
      return { ...state, status: 'submitted', revision, submission: { submission, by, at, late } };
    }
    case 'TaskReturnedForRevision': {
      const { revision, reason, by, at } = event.data;
      return { ...state, status: 'returned', returns: [...state.returns, { revision, reason, by, at }] };
    }
    case 'TaskApproved':
      return { ...state, status: 'approved', approved: { by: event.data.by, at: event.data.at } };
    case 'TaskEscalated':
      return { ...state, escalatedForDueDate: event.data.dueDate };
    case 'TaskDueDateChanged':
      return { ...state, dueDate: event.data.dueDate };
    case 'TaskCancelled': {
      const { by, at, reason } = event.data;
      return { ...state, status: 'cancelled', cancelled: { by, at, reason } };
    }
    default:
      return assertNever(event);
  }
}
