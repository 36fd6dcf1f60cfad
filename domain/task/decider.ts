import type { z } from 'zod';
import { deadlineInstant, formatDateSv, isPastDeadline } from '../calendar/dates';
import { phaseLabel } from '../cycle/guards';
import type { Decider } from '../decider';
import { fail } from '../errors';
import { safeParseUnion } from '../lazy-schema';
import { assertNever } from '../primitives';
import { taskStatusLabel } from '../status-labels';
import { swedishIssue } from '../validation/swedish';
import {
  type ApproveTask,
  type AssignTask,
  type CancelTask,
  type ChangeTaskDueDate,
  type EscalateTask,
  type RecordReminderSent,
  type ReturnTask,
  type SubmitTask,
  TaskCommand,
} from './commands';
import { councilGoalIdsIn, externalFactorIdsIn, TaskSubmission } from './content';
import type { TaskEvent } from './events';
import { TASK_KIND_LABEL, TASK_KIND_PHASE } from './kinds';
import { type AssignedTask, evolveTask, initialTaskState, type TaskState } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

function requireStatus(
  task: AssignedTask,
  allowed: AssignedTask['status'][],
  rule: string,
  action: string,
): void {
  if (!allowed.includes(task.status)) {
    fail(
      'INVALID_STATE',
      rule,
      `Uppgiften kan inte ${action}: den är ${taskStatusLabel(task.status).toLowerCase()}`,
      {
        taskId: task.taskId,
        status: task.status,
        allowed,
      },
    );
  }
}

function assign(c: Cmd<typeof AssignTask>, state: TaskState): TaskEvent[] {
  if (state.status !== 'unassigned') {
    fail('ALREADY_EXISTS', 'task.assign-once', `Uppgiften ${c.taskId} är redan tilldelad`, {
      taskId: c.taskId,
    });
  }
  if (TASK_KIND_PHASE[c.kind] !== c.phase) {
    fail(
      'KIND_NOT_IN_PHASE',
      'task.kind-in-phase',
      `Uppgiftstypen ${TASK_KIND_LABEL[c.kind].toLowerCase()} hör inte till fasen ${phaseLabel(c.phase).toLowerCase()}`,
      {
        kind: c.kind,
        phase: c.phase,
        expectedPhase: TASK_KIND_PHASE[c.kind],
      },
    );
  }
  const { type: _t, actor, ...data } = c;
  return [{ type: 'TaskAssigned', schemaVersion: 1, data: { ...data, by: actor } }];
}

function remind(c: Cmd<typeof RecordReminderSent>, task: AssignedTask): TaskEvent[] {
  requireStatus(task, ['open', 'returned'], 'task.remind-when-open', 'få en påminnelse');
  return [
    {
      type: 'TaskReminderSent',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, taskId: task.taskId, dueDate: task.dueDate },
    },
  ];
}

function checkReferences(c: Cmd<typeof SubmitTask>, submission: TaskSubmission): void {
  if (c.reference === null) return;
  const goals = new Set(c.reference.councilGoalIds);
  const factors = new Set(c.reference.externalFactorIds);
  const unknownGoals = councilGoalIdsIn(submission).filter((id) => !goals.has(id));
  if (unknownGoals.length > 0) {
    fail(
      'UNKNOWN_COUNCIL_GOAL',
      'task.content.council-goals-exist',
      `Okända riktningsmål: ${unknownGoals.join(', ')}`,
      {
        councilGoalIds: unknownGoals,
      },
    );
  }
  const mentioned = externalFactorIdsIn(submission);
  const unknownFactors = mentioned.filter((id) => !factors.has(id));
  if (unknownFactors.length > 0) {
    fail(
      'UNKNOWN_EXTERNAL_FACTOR',
      'task.content.external-factors-exist',
      `Okända omvärldsfaktorer: ${unknownFactors.join(', ')}`,
      { externalFactorIds: unknownFactors },
    );
  }
  if (submission.kind === 'nulagesanalys' || submission.kind === 'omvarldsanalys') {
    const missing = [...factors].filter((id) => !mentioned.includes(id));
    if (missing.length > 0) {
      fail(
        'EXTERNAL_FACTOR_NOT_ADDRESSED',
        'task.content.all-external-factors',
        `Omvärldsanalysen måste behandla alla omvärldsfaktorer; saknas: ${missing.join(', ')}`,
        { externalFactorIds: missing },
      );
    }
  }
}

/** A delårsrapport covers a period of the task's budget year. */
function checkReportPeriod(task: AssignedTask, submission: TaskSubmission): void {
  if (
    submission.kind === 'delarsrapport' &&
    !submission.content.periodEnd.startsWith(`${task.budgetYear}-`)
  ) {
    fail('INVALID_CONTENT', 'task.content.delarsrapport', `Delårsperioden ska ligga i ${task.budgetYear}`, {
      periodEnd: submission.content.periodEnd,
    });
  }
}

