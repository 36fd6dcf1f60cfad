import { setTimeout as delay } from 'node:timers/promises';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { TaskState } from '../domain/task/state';
import type { EventStore } from '../eventstore/index';
import { annualCycleWorkflow } from '../workflows/annual-cycle';
import { workflowMsUntil } from '../workflows/clock';
import {
  approveTaskUpdate,
  type CycleView,
  cancelTaskUpdate,
  changeTaskDueDateUpdate,
  cycleCommandUpdate,
  cycleViewQuery,
  cycleWorkflowId,
  returnTaskUpdate,
  submitTaskUpdate,
  taskStateQuery,
  taskWorkflowId,
} from '../workflows/messages';
import { CycleClocks } from './cycle-clocks';
import type { CyclePort } from './cycle-port';
import { decodingRejections } from './rejections';
import { submitStored } from './stored-submission';
import { storedReads } from './stored-views';

/** Workflow time as the server sees it: the time-skipping test server's clock, or the wall clock. */
export interface TimeSource {
  now(): Promise<number>;
  sleep(ms: number): Promise<void>;
}

export const wallClock: TimeSource = { now: async () => Date.now(), sleep: (ms) => delay(ms) };

export interface TemporalPortOptions {
  client: Client;
  taskQueue: string;
  municipalityId: string;
  budgetYear: number;
  time: TimeSource;
  /**
   * When given, the port reads cycles and tasks from the event store (StoredReads) instead of asking
   * their workflows, falling back to a query only for a cycle started before its clock was stored.
   */
  store?: EventStore;
  /** Cycle clocks read once and kept (a WorkflowService keeps one for all its ports). */
  clocks?: CycleClocks;
}

/**
 * Drives a cycle through the Temporal client: updates for actions (a refusal is thrown as the DomainError
 * it was), queries for state. The API's WorkflowService, the CLI and the tests use it.
 */
export interface TemporalCyclePort extends CyclePort {
  submitTask(taskId: string, actor: string, content: unknown, updateId?: string): Promise<TaskState>;
  returnTask(taskId: string, actor: string, reason: string, updateId?: string): Promise<TaskState>;
  approveTask(taskId: string, actor: string, updateId?: string): Promise<TaskState>;
  cycleCommand(
    actor: string,
    command: Parameters<CyclePort['cycleCommand']>[1],
    updateId?: string,
  ): Promise<Awaited<ReturnType<CyclePort['cycleCommand']>>>;
  changeTaskDueDate(
    taskId: string,
    actor: string,
    dueDate: string,
    reason: string,
    updateId?: string,
  ): Promise<TaskState>;
  cancelTask(taskId: string, actor: string, reason: string, updateId?: string): Promise<TaskState>;
}

/**
 * An update id (the API's Idempotency-Key, hashed): Temporal answers a second update with the same id
 * with the first one's outcome, so a request retried after a crash never acts twice.
 */
const withId = (updateId: string | undefined) => (updateId ? { updateId } : {});

export function temporalCyclePort(o: TemporalPortOptions): TemporalCyclePort {
  const cycle = () =>
    o.client.workflow.getHandle<typeof annualCycleWorkflow>(cycleWorkflowId(o.municipalityId, o.budgetYear));
  const task = (taskId: string) => o.client.workflow.getHandle(taskWorkflowId(taskId));
  const reads = o.store ? storedReads(o.store) : null;
  const stored = o.store
    ? { store: o.store, clocks: o.clocks ?? new CycleClocks(o.store), workflowNow: () => o.time.now() }
    : null;
  const queriedTask = (taskId: string) => task(taskId).query(taskStateQuery);
  /** From the store once it holds the start with its clock; else (older cycles, no store) by query. */
  const cycleView = async (): Promise<CycleView> =>
    (await reads?.cycleView(o.municipalityId, o.budgetYear)) ?? cycle().query(cycleViewQuery);
  /** The task once given out, else null (its workflow not started yet, or still assigning it). */
  const givenOut = async (taskId: string): Promise<TaskState | null> => {
    if (reads) {
      const state = await reads.task(taskId);
      return state.status !== 'unassigned' ? state : null;
    }
    try {
      const state = await queriedTask(taskId);
      return state.status !== 'unassigned' ? state : null;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError) && !String(error).includes('not found')) throw error;
      return null;
    }
  };

  return {
    async startCycle(input) {
      const handle = await o.client.workflow.start(annualCycleWorkflow, {
        taskQueue: o.taskQueue,
        workflowId: cycleWorkflowId(input.municipalityId, input.budgetYear),
        args: [input],
      });
      // The cycle's state follows its stream: resolve once the start is stored, so a view asked for
      // next shows the started cycle and its planned tasks.
      // Read from the store: a query now would meet the workflow's first step running (StoredReads).
      await poll(`cycle ${handle.workflowId} never recorded its start`, async () => {
        const view = reads
          ? await reads.cycleView(o.municipalityId, o.budgetYear)
          : await cycle().query(cycleViewQuery);
        return view !== null && view.cycle.status !== 'not_started';
      });
    },
    async advanceTo(domainInstant) {
      const { clock } = await cycleView();
      const ms = workflowMsUntil(clock, await o.time.now(), Date.parse(domainInstant));
      if (ms > 0) await o.time.sleep(ms);
    },
    async waitForTask(taskId) {
      let found: TaskState | undefined;
      await poll(`task ${taskId} was never given out`, async () => {
        found = (await givenOut(taskId)) ?? undefined;
        return found !== undefined;
      });
      return found as TaskState;
    },
    task: (taskId) => (reads ? reads.task(taskId) : queriedTask(taskId)),
    // Stored by the API when the task's workflow follows its stream; else the workflow's update.
    submitTask: async (taskId, actor, content, updateId?: string) =>
      (stored && (await submitStored(stored, { taskId, actor, content, requestId: updateId }))) ??
      decodingRejections(
        task(taskId).executeUpdate(submitTaskUpdate, { args: [{ actor, content }], ...withId(updateId) }),
      ),
    returnTask: (taskId, actor, reason, updateId?: string) =>
      decodingRejections(
        task(taskId).executeUpdate(returnTaskUpdate, { args: [{ actor, reason }], ...withId(updateId) }),
      ),
    approveTask: (taskId, actor, updateId?: string): Promise<TaskState> =>
      decodingRejections(
        task(taskId).executeUpdate(approveTaskUpdate, { args: [{ actor }], ...withId(updateId) }),
      ),
    changeTaskDueDate: (taskId, actor, dueDate, reason, updateId) =>
      decodingRejections(
        task(taskId).executeUpdate(changeTaskDueDateUpdate, {
          args: [{ actor, dueDate, reason }],
          ...withId(updateId),
        }),
      ),
    cancelTask: (taskId, actor, reason, updateId) =>
      decodingRejections(
        task(taskId).executeUpdate(cancelTaskUpdate, { args: [{ actor, reason }], ...withId(updateId) }),
      ),
    cycleCommand: (actor, command, updateId?: string) =>
      decodingRejections(
        cycle().executeUpdate(cycleCommandUpdate, { args: [{ actor, command }], ...withId(updateId) }),
      ),
    cycleView,
    cycleResult: () => cycle().result(),
  };
}

/** Asks every 50 ms until `done` says yes (30 s at most). */
async function poll(failure: string, done: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await done()) return;
    await delay(50);
  }
  throw new Error(failure);
}
