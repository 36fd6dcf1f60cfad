import { z } from 'zod';
import { Phase } from '../calendar/schema';
import { lazyDiscriminatedUnion, lazySchema } from '../lazy-schema';
import { CommandMeta, Id, IsoDate, Text, UserId, Year } from '../primitives';
import { TaskKind } from './kinds';

const command = <const T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...CommandMeta, taskId: Id, ...shape });

export const AssignTask = lazySchema(() =>
  command('AssignTask', {
    municipalityId: Id,
    budgetYear: Year,
    organId: Id,
    phase: Phase,
    kind: TaskKind,
    title: Text,
    dueDate: IsoDate,
  }),
);
export const RecordReminderSent = lazySchema(() => command('RecordReminderSent', {}));
// Who may submit, review or move a due date is decided by domain/access/authorize before a command is
// sent, from the municipality's state at that moment; the commands carry only what the task decides on.
export const SubmitTask = lazySchema(() =>
  command('SubmitTask', {
    /** The content, validated against the task kind's schema by the decider. */
    content: z.unknown(),
    /** When given, ids in the content are checked against the steering documents in force. */
    reference: z
      .object({ councilGoalIds: z.array(Id), externalFactorIds: z.array(Id) })
      .nullable()
      .default(null),
  }),
);
export const ReturnTask = lazySchema(() => command('ReturnTask', { reason: Text }));
export const ApproveTask = lazySchema(() => command('ApproveTask', {}));
export const EscalateTask = lazySchema(() =>
  command('EscalateTask', {
    /** Who the escalation goes to: the process owners. */
    escalateTo: z.array(UserId).min(1),
  }),
);
export const ChangeTaskDueDate = lazySchema(() =>
  command('ChangeTaskDueDate', {
    dueDate: IsoDate,
    reason: Text,
    /** The latest date the law (or the cycle calendar) allows for this task; null = none. */
    legalLimit: IsoDate.nullable(),
  }),
);
/** A process owner cancels the task, with a reason (rule task.cancel). */
export const CancelTask = lazySchema(() => command('CancelTask', { reason: Text }));

export const TaskCommand = lazyDiscriminatedUnion('type', () => ({
  AssignTask,
  RecordReminderSent,
  SubmitTask,
  ReturnTask,
  ApproveTask,
  EscalateTask,
  ChangeTaskDueDate,
  CancelTask,
}));
export type TaskCommand = z.infer<typeof TaskCommand>;
export type TaskCommandInput = z.input<typeof TaskCommand>;
