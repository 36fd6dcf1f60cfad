import { workflowInfo } from '@temporalio/workflow';

/**
 * UPDATES_SHARE_READS: one read per workflow task, shared by every step that asks for it in that task
 * (KF's decisions arrive together: one read of the municipality instead of one each, which also
 * leaves the per-task budget of local activities to their appends). The task is told by the history
 * length at its start, the same on replay, as LocalStepBudget does. The read must not depend on what
 * the steps append: it is what the store held when the task's first step asked.
 */
export function onePerWorkflowTask<R>(read: () => Promise<R>): () => Promise<R> {
  let task = -1;
  let result: Promise<R> | undefined;
  return () => {
    const now = workflowInfo().historyLength;
    if (result === undefined || now !== task) {
      task = now;
      result = read();
    }
    return result;
  };
}
