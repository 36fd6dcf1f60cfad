import { proxyLocalActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { ArshjulActivities } from '../activities/types';
import { type StepTime, UNPINNED } from './step-time';

/**
 * The activities of a step run as local activities (LOCAL_STEPS): in the worker, inside the workflow
 * task that started the step, their results recorded as markers when that task completes.
 * - Each attempt may take 2 s, and at most LOCAL_STEPS_PER_TASK start in one workflow task
 *   (LOCAL_STEPS_BOUNDED), so a task stays within 6 s, under 8 s: 80% of the workflow task's 10 s
 *   timeout, where the SDK would keep the task alive with a heartbeat task; a heartbeat while an
 *   update is in flight breaks SDK core 1.24 ("invalid history builder state for action"; timer-race test).
 * - Retried as the normal append is: for ever on transient errors (Postgres restarting, an append
 *   slower than 2 s), from 1 s doubling to 1 min; conflicts are not transient. Every wait between
 *   attempts is a server timer (threshold under the first interval), so each attempt starts a fresh
 *   workflow task; a slow attempt that stores late is met by appendDecision as an idempotent retry.
 */
export const localSteps = proxyLocalActivities<ArshjulActivities>({
  startToCloseTimeout: '2 seconds',
  localRetryThreshold: '500 milliseconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['VersionConflictError', 'IdempotencyConflictError'],
  },
});

/** What a step reads and who it tells, as normal or local activities. */
export type StepActivities = Pick<ArshjulActivities, 'loadActionContext' | 'notify'>;
/** Every local activity a workflow runs. */
export type LocalSteps = Pick<
  ArshjulActivities,
  'loadActionContext' | 'notify' | 'appendDecision' | 'loadTaskStream' | 'loadCycleStream'
>;

/**
 * How many local activities may start in one workflow task. Three of 2 s each stay under the SDK's
 * heartbeat point (8 s); many updates taken in one task (KF's discharge decisions arrive together)
 * would otherwise chain their reads and appends in it, seven appends in a row.
 */
export const LOCAL_STEPS_PER_TASK = 3;

/**
 * Admits at most LOCAL_STEPS_PER_TASK local activities per workflow task; the next waits for a 1 ms
 * timer, which ends the task and starts a fresh one. The task is told by the history length at its
 * start, the same on replay (a local activity's result is resolved in the task that scheduled it).
 */
class LocalStepBudget {
  #task = -1;
  #started = 0;
  #nextTask: Promise<void> | undefined;

  async admit(): Promise<void> {
    for (;;) {
      const task = workflowInfo().historyLength;
      if (task !== this.#task) {
        this.#task = task;
        this.#started = 0;
        this.#nextTask = undefined;
      }
      if (this.#started < LOCAL_STEPS_PER_TASK) {
        this.#started++;
        return;
      }
      // One timer for every step waiting in this task.
      this.#nextTask ??= sleep(1);
      await this.#nextTask;
    }
  }
}

/**
 * A workflow's local activities: bounded per workflow task (LOCAL_STEPS_BOUNDED, new runs), or as
 * first recorded (histories of 2026-12-06T1840 chain them unbounded). With a pinned `time`
 * (LOCAL_STEPS_SERIAL) they also run one at a time, in the order asked, and the code after each sees
 * the time it started (StepTime). Run side by side (two updates reading at once), SDK core 1.24 may
 * hand their results over together on replay but one by one live, so the code after them ran in
 * another order and the workflow failed to replay (a cycle's timer cancelled live, started on replay).
 */
export function workflowLocalSteps(bounded: boolean, time: StepTime = UNPINNED): LocalSteps {
  if (!bounded) return localSteps;
  const budget = new LocalStepBudget();
  let previous: Promise<unknown> = Promise.resolve();
  const admitted =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!time.pinned) {
        await budget.admit();
        return run(...args);
      }
      const turn = previous.then(async () => {
        await budget.admit();
        const startedAt = time.now();
        try {
          return await run(...args);
        } finally {
          time.answered(startedAt);
        }
      });
      previous = turn.catch(() => undefined);
      return turn;
    };
  return {
    loadActionContext: admitted(localSteps.loadActionContext),
    notify: admitted(localSteps.notify),
    appendDecision: admitted(localSteps.appendDecision),
    loadTaskStream: admitted(localSteps.loadTaskStream),
    loadCycleStream: admitted(localSteps.loadCycleStream),
  };
}
