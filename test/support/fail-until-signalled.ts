/**
 * A workflow interceptor: every workflow task in which a local append holding CalendarDateChanged
 * answers fails (as if the worker died before completing it), until the cycle has taken a
 * decisionOverdue signal. The test sends that signal once the first attempt has stored the change, so
 * the attempt that finally completes has the signal in it, beside the update that is run again.
 */
import type {
  LocalActivityInput,
  Next,
  SignalInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { AppendEventsInput } from '../../activities/types';

export const FAILING_TYPE = 'CalendarDateChanged';
export const AWAITED_SIGNAL = 'decisionOverdue';

export const interceptors: WorkflowInterceptorsFactory = () => {
  // Per workflow execution in the worker's cache; a failed task evicts it, and the replay of the
  // history sets it again once the signal is in it.
  let signalled = false;
  const inbound: WorkflowInboundCallsInterceptor = {
    handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
      if (input.signalName === AWAITED_SIGNAL) signalled = true;
      return next(input);
    },
  };
  const outbound: WorkflowOutboundCallsInterceptor = {
    async scheduleLocalActivity(
      input: LocalActivityInput,
      next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
    ) {
      const result = await next(input);
      if (input.activityType !== 'appendDecision' || signalled) return result;
      const [append] = input.args as [AppendEventsInput];
      if (append.events.some((e) => e.type === FAILING_TYPE)) {
        throw new Error(`test: the workflow task dies after storing ${FAILING_TYPE}`);
      }
      return result;
    },
  };
  return { inbound: [inbound], outbound: [outbound] };
};
