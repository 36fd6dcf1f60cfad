/**
 * Updates and queries, defined once and shared by the workflows and their clients (API, CLI, tests).
 * Every update's validator runs the domain's zod schemas and deciders, so an invalid request is
 * rejected before it is accepted and leaves no trace in the workflow's history.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Phase } from '../domain/calendar/schema';
import type { PersonCycleCommandType } from '../domain/cycle/person-commands';
import type { CycleData, CycleState } from '../domain/cycle/state';
import { cycleStream, taskStream } from '../domain/streams';
import type { TaskState } from '../domain/task/state';
import type { ResolvedClock } from './clock';

/** Who acts: the signed-in user's id, checked against the organ's secretaries or the process owners. */
export interface Actor {
  actor: string;
}

export interface SubmitTaskInput extends Actor {
  /** The content for the task's kind, e.g. the three parts of a nulägesanalys. */
  content: unknown;
}
export interface ReturnTaskInput extends Actor {
  reason: string;
}
export type ApproveTaskInput = Actor;
export interface ChangeTaskDueDateInput extends Actor {
  dueDate: string;
  reason: string;
}

export interface CancelTaskInput extends Actor {
  reason: string;
}

export const submitTaskUpdate = defineUpdate<TaskState, [SubmitTaskInput]>('submitTask');
export const returnTaskUpdate = defineUpdate<TaskState, [ReturnTaskInput]>('returnTask');
export const approveTaskUpdate = defineUpdate<TaskState, [ApproveTaskInput]>('approveTask');
export const changeTaskDueDateUpdate = defineUpdate<TaskState, [ChangeTaskDueDateInput]>('changeTaskDueDate');
export const cancelTaskUpdate = defineUpdate<TaskState, [CancelTaskInput]>('cancelTask');
export const taskStateQuery = defineQuery<TaskState>('taskState');

/**
 * In a TaskAssigned event's metadata (workflowCapabilities): the task's workflow follows its stream, so
 * the API may store the submission itself (SUBMISSIONS_STORED) instead of sending submitTaskUpdate.
 */
export const STORED_SUBMISSION = 'stored-submission';

/** The task queue arshjul's worker polls. */
export const TASK_QUEUE = 'arshjul';

/** The Temporal workflow id of a task: its stream's id, one workflow per task, so clients can address it. */
export const taskWorkflowId = (taskId: string) => taskStream(taskId);

/** Commands a person sends to a running cycle: decisions (§), reports, calendar changes. */
export type CycleCommandType = PersonCycleCommandType;

export interface CycleCommandInput extends Actor {
  /** The cycle command without `at` and `actor`, which the workflow fills in. */
  command: { type: CycleCommandType } & Record<string, unknown>;
}

export interface CycleView {
  cycle: CycleState;
  /** The phases' tasks, as planned from the current calendar (task ids address the task workflows). */
  plannedTasks: {
    phase: Phase;
    label: string;
    tasks: { taskId: string; kind: string; organId: string; title: string; dueDate: string }[];
  }[];
  runningPhases: Phase[];
  /** How domain time maps to workflow time for this cycle. */
  clock: ResolvedClock;
}

export const cycleCommandUpdate = defineUpdate<CycleState, [CycleCommandInput]>('cycleCommand');
export const cycleViewQuery = defineQuery<CycleView>('cycleView');
/** A phase tells its cycle that a gate's deadline passed without the decision (decision-overdue-recorded). */
export interface DecisionOverdueInput {
  gateId: string;
  label: string;
  deadline: string;
}
export const decisionOverdueSignal = defineSignal<[DecisionOverdueInput]>('decisionOverdue');
/**
 * The municipality's organisation changed (an organ added, renamed or removed): the cycle reads it from
 * the store and follows (cycle-follows-organs). Carries nothing; the store is the one authority.
 */
export const organisationChangedSignal = defineSignal('organisationChanged');
/** Histories recorded before `state-follows-store` only: the cycle's state, unversioned. */
export const cycleChangedSignal = defineSignal<[CycleData]>('cycleChanged');

/** The cycle's state as stored at a version of its stream. */
export interface CycleSnapshot {
  /** The cycle stream's version this state was built from. */
  version: number;
  cycle: CycleData;
}
/**
 * Sent by the cycle to its running phases after each stored change. Signals may arrive out of order,
 * so a phase keeps the snapshot with the highest version it has seen.
 */
export const cycleSnapshotSignal = defineSignal<[CycleSnapshot]>('cycleSnapshot');

/** The Temporal workflow id of a cycle: the same as its event stream. */
export const cycleWorkflowId = (municipalityId: string, budgetYear: number) =>
  cycleStream(municipalityId, budgetYear);
export const phaseWorkflowId = (municipalityId: string, budgetYear: number, phase: Phase) =>
  `phase-${municipalityId}-${budgetYear}-${phase}`;
