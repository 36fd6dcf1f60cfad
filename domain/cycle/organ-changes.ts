import type { z } from 'zod';
import { PHASES } from '../calendar/schema';
import { takesPartInCycle } from '../municipality/organ';
import type { IsoInstant, UserId } from '../primitives';
import type { TaskCommandInput } from '../task/commands';
import { type AssignedTask, isTaskFinished } from '../task/state';
import type { FollowOrganisation } from './commands';
import type { CycleEvent, CycleOrgan } from './events';
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
): Extract<TaskCommandInput, { type: 'CancelTask' }>[] {
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

/**
 * The cycle's answer to its municipality's organisation now (rule organ.change-during-cycle): one event
 * per organ added, renamed or removed since the cycle last looked; nothing when nothing changed.
 * KF and KS never leave a cycle (the municipality refuses to remove them).
 */
export function followOrganisation(c: z.infer<typeof FollowOrganisation>, s: CycleData): CycleEvent[] {
  const meta = { at: c.at, by: c.actor };
  const now = new Map(c.organs.filter((o) => takesPartInCycle(o.kind)).map((o) => [o.organId, o]));
  const events: CycleEvent[] = [];
  for (const organ of now.values()) {
    const known = s.organs[organ.organId];
    if (!known && !s.removedOrgans?.[organ.organId]) {
      events.push({ type: 'CycleOrganAdded', schemaVersion: 1, data: { ...meta, organ } });
    } else if (known && (known.name !== organ.name || known.shortName !== organ.shortName)) {
      const { organId, name, shortName } = organ;
      events.push({
        type: 'CycleOrganRenamed',
        schemaVersion: 1,
        data: { ...meta, organId, name, shortName },
      });
    }
  }
  for (const { organId, reason } of c.removed) {
    const known = s.organs[organId];
    if (known && known.kind !== 'council' && known.kind !== 'executive_board') {
      events.push({ type: 'CycleOrganRemoved', schemaVersion: 1, data: { ...meta, organId, reason } });
    }
  }
  return events;
}

/** The task ids an organ has in the cycle as planned (every phase), to cancel those still open. */
export function plannedTaskIdsOf(cycle: CycleData, organId: string): string[] {
  return PHASES.flatMap((phase) =>
    phasePlan(phase, cycle).flatMap((stage) =>
      stage.kind === 'tasks' ? stage.tasks.filter((t) => t.organId === organId).map((t) => t.taskId) : [],
    ),
  );
}
