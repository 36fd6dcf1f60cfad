import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { loadTask } from '../application/aggregates';
import { cancellationsForRemovedOrgan } from '../domain/cycle/organ-changes';
import type { AssignedTask } from '../domain/task/state';
import type { EventStore } from '../eventstore/index';
import { cancelTaskUpdate, taskWorkflowId } from '../workflows/messages';
import type { CancelOrganTasksInput } from './types';

/**
 * Cancels a removed organ's open tasks (rule organ.change-during-cycle) through each task's own
 * workflow, as a process owner's cancellation would: the task workflow decides and stores
 * TaskCancelled, tells the secretaries and ends. Tasks already finished are left as they are; a retry
 * after a partial run finds the cancelled ones finished and skips them.
 */
export async function cancelOrganTasks(store: EventStore, input: CancelOrganTasksInput): Promise<string[]> {
  const tasks: AssignedTask[] = [];
  for (const taskId of input.taskIds) {
    const { state } = await loadTask(store, taskId);
    if (state.status !== 'unassigned') tasks.push(state);
  }
  const commands = cancellationsForRemovedOrgan(tasks, input.organId, {
    reason: input.reason,
    at: new Date().toISOString(),
    by: input.actor,
  });
  const client = Context.current().client;
  const cancelled: string[] = [];
  for (const command of commands) {
    // The reason already names the removal (cancellationsForRemovedOrgan); the workflow stamps the time.
    try {
      await client.workflow
        .getHandle(taskWorkflowId(command.taskId))
        .executeUpdate(cancelTaskUpdate, { args: [{ actor: command.actor, reason: command.reason }] });
      cancelled.push(command.taskId);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) continue; // its workflow has already ended
      // Refused by the task (e.g. given out before tasks could be cancelled): retrying will not change it.
      if (error instanceof WorkflowUpdateFailedError) {
        Context.current().log.warn('task not cancelled', { taskId: command.taskId, error: error.message });
        continue;
      }
      throw error;
    }
  }
  return cancelled;
}
