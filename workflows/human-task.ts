import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActionContext, ArshjulActivities } from '../activities/types';
import { type Action, authorize, EMPTY_ROSTER, type Roster } from '../domain/access/authorize';
import { deadlineInstant, REMINDER_DAYS_BEFORE, reminderInstant } from '../domain/calendar/dates';
import { handle } from '../domain/decider';
import { fail } from '../domain/errors';
import { taskStream } from '../domain/streams';
import { type AssignedTask, isTaskFinished, type TaskState, taskDecider } from '../domain/task/index';
import { CycleClock } from './clock';
import { rejectingAsFailure, validating } from './failures';
import { type StepActivities, workflowLocalSteps } from './local-steps';
import {
  approveTaskUpdate,
  cancelTaskUpdate,
  changeTaskDueDateUpdate,
  returnTaskUpdate,
  STORED_SUBMISSION,
  submitTaskUpdate,
  taskStateQuery,
} from './messages';
import { Mutex } from './mutex';
import { workflowPatches } from './patches';
import { StreamRecorder } from './recorder';
import { StepIds, stepKey } from './step-ids';
import { StepTime } from './step-time';
import { behindTheStore, checkedUnlessBehind, READS_PER_STEP } from './task-follows-store';
import {
  ACTIONS_AWAIT_ASSIGNMENT,
  LOCAL_STEPS,
  LOCAL_STEPS_BOUNDED,
  LOCAL_STEPS_SERIAL,
  STATE_FOLLOWS_STORE,
  STEPS_FIND_THEMSELVES,
  SUBMISSIONS_STORED,
  TASK_CANCELLATION,
  TIMER_SEES_SETTLED_TASK,
  UPDATES_FIND_OWN_STEP,
} from './versions';

const remoteSteps: StepActivities = proxyActivities<ArshjulActivities>({ startToCloseTimeout: '1 minute' });

import type { HumanTaskInput } from './human-task-input';

export type { HumanTaskInput };

/**
 * One task (uppgift) given to an organ: assigned, reminded before its due date, escalated to the
 * process owners after it, submitted by the organ's secretary, returned or approved by a process owner.
 * Every change is decided by the domain's task decider and appended to the task's stream; who may act,
 * who is told, and the legal limit of its due date are read from the event store at that moment.
 * Completes with the approved task, or the cancelled one (a process owner may cancel it with a reason).
 */
