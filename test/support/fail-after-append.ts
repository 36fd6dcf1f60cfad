/**
 * A workflow interceptor for tests of local steps (LOCAL_STEPS): the workflow task fails right after a
 * local append of one of FAILING_TYPES has stored its events for the first time, as if the worker died
 * before completing the task. Its retry runs the same step again (same event ids, a later time); that
 * append finds the events stored, so nothing fails the second time.
 */
import type {
  LocalActivityInput,
  Next,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { AppendDecisionResult, AppendEventsInput } from '../../activities/types';

export const FAILING_TYPES = ['TaskAssigned', 'TaskSubmitted', 'TaskReminderSent'];

/** Fails the workflow task after the first, fresh local append holding an event of one of `types`. */
export class FailAfterFreshAppend implements WorkflowOutboundCallsInterceptor {
  constructor(private readonly types: readonly string[]) {}

  async scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    const result = await next(input);
    if (input.activityType !== 'appendDecision') return result;
    const [append] = input.args as [AppendEventsInput];
    const answer = result as AppendDecisionResult;
    const fresh = 'alreadyAppended' in answer && !answer.alreadyAppended;
    if (fresh && append.events.some((e) => this.types.includes(e.type))) {
      // Not a Temporal failure: the workflow task fails (and is retried), the workflow does not.
      throw new Error(`test: the workflow task dies after storing ${append.events[0]?.type}`);
    }
    return result;
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [new FailAfterFreshAppend(FAILING_TYPES)],
});
