/**
 * A workflow interceptor: the cycle's first workflow task fails right after its local append stored
 * CycleStarted, as if the worker died (or the task timed out) before completing it. The retry starts
 * at a later wall time and must decide the same CycleStarted.
 */
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { FailAfterFreshAppend } from './fail-after-append';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [new FailAfterFreshAppend(['CycleStarted'])],
});
