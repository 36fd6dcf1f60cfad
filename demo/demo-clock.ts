/**
 * The demo's cycle clock: a rehearsal of the scenario says when people act and how much they do, the
 * cycle's plan says when its timers fire, and planClock lays slow holds after each and a fast clock
 * through the months between. Reminders and deadlines keep their exact domain instants (timers use
 * the clock's inverse); only the wall time between them shrinks.
 */
import type { CyclePort } from '../application/cycle-port';
import { type ClockPlan, type Moment, planClock } from './clock-plan';
import { type CycleTimer, cycleTimers } from './cycle-timers';
import { type Rehearsal, rehearse } from './rehearsal';

/** The knobs of the demo's clock plan. */
export interface DemoClockSettings {
  actionSpeedup: number;
  actionHoldBaseMs: number;
  actionHoldPerWriteMs: number;
  actionHoldPerReadMs: number;
  timerSpeedup: number;
  timerHoldMs: number;
  fastSpeedup: number;
  mergeWithinMs: number;
}

export const DEMO_CLOCK: DemoClockSettings = {
  /** While people act: a wall second is a domain hour, so a 09:00 action lands in the morning. */
  actionSpeedup: 3_600,
  /**
   * Hold after an action: a base plus a generous share per request. Measured here: a write (an update
   * through the API, the workflow and the event store) takes 100–250 ms on a busy machine, a read tens.
   */
  actionHoldBaseMs: 400,
  actionHoldPerWriteMs: 300,
  actionHoldPerReadMs: 60,
  /**
   * After a timer that fires: a wall second is ten domain minutes. The hold covers the latency from
   * the instant to the recorded event, which on the Temporal dev server reached 0.9 s for a short
   * timer (the server starts a timer when the workflow task completes, and fires short ones late).
   */
  timerSpeedup: 600,
  timerHoldMs: 1_200,
  /** Between moments: the API's largest speedup; nothing is due there. */
  fastSpeedup: 10_000_000,
  /** Moments this close (a deadline at 23:59:59.999 and an opening at 00:00) share one hold. */
  mergeWithinMs: 60_000,
};

/**
 * The median time of a municipality command through the API on a quiet machine of this kind (2 cores),
 * in wall ms (25–36 ms measured in fresh demo processes), set on the high side so a quiet machine is
 * never stretched.
 */
export const QUIET_COMMAND_MS = 40;
/** How far a busy machine stretches the holds at most. */
const MAX_LOAD_FACTOR = 3;

/**
 * How much slower than quiet the machine answers now, from the median time of the commands that set the
 * municipality up (between 1 and MAX_LOAD_FACTOR).
 */
export function loadFactor(meanCommandMs: number): number {
  return Math.min(MAX_LOAD_FACTOR, Math.max(1, meanCommandMs / QUIET_COMMAND_MS));
}

/** The settings with every hold stretched by a load factor: slower, but people still act on time. */
export function stretched(settings: DemoClockSettings, factor: number): DemoClockSettings {
  return {
    ...settings,
    actionHoldBaseMs: Math.round(settings.actionHoldBaseMs * factor),
    actionHoldPerWriteMs: Math.round(settings.actionHoldPerWriteMs * factor),
    actionHoldPerReadMs: Math.round(settings.actionHoldPerReadMs * factor),
    timerHoldMs: Math.round(settings.timerHoldMs * factor),
  };
}

/** Rehearses the scenario and plans the clock for the real run. */
export async function planDemoClock(
  scenario: (port: CyclePort) => Promise<unknown>,
  settings: DemoClockSettings = DEMO_CLOCK,
): Promise<ClockPlan> {
  const rehearsal = await rehearse(scenario);
  const actions: Moment[] = rehearsal.actions.map((a) => ({
    atMs: a.atMs,
    holdMs:
      settings.actionHoldBaseMs +
      a.writes * settings.actionHoldPerWriteMs +
      a.reads * settings.actionHoldPerReadMs,
    speedup: settings.actionSpeedup,
  }));
  const timers: Moment[] = cycleTimers(rehearsal.cycle)
    .filter((timer) => fires(timer, rehearsal))
    .map(({ atMs }) => ({
      atMs,
      holdMs: settings.timerHoldMs,
      speedup: settings.timerSpeedup,
    }));
  return planClock(rehearsal.startAt, [...actions, ...timers], settings.fastSpeedup, settings.mergeWithinMs);
}

/**
 * Whether a timer fires in the scenario as rehearsed. A phase always opens. A reminder or an escalation
 * fires only while one of its tasks awaits submission (workflows/human-task.ts). A gate's deadline
 * fires only when the decision is overdue, which the scenario never lets happen: its actions' holds
 * keep them before it, and an overdue gate is reported (a warning in the demo's log) regardless.
 */
function fires(timer: CycleTimer, rehearsal: Rehearsal): boolean {
  switch (timer.kind) {
    case 'phase-opens':
      return true;
    case 'gate-deadline':
      return false;
    case 'reminder':
    case 'escalation':
      return timer.taskIds.some((taskId) => rehearsal.awaitsSubmission(taskId, timer.atMs));
  }
}
