/**
 * The domain instants at which the cycle's workflows wake up by themselves: a phase opening on its
 * date, a gate's deadline, a task's reminders and its escalation. The demo's clock runs slowly after
 * those that fire, so what the workflow records there carries (almost) the very instant.
 */
import { addDays, deadlineInstant, localTimeInstant, startOfDayInstant } from '../domain/calendar/dates';
import { PHASES } from '../domain/calendar/schema';
import type { CycleData } from '../domain/cycle/state';
import { phaseOpensOn, phasePlan } from '../workflows/phase-plan';

/**
 * Mirrors workflows/human-task.ts: reminders 7 and 1 days before the due date at 08:00 Stockholm time
 * (its default, which the phases do not override), escalation 1 ms after the due date's end.
 */
const REMINDER_DAYS_BEFORE = [7, 1] as const;
const REMINDER_HOUR = 8;

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
          const atMs = Date.parse(localTimeInstant(addDays(dueDate, -days), REMINDER_HOUR));
          timers.push({ atMs, kind: 'reminder', taskIds });
        }
        timers.push({ atMs: Date.parse(deadlineInstant(dueDate)) + 1, kind: 'escalation', taskIds });
      }
    }
  }
  return timers.sort((a, b) => a.atMs - b.atMs);
}