function submit(c: Cmd<typeof SubmitTask>, task: AssignedTask): TaskEvent[] {
  requireStatus(task, ['open', 'returned'], 'task.submit-when-open', 'lämnas in');
  const parsed = safeParseUnion(TaskSubmission, { kind: task.kind, content: c.content });
  if (!parsed.success) {
    fail('INVALID_CONTENT', `task.content.${task.kind}`, 'Innehållet är ofullständigt eller felaktigt', {
      kind: task.kind,
      issues: parsed.error.issues.map((i) => swedishIssue(i.path.slice(1), i.message)),
    });
  }
  checkReferences(c, parsed.data);
  checkReportPeriod(task, parsed.data);
  return [
    {
      type: 'TaskSubmitted',
      schemaVersion: 2,
      data: {
        at: c.at,
        by: c.actor,
        taskId: task.taskId,
        organId: task.organId,
        revision: task.revision + 1,
        late: isPastDeadline(task.dueDate, c.at),
        submission: parsed.data,
      },
    },
  ];
}

function returnForRevision(c: Cmd<typeof ReturnTask>, task: AssignedTask): TaskEvent[] {
  requireStatus(task, ['submitted'], 'task.return-when-submitted', 'returneras');
  return [
    {
      type: 'TaskReturnedForRevision',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, taskId: task.taskId, revision: task.revision, reason: c.reason },
    },
  ];
}

function approve(c: Cmd<typeof ApproveTask>, task: AssignedTask): TaskEvent[] {
  requireStatus(task, ['submitted'], 'task.approve-when-submitted', 'godkännas');
  return [
    {
      type: 'TaskApproved',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, taskId: task.taskId, revision: task.revision },
    },
  ];
}

function escalate(c: Cmd<typeof EscalateTask>, task: AssignedTask): TaskEvent[] {
  requireStatus(task, ['open', 'returned'], 'task.escalate-when-open', 'eskaleras');
  if (!isPastDeadline(task.dueDate, c.at)) {
    fail('NOT_LATE', 'task.escalate-after-due', `Uppgiften är inte sen förrän efter ${task.dueDate}`, {
      dueDate: task.dueDate,
      deadline: deadlineInstant(task.dueDate),
      at: c.at,
    });
  }
  if (task.escalatedForDueDate === task.dueDate) {
    fail('ALREADY_ESCALATED', 'task.escalate-once', 'Uppgiften är redan eskalerad', {
      dueDate: task.dueDate,
    });
  }
  return [
    {
      type: 'TaskEscalated',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, taskId: task.taskId, dueDate: task.dueDate, escalatedTo: c.escalateTo },
    },
  ];
}

function changeDueDate(c: Cmd<typeof ChangeTaskDueDate>, task: AssignedTask): TaskEvent[] {
  requireStatus(
    task,
    ['open', 'returned', 'submitted'],
    'task.change-due-date-when-not-approved',
    'få ny sista dag',
  );
  if (c.legalLimit !== null && c.dueDate > c.legalLimit) {
    fail(
      'DUE_DATE_BEYOND_LEGAL_LIMIT',
      'task.change-due-date.legal-limit',
      `Sista dag kan inte sättas senare än lagens gräns ${formatDateSv(c.legalLimit)}`,
      { dueDate: c.dueDate, legalLimit: c.legalLimit },
    );
  }
  if (c.dueDate === task.dueDate) {
    fail('INVALID_STATE', 'task.change-due-date.changed', 'Sista dag är redan satt till det datumet', {
      dueDate: c.dueDate,
    });
  }
  return [
    {
      type: 'TaskDueDateChanged',
      schemaVersion: 1,
      data: {
        at: c.at,
        by: c.actor,
        taskId: task.taskId,
        previousDueDate: task.dueDate,
        dueDate: c.dueDate,
        reason: c.reason,
      },
    },
  ];
}

/** Rule task.cancel: a process owner cancels a task that is not final yet, with a reason. */
function cancel(c: Cmd<typeof CancelTask>, task: AssignedTask): TaskEvent[] {
  if (task.status === 'approved' || task.status === 'cancelled') {
    fail(
      'INVALID_STATE',
      'task.cancel',
      `Avbryta uppgift: uppgiften kan inte avbrytas, den är redan ${taskStatusLabel(task.status).toLowerCase()}`,
      { taskId: task.taskId, status: task.status },
    );
  }
  return [
    {
      type: 'TaskCancelled',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, taskId: task.taskId, previousStatus: task.status, reason: c.reason },
    },
  ];
}

export function decideTask(command: TaskCommand, state: TaskState): TaskEvent[] {
  if (command.type === 'AssignTask') return assign(command, state);
  if (state.status === 'unassigned') {
    return fail('NOT_FOUND', 'task.exists', `Uppgiften ${command.taskId} finns inte`, {
      taskId: command.taskId,
    });
  }
  if (command.taskId !== state.taskId) {
    return fail('INVALID_COMMAND', 'task.same-task', 'Kommandot gäller en annan uppgift', {
      taskId: command.taskId,
      expected: state.taskId,
    });
  }
  switch (command.type) {
    case 'RecordReminderSent':
      return remind(command, state);
    case 'SubmitTask':
      return submit(command, state);
    case 'ReturnTask':
      return returnForRevision(command, state);
    case 'ApproveTask':
      return approve(command, state);
    case 'EscalateTask':
      return escalate(command, state);
    case 'ChangeTaskDueDate':
      return changeDueDate(command, state);
    case 'CancelTask':
      return cancel(command, state);
    default:
      return assertNever(command);
  }
}

/** The task (uppgift) aggregate. */
export const taskDecider: Decider<TaskCommand, TaskEvent, TaskState> = {
  commandSchema: TaskCommand,
  decide: decideTask,
  evolve: evolveTask,
  initialState: initialTaskState,
};
