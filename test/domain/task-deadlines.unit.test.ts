import { describe, expect, it } from 'vitest';
import { ALE_CALENDAR_2027 } from '../../domain/examples/ale';
import { dueDateLimit, type TaskEvent } from '../../domain/task/index';
import { afterDue, assigned, beforeDue, processOwner, submitted, task, taskId } from './task-fixtures';

describe('task: reminders, escalation, due date', () => {
  it('records reminders while open, not after submission', () => {
    task
      .given([assigned()])
      .when({ type: 'RecordReminderSent', at: beforeDue, actor: 'system', taskId })
      .thenEmits([
        {
          type: 'TaskReminderSent',
          schemaVersion: 1,
          data: { at: beforeDue, by: 'system', taskId, dueDate: '2026-04-17' },
        },
      ]);
    task
      .given([assigned(), submitted()])
      .when({ type: 'RecordReminderSent', at: beforeDue, actor: 'system', taskId })
      .thenThrows('INVALID_STATE');
  });

  const escalate = (at: string) => ({
    type: 'EscalateTask',
    at,
    actor: 'system',
    taskId,
    escalateTo: [processOwner],
  });
  const escalated: TaskEvent = {
    type: 'TaskEscalated',
    schemaVersion: 1,
    data: { at: afterDue, by: 'system', taskId, dueDate: '2026-04-17', escalatedTo: [processOwner] },
  };

  it('escalates only after the due date has ended in Stockholm, and not twice', () => {
    task.given([assigned()]).when(escalate(afterDue)).thenEmits([escalated]);
    task
      .given([assigned()])
      .when(escalate('2026-04-17T21:00:00.000Z'))
      .thenThrows('NOT_LATE', 'task.escalate-after-due');
    task.given([assigned(), escalated]).when(escalate(afterDue)).thenThrows('ALREADY_ESCALATED');
    task.given([assigned(), submitted()]).when(escalate(afterDue)).thenThrows('INVALID_STATE');
  });

  const change = (over: Record<string, unknown> = {}) => ({
    type: 'ChangeTaskDueDate',
    at: beforeDue,
    actor: processOwner,
    taskId,
    dueDate: '2026-04-24',
    reason: 'Nämndens sammanträde flyttat',
    legalLimit: '2026-05-31',
    ...over,
  });

  const dueChanged: TaskEvent = {
    type: 'TaskDueDateChanged',
    schemaVersion: 1,
    data: {
      at: beforeDue,
      by: processOwner,
      taskId,
      previousDueDate: '2026-04-17',
      dueDate: '2026-04-24',
      reason: 'Nämndens sammanträde flyttat',
    },
  };

  it('lets the process owner move the due date within the legal limit', () => {
    const state = task.given([assigned(), escalated]).when(change()).thenEmits([dueChanged]);
    expect(state.status !== 'unassigned' && state.dueDate).toBe('2026-04-24');
    // The new due date may be escalated once it has passed, but not before.
    task.given([assigned(), escalated, dueChanged]).when(escalate(afterDue)).thenThrows('NOT_LATE');
    task
      .given([assigned(), escalated, dueChanged])
      .when(escalate('2026-04-25T07:00:00.000Z'))
      .thenEmits([
        {
          type: 'TaskEscalated',
          schemaVersion: 1,
          data: {
            at: '2026-04-25T07:00:00.000Z',
            by: 'system',
            taskId,
            dueDate: '2026-04-24',
            escalatedTo: [processOwner],
          },
        },
      ]);
  });

  it('rejects a due date beyond the legal limit, or on an approved task', () => {
    const err = task
      .given([assigned()])
      .when(change({ dueDate: '2026-06-01' }))
      .thenThrows('DUE_DATE_BEYOND_LEGAL_LIMIT');
    expect(err.details).toEqual({ dueDate: '2026-06-01', legalLimit: '2026-05-31' });
    task
      .given([
        assigned(),
        submitted(),
        {
          type: 'TaskApproved',
          schemaVersion: 1,
          data: { at: beforeDue, by: processOwner, taskId, revision: 1 },
        },
      ])
      .when(change())
      .thenThrows('INVALID_STATE');
  });
});

describe('dueDateLimit', () => {
  it('gives the legal limit per task kind for a calendar', () => {
    expect(dueDateLimit('nulagesanalys', ALE_CALENDAR_2027)).toBe('2026-10-27');
    expect(dueDateLimit('delarsrapport', ALE_CALENDAR_2027)).toBe('2027-10-31');
    expect(dueDateLimit('arsrapport', ALE_CALENDAR_2027)).toBe('2028-04-15');
    expect(dueDateLimit('verksamhetsplan', ALE_CALENDAR_2027)).toBeNull();
  });
});
