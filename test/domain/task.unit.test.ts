import { describe, expect, it } from 'vitest';
import {
  ALE_COUNCIL_GOAL_IDS,
  ALE_EXTERNAL_FACTOR_IDS,
  ALE_NULAGESANALYS_BUN,
  ALE_ORGAN,
} from '../../domain/examples/ale';
import type { TaskEvent } from '../../domain/task/index';
import {
  afterDue,
  assigned,
  assignedAt,
  beforeDue,
  processOwner,
  submitCmd,
  submitted,
  task,
  taskId,
} from './task-fixtures';

describe('task: assign', () => {
  it('assigns a task of a kind in its phase, once', () => {
    task
      .given([])
      .when({
        type: 'AssignTask',
        at: assignedAt,
        actor: processOwner,
        taskId,
        municipalityId: 'ale',
        budgetYear: 2027,
        organId: ALE_ORGAN.bun,
        phase: 'nulagesanalys',
        kind: 'nulagesanalys',
        title: 'Nulägesanalys 2027',
        dueDate: '2026-04-17',
      })
      .thenEmits([assigned()]);
    task
      .given([assigned()])
      .when({ ...assigned().data, type: 'AssignTask', actor: processOwner })
      .thenThrows('ALREADY_EXISTS');
  });

  it('rejects a kind outside its phase', () => {
    const err = task
      .given([])
      .when({ ...assigned('verksamhetsplan', 'nulagesanalys').data, type: 'AssignTask', actor: processOwner })
      .thenThrows('KIND_NOT_IN_PHASE');
    expect(err.details).toMatchObject({ expectedPhase: 'budget' });
    expect(err.message).toBe('Uppgiftstypen verksamhetsplan hör inte till fasen nulägesanalys');
  });

  it('rejects commands on a task that does not exist', () => {
    task
      .given([])
      .when({ type: 'ApproveTask', at: beforeDue, actor: processOwner, taskId })
      .thenThrows('NOT_FOUND');
  });
});

describe('task: submit', () => {
  it('lets a secretary of the organ submit valid content; records revision and lateness', () => {
    const state = task.given([assigned()]).when(submitCmd()).thenEmits([submitted()]);
    expect(state.status).toBe('submitted');
    task
      .given([assigned()])
      .when(submitCmd({ at: afterDue }))
      .thenEmits([submitted(1, afterDue, true)]);
  });

  it('rejects a nulägesanalys missing one of its three parts', () => {
    const { omvarldsanalys: _dropped, ...twoParts } = ALE_NULAGESANALYS_BUN;
    const err = task
      .given([assigned()])
      .when(submitCmd({ content: twoParts }))
      .thenThrows('INVALID_CONTENT', 'task.content.nulagesanalys');
    expect(err.details.issues).toEqual([expect.objectContaining({ path: ['omvarldsanalys'] })]);
  });

  it('rejects a proposed organ goal not linked to any council goal', () => {
    const content = structuredClone(ALE_NULAGESANALYS_BUN);
    content.nulagesanalys.proposedOrganGoals = [
      { title: 'Mål', description: '', councilGoalIds: [], agenda2030Goals: [] },
    ];
    task.given([assigned()]).when(submitCmd({ content })).thenThrows('INVALID_CONTENT');
  });

  it('rejects an omvärldsfaktor with neither risks nor opportunities', () => {
    const content = structuredClone(ALE_NULAGESANALYS_BUN);
    const [first] = content.omvarldsanalys.factors;
    if (first) Object.assign(first, { risks: [], opportunities: [] });
    task.given([assigned()]).when(submitCmd({ content })).thenThrows('INVALID_CONTENT');
  });

  it('checks references against the steering documents when given', () => {
    const reference = { councilGoalIds: ALE_COUNCIL_GOAL_IDS, externalFactorIds: ALE_EXTERNAL_FACTOR_IDS };
    task.given([assigned()]).when(submitCmd({ reference })).thenEmits([submitted()]);
    task
      .given([assigned()])
      .when(submitCmd({ reference: { ...reference, councilGoalIds: ['rm-trygghet'] } }))
      .thenThrows('UNKNOWN_COUNCIL_GOAL');
    task
      .given([assigned()])
      .when(submitCmd({ reference: { ...reference, externalFactorIds: ['of-demografi'] } }))
      .thenThrows('UNKNOWN_EXTERNAL_FACTOR');
    const err = task
      .given([assigned()])
      .when(
        submitCmd({ reference: { ...reference, externalFactorIds: [...ALE_EXTERNAL_FACTOR_IDS, 'of-ny'] } }),
      )
      .thenThrows('EXTERNAL_FACTOR_NOT_ADDRESSED');
    expect(err.details).toEqual({ externalFactorIds: ['of-ny'] });
  });

  it('cannot be submitted twice without a return', () => {
    task
      .given([assigned(), submitted()])
      .when(submitCmd())
      .thenThrows('INVALID_STATE', 'task.submit-when-open');
  });
});

describe('task: review', () => {
  const returned: TaskEvent = {
    type: 'TaskReturnedForRevision',
    schemaVersion: 1,
    data: {
      at: beforeDue,
      by: processOwner,
      taskId,
      revision: 1,
      reason: 'Omvärldsanalysen behöver utvecklas',
    },
  };

  it('returns a submitted task for revision with a reason, then accepts a resubmission', () => {
    const state = task
      .given([assigned(), submitted()])
      .when({
        type: 'ReturnTask',
        at: beforeDue,
        actor: processOwner,
        taskId,
        reason: 'Omvärldsanalysen behöver utvecklas',
      })
      .thenEmits([returned]);
    expect(state.status === 'returned' && state.returns).toHaveLength(1);
    task
      .given([assigned(), submitted(), returned])
      .when(submitCmd())
      .thenEmits([submitted(2)]);
  });

  it('requires a reason and a submitted task to return', () => {
    task
      .given([assigned(), submitted()])
      .when({ type: 'ReturnTask', at: beforeDue, actor: processOwner, taskId, reason: '  ' })
      .thenThrows('INVALID_COMMAND');
    task
      .given([assigned()])
      .when({ type: 'ReturnTask', at: beforeDue, actor: processOwner, taskId, reason: 'X' })
      .thenThrows('INVALID_STATE', 'task.return-when-submitted');
  });

  it('approves only a submitted task', () => {
    const state = task
      .given([assigned(), submitted(), returned, submitted(2)])
      .when({ type: 'ApproveTask', at: beforeDue, actor: processOwner, taskId })
      .thenEmits([
        {
          type: 'TaskApproved',
          schemaVersion: 1,
          data: { at: beforeDue, by: processOwner, taskId, revision: 2 },
        },
      ]);
    expect(state.status).toBe('approved');
    task
      .given([assigned()])
      .when({ type: 'ApproveTask', at: beforeDue, actor: processOwner, taskId })
      .thenThrows('INVALID_STATE', 'task.approve-when-submitted');
    task
      .given([assigned(), submitted(), returned])
      .when({ type: 'ApproveTask', at: beforeDue, actor: processOwner, taskId })
      .thenThrows('INVALID_STATE');
  });
});
