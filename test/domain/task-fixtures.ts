import { ALE_NULAGESANALYS_BUN, ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { type TaskEvent, type TaskKind, taskDecider } from '../../domain/task/index';
import { spec } from '../support/decider-spec';

/** Shared by the task decider's unit tests: Barn- och utbildningsnämnden's nulägesanalys 2027. */

export const task = spec(taskDecider);
export const taskId = 'ale.2027.nulagesanalys.ale-bun';
export const processOwner = ALE_USERS.processOwner;
export const secretary = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;
export const assignedAt = '2026-02-09T08:00:00.000Z';
export const beforeDue = '2026-04-10T12:00:00.000Z';
export const afterDue = '2026-04-18T07:00:00.000Z';

export function assigned(kind: TaskKind = 'nulagesanalys', phase: string = kind, id = taskId): TaskEvent {
  return {
    type: 'TaskAssigned',
    schemaVersion: 1,
    data: {
      at: assignedAt,
      by: processOwner,
      taskId: id,
      municipalityId: 'ale',
      budgetYear: 2027,
      organId: ALE_ORGAN.bun,
      phase: phase as never,
      kind,
      title: 'Nulägesanalys 2027',
      dueDate: '2026-04-17',
    },
  };
}

export const submitCmd = (over: Record<string, unknown> = {}) => ({
  type: 'SubmitTask',
  at: beforeDue,
  actor: secretary,
  taskId,
  content: ALE_NULAGESANALYS_BUN,
  ...over,
});

export const submitted = (revision = 1, at = beforeDue, late = false): TaskEvent => ({
  type: 'TaskSubmitted',
  schemaVersion: 2,
  data: {
    at,
    by: secretary,
    taskId,
    organId: ALE_ORGAN.bun,
    revision,
    late,
    submission: { kind: 'nulagesanalys', content: ALE_NULAGESANALYS_BUN },
  },
});
