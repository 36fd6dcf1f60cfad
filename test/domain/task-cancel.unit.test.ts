import { describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../domain/task/index';
import { assigned, beforeDue, processOwner, submitCmd, submitted, task, taskId } from './task-fixtures';

const cancel = (over: Record<string, unknown> = {}) => ({
  type: 'CancelTask',
  at: beforeDue,
  actor: processOwner,
  taskId,
  reason: 'Nämnden har lagts ner',
  ...over,
});
const cancelled = (previousStatus: 'open' | 'submitted' | 'returned' = 'open'): TaskEvent => ({
  type: 'TaskCancelled',
  schemaVersion: 1,
  data: { at: beforeDue, by: processOwner, taskId, previousStatus, reason: 'Nämnden har lagts ner' },
});
const approved: TaskEvent = {
  type: 'TaskApproved',
  schemaVersion: 1,
  data: { at: beforeDue, by: processOwner, taskId, revision: 1 },
};

describe('task: cancelled by a process owner (rule task.cancel)', () => {
  it('cancels an open or submitted task with its reason and says it is Avbruten', () => {
    const state = task.given([assigned()]).when(cancel()).thenEmits([cancelled()]);
    expect(state.status).toBe('cancelled');
    expect(state.status !== 'unassigned' && state.cancelled).toEqual({
      by: processOwner,
      at: beforeDue,
      reason: 'Nämnden har lagts ner',
    });
    task
      .given([assigned(), submitted()])
      .when(cancel())
      .thenEmits([cancelled('submitted')]);
  });

  it('needs a reason', () => {
    task
      .given([assigned()])
      .when(cancel({ reason: '  ' }))
      .thenThrows('INVALID_COMMAND');
  });

  it('refuses an approved or already cancelled task, naming the rule in Swedish', () => {
    const error = task
      .given([assigned(), submitted(), approved])
      .when(cancel())
      .thenThrows('INVALID_STATE', 'task.cancel');
    expect(error.message).toBe('Avbryta uppgift: uppgiften kan inte avbrytas, den är redan godkänd');
    const again = task
      .given([assigned(), cancelled()])
      .when(cancel())
      .thenThrows('INVALID_STATE', 'task.cancel');
    expect(again.message).toContain('avbruten');
  });

  it('takes nothing more once cancelled: no submission, reminder, escalation or new due date', () => {
    const given = task.given([assigned(), cancelled()]);
    expect(given.when(submitCmd()).thenThrows('INVALID_STATE').message).toContain('den är avbruten');
    given
      .when({ type: 'RecordReminderSent', at: beforeDue, actor: 'system', taskId })
      .thenThrows('INVALID_STATE');
    given
      .when({
        type: 'EscalateTask',
        at: '2026-04-18T07:00:00.000Z',
        actor: 'system',
        taskId,
        escalateTo: [processOwner],
      })
      .thenThrows('INVALID_STATE');
    given
      .when({
        type: 'ChangeTaskDueDate',
        at: beforeDue,
        actor: processOwner,
        taskId,
        dueDate: '2026-04-24',
        reason: 'Flyttad',
        legalLimit: null,
      })
      .thenThrows('INVALID_STATE');
  });
});
