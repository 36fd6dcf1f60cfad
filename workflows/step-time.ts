/**
 * Workflow time as a workflow's decisions see it (LOCAL_STEPS_SERIAL).
 *
 * SDK core 1.24 may hand a local activity's result to the workflow in a later workflow task than the
 * one that recorded it (a query answered while the result was pending forces a new task), so the code
 * after the step runs at that task's start time; replayed, the same code runs at the step's completion
 * time, earlier. A decision taken there on the clock (a reminder due, a phase to open) then differs on
 * replay: a nondeterminism error (worker-restart test, a task escalated at once and replayed as waiting).
 *
 * So the code after a step sees the time the step started, the same in both runs, until workflow time
 * moves on (a timer fires, a message arrives: a new activation).
 */
export class StepTime {
  #pin: { startedAt: number; answeredAt: number } | undefined;

  /** `pinned`: workflows started before LOCAL_STEPS_SERIAL read workflow time as it is. */
  constructor(readonly pinned: boolean) {}

  /** Workflow time (epoch ms) for decisions. */
  now(): number {
    const workflowNow = Date.now();
    return this.#pin && this.#pin.answeredAt === workflowNow ? this.#pin.startedAt : workflowNow;
  }

  /** A step that started at `startedAt` (this.now() then) has answered. */
  answered(startedAt: number): void {
    if (this.pinned) this.#pin = { startedAt, answeredAt: Date.now() };
  }
}

/** Workflow time as it is (histories recorded before LOCAL_STEPS_SERIAL). */
export const UNPINNED = new StepTime(false);
