/**
 * A workflow interceptor: every workflow task in which a local append holding TaskApproved answers,
 * or a read of the stream finds the task approved, fails (as if the worker died before completing
 * it), until one of the task's timers has fired. The test sets the first reminder a few seconds after
 * the assignment, so the attempt that finally completes has the timer in it, beside the approval that
 * is run again.
 */
import type {
  LocalActivityInput,
  Next,
  TimerInput,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { AppendEventsInput, StoredTask } from '../../activities/types';

export const FAILING_TYPE = 'TaskApproved';

export const interceptors: WorkflowInterceptorsFactory = () => {
  // Per workflow execution in the worker's cache; a failed task evicts it, and the replay of the
  // history sets it again once the timer has fired in it.
  let timerFired = false;
  const outbound: WorkflowOutboundCallsInterceptor = {
    async startTimer(input: TimerInput, next: Next<WorkflowOutboundCallsInterceptor, 'startTimer'>) {
      await next(input);
      // The 1 ms timers between local steps (local-steps.ts) are no reminder.
      if (input.durationMs > 1) timerFired = true;
    },
    async scheduleLocalActivity(
      input: LocalActivityInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
    ) {
      const result = await next(input);
      if (timerFired) return result;
      if (input.activityType === 'appendDecision') {
        const [append] = input.args as [AppendEventsInput];
        if (append.events.some((e) => e.type === FAILING_TYPE)) {
          throw new Error(`test: the workflow task dies after storing ${FAILING_TYPE}`);
        }
      }
      // A retry that reads the stream first finds the approval at once; it is lost too.
      if (input.activityType === 'loadTaskStream' && (result as StoredTask).state.status === 'approved') {
        throw new Error('test: the workflow task dies after reading the approval');
      }
      return result;
    },
  };
  return { outbound: [outbound] };
};
