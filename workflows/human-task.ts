import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { ArshjulActivities } from '../activities/types';
import { deadlineInstant } from '../domain/calendar/dates';
import type { Phase } from '../domain/calendar/schema';
import { handle } from '../domain/decider';
import { fail } from '../domain/errors';
import { ZONE } from '../domain/primitives';
import { taskStream } from '../domain/streams';
import { type AssignedTask, type TaskKind, type TaskState, taskDecider } from '../domain/task/index';
import { CycleClock, type ResolvedClock } from './clock';
import { validating } from './failures';
import {
  approveTaskUpdate,
  changeTaskDueDateUpdate,
  returnTaskUpdate,
  submitTaskUpdate,
  taskStateQuery,
} from './messages';
import { StreamRecorder } from './recorder';

const { notify } = proxyActivities<ArshjulActivities>({ startToCloseTimeout: '1 minute' });

export interface HumanTaskInput {
  taskId: string;
  municipalityId: string;
  budgetYear: number;
  organId: string;
  organName: string;
  phase: Phase;
  kind: TaskKind;
  title: string;
  dueDate: string;
  /** The organ's secretaries: only they may submit. */
  organSecretaries: string[];
  /** The municipality's process owners: they review (return, approve), move due dates and get escalations. */
  processOwners: string[];
  /** Steering documents in force, so ids in the content can be checked. */
  reference: { councilGoalIds: string[]; externalFactorIds: string[] } | null;
  /** The latest due date the law or the calendar allows for this task. */
  legalLimit: string | null;
  /** Reminders go out this many days before the due date, at 08:00 Stockholm time. */
  reminderDaysBefore?: number[];
  assignedBy: string;
  correlationId: string;
  clock: ResolvedClock;
}

/**
 * One task (uppgift) given to an organ: assigned, reminded before its due date, escalated to the
 * process owners after it, submitted by the organ's secretary, returned or approved by a process owner.
 * Every change is decided by the domain's task decider and appended to the task's stream.
 * Completes with the approved task.
 */