export async function humanTaskWorkflow(input: HumanTaskInput): Promise<AssignedTask> {
  const has = workflowPatches();
  const current = has(STATE_FOLLOWS_STORE);
  const cancellable = has(TASK_CANCELLATION);
  const awaitsAssignment = current && has(ACTIONS_AWAIT_ASSIGNMENT);
  // Each update or timer step in one workflow task: its reads, append and notification run locally.
  const local = current && has(LOCAL_STEPS);
  const bounded = local && has(LOCAL_STEPS_BOUNDED);
  const time = new StepTime(bounded && has(LOCAL_STEPS_SERIAL));
  // The API may store submissions: state may be behind the stream until a step reads it.
  const followsStore = time.pinned && has(SUBMISSIONS_STORED);
  // A step run again after its workflow task was lost finds its own append in the stream it reads.
  const findsOwnStep = followsStore && has(UPDATES_FIND_OWN_STEP);
  // A step's ids derive from what it is: run again in another order, it finds itself (step-ids.ts).
  const stepIds = findsOwnStep && has(STEPS_FIND_THEMSELVES) ? new StepIds() : undefined;
  const steps = workflowLocalSteps(bounded, time);
  const { notify, loadActionContext } = local ? steps : remoteSteps;
  const clock = new CycleClock(input.clock, time);
  const recorder = new StreamRecorder(taskStream(input.taskId), input.correlationId, clock, 0, steps);
  const lock = new Mutex();
  let state: TaskState = taskDecider.initialState();
  let changes = 0;

  const decide = (command: Record<string, unknown>, at = clock.nowIso()) =>
    handle(taskDecider, state, { ...command, taskId: input.taskId, at });
  /**
   * Decides, stores, and only then changes state; one at a time (lock). A timer's step passes
   * `stillDue`: the task may have been submitted (or its due date moved) while the step waited for the
   * lock; then the step is skipped instead of refused. False when skipped. With SUBMISSIONS_STORED a
   * refusal on the version or the status reads the stream and decides again (task-follows-store.ts).
   */
  const applyStored = (
    command: Record<string, unknown>,
    actor: string,
    causationId: string,
    { stillDue, capabilities }: { stillDue?: (task: AssignedTask) => boolean; capabilities?: string } = {},
  ): Promise<boolean> => {
    // An update is known by its own id, the same in every attempt; a timer by its causation.
    const step = stepIds?.step(stepKey(causationId));
    return lock.run(async () => {
      for (let reads = 0, fresh = false; ; ) {
        if (step?.stored()) return true;
        if (stillDue && !stillDue(assigned()) && has(TIMER_SEES_SETTLED_TASK)) return false;
        try {
          if (local) {
            const decideAt = (at: string) => decide({ ...command, actor }, at);
            const record = { actor, causationId, ...(capabilities ? { capabilities } : {}) };
            state = (await recorder.appendDecision(decideAt, record, step?.ids)).state;
          } else {
            const { events, state: next } = decide({ ...command, actor });
            await recorder.append(events, { actor, causationId });
            state = next;
          }
          changes++;
          return true;
        } catch (error) {
          // A refusal on a state just read stands; the version may move again (another submission).
          const behind = followsStore ? behindTheStore(error, step !== undefined) : null;
          if (!behind || reads >= READS_PER_STEP || (behind === 'status' && fresh)) throw error;
          reads++;
          fresh = true;
          const stored = await readStream();
          stepIds?.learn(stored.eventIds ?? []);
          // Before STEPS_FIND_THEMSELVES: by causation (an update's counts the steps before it).
          if (!step && findsOwnStep && (stored.causationIds ?? []).includes(causationId)) return true;
        }
      }
    });
  };
  /** The task as its stream holds it now (submissions the API stored included). */
  const readStream = async () => {
    const stored = await steps.loadTaskStream({ taskId: input.taskId });
    recorder.followStored(stored.version);
    state = stored.state;
    changes++;
    return stored;
  };
  /** Histories recorded before STATE_FOLLOWS_STORE: state first, then the (chained) append. */
  const applyLegacy = (command: Record<string, unknown>, actor: string, causationId: string) => {
    const { events, state: next } = decide({ ...command, actor });
    state = next;
    changes++;
    return recorder.record(events, { actor, causationId });
  };
  const apply = current ? applyStored : applyLegacy;
  const applyOnTimer = (
    command: Record<string, unknown>,
    causationId: string,
    stillDue: (task: AssignedTask) => boolean,
  ): Promise<boolean> =>
    current
      ? applyStored(command, 'system', causationId, { stillDue })
      : applyLegacy(command, 'system', causationId).then(() => true);
  const assigned = (): AssignedTask => {
    if (state.status === 'unassigned') throw new Error('task not assigned yet');
    return state;
  };

  const legacyContext: ActionContext = {
    roster: {
      ...EMPTY_ROSTER,
      processOwners: input.processOwners ?? [],
      secretaries: { [input.organId]: input.organSecretaries ?? [] },
    },
    reference: input.reference ?? { councilGoalIds: [], externalFactorIds: [] },
    legalLimit: input.legalLimit ?? null,
  };
  /** The current state this task's actions depend on, read from the store at this moment. */
  const context = (withLegalLimit = false): Promise<ActionContext> =>
    loadActionContext({
      municipalityId: input.municipalityId,
      budgetYear: input.budgetYear,
      ...(withLegalLimit ? { taskKind: input.kind } : {}),
    });
  const secretaries = (roster: Roster) => [...(roster.secretaries[input.organId] ?? [])];
  /** Ids in a submission are checked against the steering documents in force (none on the legacy path without copies). */
  const reference = (c: ActionContext | null) =>
    current ? (c?.reference ?? null) : (input.reference ?? null);

  /**
   * An update's work: on the current path checked against the state at this moment, then applied; on
   * the legacy path (no extra await, so its histories replay) the validator checked the copies.
   */
  const act = (
    action: Action,
    actor: string,
    work: (c: ActionContext) => Promise<unknown>,
    withLegalLimit = false,
  ): Promise<TaskState> => {
    if (!current) return work(legacyContext).then(() => state);
    return rejectingAsFailure(async () => {
      // Accepted while the assignment was being stored (see `assigning`): decided once it is.
      if (awaitsAssignment) await condition(() => state.status !== 'unassigned');
      const c = await context(withLegalLimit);
      authorize(c.roster, actor, action);
      await work(c);
      return state;
    });
  };
  /**
   * The task is being given out: its AssignTask is stored (so the API shows it) but the workflow does
   * not have the append's answer yet. An action then is accepted and waits for it (actions-await-assignment).
   */
  const assigning = () => awaitsAssignment && state.status === 'unassigned';
  const validate = (action: Action, actor: string, command: Record<string, unknown>) =>
    validating(() => {
      if (!current) authorize(legacyContext.roster, actor, action);
      if (!assigning()) checkedUnlessBehind(followsStore, () => decide({ ...command, actor }));
    });

  const noLimit: ActionContext = { ...legacyContext, legalLimit: null };
  const submitAction: Action = { type: 'task.submit', organId: input.organId };
  const review: Action = { type: 'task.review' };
  const submitCommand = (content: unknown, c: ActionContext | null) => ({
    type: 'SubmitTask',
    content,
    reference: reference(c),
  });
  const dueDateCommand = (a: { dueDate: string; reason: string }, c: ActionContext) => ({
    type: 'ChangeTaskDueDate',
    dueDate: a.dueDate,
    reason: a.reason,
    legalLimit: c.legalLimit,
  });
  const updateId = () => `update:${changes + 1}`;

  setHandler(taskStateQuery, () => state);
  setHandler(
    submitTaskUpdate,
    (a) => act(submitAction, a.actor, (c) => apply(submitCommand(a.content, c), a.actor, updateId())),
    // On the current path the ids are checked in the handler, against the steering documents then.
    { validator: (a) => validate(submitAction, a.actor, submitCommand(a.content, null)) },
  );
  setHandler(
    returnTaskUpdate,
    (a) =>
      act(review, a.actor, async (c) => {
        await apply({ type: 'ReturnTask', reason: a.reason }, a.actor, updateId());
        await notify({
          kind: 'returned',
          to: secretaries(c.roster),
          subject: `Returnerad för komplettering: ${input.title}`,
          body: a.reason,
          correlationId: input.correlationId,
        });
      }),
    { validator: (a) => validate(review, a.actor, { type: 'ReturnTask', reason: a.reason }) },
  );
  setHandler(
    approveTaskUpdate,
    (a) => act(review, a.actor, () => apply({ type: 'ApproveTask' }, a.actor, updateId())),
    { validator: (a) => validate(review, a.actor, { type: 'ApproveTask' }) },
  );
  setHandler(
    changeTaskDueDateUpdate,
    (a) => act(review, a.actor, (c) => apply(dueDateCommand(a, c), a.actor, updateId()), true),
    // On the current path the legal limit is checked in the handler, from the cycle's calendar then.
    { validator: (a) => validate(review, a.actor, dueDateCommand(a, current ? noLimit : legacyContext)) },
  );

  setHandler(
    cancelTaskUpdate,
    (a) =>
      act(review, a.actor, async (c) => {
        await apply({ type: 'CancelTask', reason: a.reason }, a.actor, updateId());
        await notify({
          kind: 'cancelled',
          to: secretaries(c.roster),
          subject: `Avbruten: ${input.title}`,
          body: a.reason,
          correlationId: input.correlationId,
        });
      }),
    {
      validator: (a) =>
        validating(() => {
          // Tasks started before cancellation existed keep the path their histories were recorded on.
          if (!cancellable) {
            fail(
              'INVALID_STATE',
              'task.cancel',
              'Avbryta uppgift: uppgiften gavs ut innan uppgifter kunde avbrytas och kan inte avbrytas',
              { taskId: input.taskId },
            );
          }
          if (!assigning()) decide({ type: 'CancelTask', reason: a.reason, actor: a.actor });
        }),
    },
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
    followsStore ? { capabilities: STORED_SUBMISSION } : {},
  );
  const assignedAt = clock.now();
  const remindersSent = new Set<string>();

  // A cancelled task ends here too: no reminder or escalation is scheduled after it.
  while (!isTaskFinished(assigned().status)) {
    const task = assigned();
    const now = clock.now();
    const awaitingSubmission = awaits(task);
    const due = Date.parse(deadlineInstant(task.dueDate));

    // Reminders before the due date (those that fell before the assignment are skipped).
    const reminders = (input.reminderDaysBefore ?? REMINDER_DAYS_BEFORE)
      .map((days) => ({
        key: `${task.dueDate}:${days}`,
        days,
        at: Date.parse(reminderInstant(task.dueDate, days)),
      }))
      .filter((r) => r.at >= assignedAt && !remindersSent.has(r.key));
    const dueReminder = awaitingSubmission ? reminders.find((r) => r.at <= now) : undefined;
    if (dueReminder) {
      remindersSent.add(dueReminder.key);
      const sent = await applyOnTimer(
        { type: 'RecordReminderSent' },
        `timer:reminder:${dueReminder.key}`,
        (t) => awaits(t) && t.dueDate === task.dueDate,
      );
      if (sent)
        await notify({
          kind: 'reminder',
          to: secretaries((current ? await context() : legacyContext).roster),
          subject: `Påminnelse: ${input.title}`,
          body: `${input.organName} ska lämna in senast ${task.dueDate}.`,
          correlationId: input.correlationId,
        });
      continue;
    }
    // Escalation to the process owners once the due date has passed without a submission.
    if (awaitingSubmission && now > due && task.escalatedForDueDate !== task.dueDate) {
      const owners = [...(current ? await context() : legacyContext).roster.processOwners];
      // A municipality without process owners still escalates: to whoever gave the task out.
      const escalateTo = owners.length > 0 ? owners : [input.assignedBy];
      const escalated = await applyOnTimer(
        { type: 'EscalateTask', escalateTo },
        `timer:escalation:${task.dueDate}`,
        (t) => awaits(t) && t.dueDate === task.dueDate && t.escalatedForDueDate !== task.dueDate,
      );
      if (escalated)
        await notify({
          kind: 'escalation',
          to: escalateTo,
          subject: `Försenad: ${input.title}`,
          body: `${input.organName} har inte lämnat in (sista dag ${task.dueDate}).`,
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
    const wait = () => Math.max(1, clock.msUntil(wakeAt) - (local ? recorder.timeSpentInTask() : 0));
    if (Number.isFinite(wakeAt)) await condition(() => changes !== seen, wait());
    else await condition(() => changes !== seen);
  }

  await condition(allHandlersFinished);
  await recorder.flush();
  return assigned();
}

/** Whether the task waits for its organ's submission (given out, or returned for revision). */
function awaits(task: AssignedTask): boolean {
  return task.status === 'open' || task.status === 'returned';
}
