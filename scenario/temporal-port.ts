import { setTimeout as delay } from 'node:timers/promises';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TaskState } from '../domain/task/state';
import { annualCycleWorkflow } from '../workflows/annual-cycle';
import { workflowMsUntil } from '../workflows/clock';
import {
  approveTaskUpdate,
  cycleCommandUpdate,
  cycleViewQuery,
  cycleWorkflowId,
  returnTaskUpdate,
  submitTaskUpdate,
  taskStateQuery,
  taskWorkflowId,
} from '../workflows/messages';
import type { CyclePort } from './port';

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
}

/** A rejected update, with the domain's code, rule and Swedish message. */
export class RejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown,
    /** The domain rule that was broken (from the failure's details), when known. */
    readonly rule: string | null = null,
    /** The domain's own (Swedish) message, without the `what:` prefix. */
    readonly reason: string = message,
  ) {
    super(message);
    this.name = 'RejectedError';
  }
}

/** Runs an update and turns a rejection into a RejectedError carrying the domain code and rule. */
export async function unwrap<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
      const details = cause?.details?.[0];
      const rule = (details as { rule?: unknown } | undefined)?.rule;
      const reason = cause?.message ?? error.message;
      throw new RejectedError(
        cause?.type ?? 'REJECTED',
        `${what}: ${reason}`,
        details,
        typeof rule === 'string' ? rule : null,
        reason,
      );
    }
    throw error;
  }
}

/** Drives a cycle through the Temporal client: updates for actions, queries for state. */
export function temporalCyclePort(o: TemporalPortOptions): CyclePort {
  const cycle = () =>
    o.client.workflow.getHandle<typeof annualCycleWorkflow>(cycleWorkflowId(o.municipalityId, o.budgetYear));
  const task = (taskId: string) => o.client.workflow.getHandle(taskWorkflowId(taskId));

  return {
    async startCycle(input) {
      await o.client.workflow.start(annualCycleWorkflow, {
        taskQueue: o.taskQueue,
        workflowId: cycleWorkflowId(input.municipalityId, input.budgetYear),
        args: [input],
      });
    },
    async advanceTo(domainInstant) {
      const { clock } = await cycle().query(cycleViewQuery);
      const ms = workflowMsUntil(clock, await o.time.now(), Date.parse(domainInstant));
      if (ms > 0) await o.time.sleep(ms);
    },
    async waitForTask(taskId) {
      for (let attempt = 0; attempt < 600; attempt++) {
        try {
          const state = await task(taskId).query(taskStateQuery);
          if (state.status !== 'unassigned') return state;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError) && !String(error).includes('not found')) throw error;
        }
        await delay(50);
      }
      throw new Error(`task ${taskId} was never given out`);
    },
    task: (taskId) => task(taskId).query(taskStateQuery),
    submitTask: (taskId, actor, content) =>
      unwrap(
        `submit ${taskId}`,
        task(taskId).executeUpdate(submitTaskUpdate, { args: [{ actor, content }] }),
      ),
    returnTask: (taskId, actor, reason) =>
      unwrap(`return ${taskId}`, task(taskId).executeUpdate(returnTaskUpdate, { args: [{ actor, reason }] })),
    approveTask: (taskId, actor): Promise<TaskState> =>
      unwrap(`approve ${taskId}`, task(taskId).executeUpdate(approveTaskUpdate, { args: [{ actor }] })),
    cycleCommand: (actor, command) =>
      unwrap(command.type, cycle().executeUpdate(cycleCommandUpdate, { args: [{ actor, command }] })),
    cycleView: () => cycle().query(cycleViewQuery),
    cycleResult: () => cycle().result(),
  };
}