export async function humanTaskWorkflow(input: HumanTaskInput): Promise<AssignedTask> {
  const clock = new CycleClock(input.clock);
  const recorder = new StreamRecorder(taskStream(input.taskId), input.correlationId, clock);
  let state: TaskState = taskDecider.initialState();
  let changes = 0;

  const decide = (command: Record<string, unknown>) =>
    handle(taskDecider, state, { ...command, taskId: input.taskId, at: clock.nowIso() });
  const apply = (command: Record<string, unknown>, actor: string, causationId: string) => {
    const { events, state: next } = decide({ ...command, actor });
    state = next;
    changes++;
    return recorder.record(events, { actor, causationId });
  };
  const assigned = (): AssignedTask => {
    if (state.status === 'unassigned') throw new Error('task not assigned yet');
    return state;
  };
  const requireProcessOwner = (actor: string, action: string) => {
    if (!input.processOwners.includes(actor)) {
      fail(
        'NOT_PROCESS_OWNER',
        `task.${action}.process-owner`,
        'Endast processägaren kan granska uppgiften',
        {
          actor,
        },
      );
    }
  };

  const submitCommand = (a: { actor: string; content: unknown }) => ({
    type: 'SubmitTask',
    actor: a.actor,
    organSecretaries: input.organSecretaries,
    content: a.content,
    reference: input.reference,
  });
  const dueDateCommand = (a: { actor: string; dueDate: string; reason: string }) => ({
    type: 'ChangeTaskDueDate',
    actor: a.actor,
    dueDate: a.dueDate,
    reason: a.reason,
    processOwners: input.processOwners,
    legalLimit: input.legalLimit,
  });
  const updateId = () => `update:${changes + 1}`;

  setHandler(taskStateQuery, () => state);
  setHandler(
    submitTaskUpdate,
    async (a) => {
      await apply(submitCommand(a), a.actor, updateId());
      return state;
    },
    { validator: (a) => validating(() => decide(submitCommand(a))) },
  );
  setHandler(
    returnTaskUpdate,
    async (a) => {
      await apply({ type: 'ReturnTask', reason: a.reason }, a.actor, updateId());
      await notify({
        kind: 'returned',
        to: input.organSecretaries,
        subject: `Återremitterad: ${input.title}`,
        body: a.reason,
        correlationId: input.correlationId,
      });
      return state;
    },
    {
      validator: (a) =>
        validating(() => {
          requireProcessOwner(a.actor, 'return');
          decide({ type: 'ReturnTask', actor: a.actor, reason: a.reason });
        }),
    },
  );
  setHandler(
    approveTaskUpdate,
    async (a) => {
      await apply({ type: 'ApproveTask' }, a.actor, updateId());
      return state;
    },
    {
      validator: (a) =>
        validating(() => {
          requireProcessOwner(a.actor, 'approve');
          decide({ type: 'ApproveTask', actor: a.actor });
        }),
    },
  );
  setHandler(
    changeTaskDueDateUpdate,
    async (a) => {
      await apply(dueDateCommand(a), a.actor, updateId());
      return state;
    },
    { validator: (a) => validating(() => decide(dueDateCommand(a))) },
  );

  await apply(
    {
      type: 'AssignTask',
      municipalityId: input.municipalityId,
      budgetYear: input.budgetYear,
      organId: input.organId,
      phase: input.phase,
      kind: input.kind,
      title: input.title,
      dueDate: input.dueDate,
    },
    input.assignedBy,
    `workflow:${workflowInfo().workflowId}`,
  );
  const assignedAt = clock.now();
  const remindersSent = new Set<string>();

  while (assigned().status !== 'approved') {
    const task = assigned();
    const now = clock.now();
    const awaitingSubmission = task.status === 'open' || task.status === 'returned';
    const due = Date.parse(deadlineInstant(task.dueDate));

    // Reminders before the due date (those that fell before the assignment are skipped).
    const reminders = (input.reminderDaysBefore ?? [7, 1])
      .map((days) => ({ key: `${task.dueDate}:${days}`, days, at: reminderInstant(task.dueDate, days) }))
      .filter((r) => r.at >= assignedAt && !remindersSent.has(r.key));
    const dueReminder = awaitingSubmission ? reminders.find((r) => r.at <= now) : undefined;
    if (dueReminder) {
      remindersSent.add(dueReminder.key);
      await apply({ type: 'RecordReminderSent' }, 'system', `timer:reminder:${dueReminder.key}`);
      await notify({
        kind: 'reminder',
        to: input.organSecretaries,
        subject: `Påminnelse: ${input.title}`,
        body: `${input.organName} ska lämna in senast ${task.dueDate}.`,
        correlationId: input.correlationId,
      });
      continue;
    }
    // Escalation to the process owners once the due date has passed without a submission.
    if (awaitingSubmission && now > due && task.escalatedForDueDate !== task.dueDate) {
      await apply(
        { type: 'EscalateTask', escalateTo: input.processOwners },
        'system',
        `timer:escalation:${task.dueDate}`,
      );
      await notify({
        kind: 'escalation',
        to: input.processOwners,
        subject: `Försenad: ${input.title}`,
        body: `${input.organName} har inte lämnat in (slutdatum ${task.dueDate}).`,
        correlationId: input.correlationId,
      });
      continue;
    }

    const wakeAt = awaitingSubmission
      ? Math.min(
          ...reminders.map((r) => r.at),
          task.escalatedForDueDate === task.dueDate ? Number.POSITIVE_INFINITY : due + 1,
        )
      : Number.POSITIVE_INFINITY;
    const seen = changes;
    if (Number.isFinite(wakeAt)) await condition(() => changes !== seen, clock.msUntil(wakeAt));
    else await condition(() => changes !== seen);
  }

  await condition(allHandlersFinished);
  await recorder.flush();
  return assigned();
}

/** 08:00 Stockholm time, `days` days before the due date, as epoch milliseconds. */
function reminderInstant(dueDate: string, days: number): number {
  return DateTime.fromISO(dueDate, { zone: ZONE }).minus({ days }).set({ hour: 8 }).toMillis();
}
