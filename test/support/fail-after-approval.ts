/**
 * A workflow interceptor: the workflow task that stored a task's approval fails right after its local
 * append, as if the worker was killed (or the task timed out) before completing it.
 */
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { FailAfterFreshAppend } from './fail-after-append';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [new FailAfterFreshAppend(['TaskApproved'])],
});
