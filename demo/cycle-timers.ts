/**
 * The domain instants at which the cycle's workflows wake up by themselves: a phase opening on its
 * date, a gate's deadline, a task's reminders and its escalation. The demo's clock runs slowly after
 * those that fire, so what the workflow records there carries (almost) the very instant.
 */
import {
  deadlineInstant,
  REMINDER_DAYS_BEFORE,
  reminderInstant,
  startOfDayInstant,
} from '../domain/calendar/dates';
import { PHASES } from '../domain/calendar/schema';
import { phaseOpensOn, phasePlan } from '../domain/cycle/phase-plan';
import type { CycleData } from '../domain/cycle/state';

// Tasks are reminded at the domain's default instants (the phases set no others) and escalated 1 ms
// after the due date's end, as workflows/human-task.ts does.

export type CycleTimerKind = 'phase-opens' | 'gate-deadline' | 'reminder' | 'escalation';

export interface CycleTimer {
  atMs: number;
  kind: CycleTimerKind;
  /** The tasks it is for (reminders and escalations); it fires only while one awaits submission. */
  taskIds: string[];
}

/** Every timer of the cycle, ascending by instant. */
export function cycleTimers(cycle: CycleData): CycleTimer[] {
  const timers: CycleTimer[] = [];
  for (const phase of PHASES) {
    const opensOn = phaseOpensOn(phase, cycle);
    if (opensOn !== null)
      timers.push({ atMs: Date.parse(startOfDayInstant(opensOn)), kind: 'phase-opens', taskIds: [] });
    for (const stage of phasePlan(phase, cycle)) {
      if (stage.kind === 'gate') {
        if (stage.gate.deadline !== null)
          timers.push({
            atMs: Date.parse(deadlineInstant(stage.gate.deadline)),
            kind: 'gate-deadline',
            taskIds: [],
          });
        continue;
      }
      for (const dueDate of new Set(stage.tasks.map((t) => t.dueDate))) {
        const taskIds = stage.tasks.filter((t) => t.dueDate === dueDate).map((t) => t.taskId);
        for (const days of REMINDER_DAYS_BEFORE) {
          const atMs = Date.parse(reminderInstant(dueDate, days));
          timers.push({ atMs, kind: 'reminder', taskIds });
        }
        timers.push({ atMs: Date.parse(deadlineInstant(dueDate)) + 1, kind: 'escalation', taskIds });
      }
    }
  }
  return timers.sort((a, b) => a.atMs - b.atMs);
}
