import { PHASES } from '../calendar/schema';
import { takesPartInCycle } from '../municipality/organ';
import type { IsoInstant, UserId } from '../primitives';
import type { TaskCommandInput } from '../task/commands';
import { type AssignedTask, isTaskFinished } from '../task/state';
import type { CycleOrgan } from './events';
import { phasePlan, type TaskSpec } from './phase-plan';
import type { CycleData } from './state';

/**
 * How a running cycle follows a change of its organs (rule organ.change-during-cycle), as pure answers
 * the workflow can act on:
 * - a removed organ's open tasks are cancelled (rule task.cancel), with the removal's reason;
 * - a renamed organ keeps its id, so its tasks keep theirs; read models show the new name;
 * - an organ added during the cycle gets the tasks of the phases that have not opened yet.
 */

/** The CancelTask commands for a removed organ's tasks that are not finished, one per task. */
export function cancellationsForRemovedOrgan(
  tasks: readonly AssignedTask[],
  organId: string,
  removal: { reason: string; at: IsoInstant; by: UserId },
): TaskCommandInput[] {
  return tasks
    .filter((t) => t.organId === organId && !isTaskFinished(t.status))
    .map((t) => ({
      type: 'CancelTask' as const,
      taskId: t.taskId,
      at: removal.at,
      actor: removal.by,
      reason: `Organet har tagits bort: ${removal.reason}`,
    }));
}

/** The cycle as it would be with the organ among its organs. */
function withOrgan(cycle: CycleData, organ: CycleOrgan): CycleData {
  return { ...cycle, organs: { ...cycle.organs, [organ.organId]: organ } };
}

/** The tasks an organ added during the cycle gets: those of the phases still pending, none of open ones. */
export function tasksForAddedOrgan(cycle: CycleData, organ: CycleOrgan): TaskSpec[] {
  if (!takesPartInCycle(organ.kind) || cycle.organs[organ.organId]) return [];
  const next = withOrgan(cycle, organ);
  return PHASES.filter((phase) => cycle.phases[phase] === 'pending').flatMap((phase) =>
    phasePlan(phase, next)
      .flatMap((stage) => (stage.kind === 'tasks' ? stage.tasks : []))
      .filter((task) => task.organId === organ.organId),
  );
}

/** The cycle's organ under its new name (read by queries; the task ids do not change). */
export function renamedInCycle(
  cycle: CycleData,
  organId: string,
  name: string,
  shortName: string,
): CycleData {
  const organ = cycle.organs[organId];
  return organ ? { ...cycle, organs: { ...cycle.organs, [organId]: { ...organ, name, shortName } } } : cycle;
}
