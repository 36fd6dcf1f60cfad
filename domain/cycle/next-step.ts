import { startOfDayInstant } from '../calendar/dates';
import { PHASES, type Phase } from '../calendar/schema';
import { previousPhase } from './guards';
import { phaseOpensOn } from './phase-plan';
import type { CycleData } from './state';

/** What the annual cycle does next. `wakeAt` is a domain instant in epoch ms (null: only on a change). */
export type CycleStep =
  | { kind: 'open'; phase: Phase }
  | { kind: 'close'; phase: Phase }
  | { kind: 'close-cycle' }
  | { kind: 'wait'; wakeAt: number | null };

/**
 * Opens a phase whose date has come (after the previous one has opened), closes a finished phase once
 * every earlier one is closed, closes the cycle when all are, or says until when to wait.
 */
export function nextStep(cycle: CycleData, finished: ReadonlySet<Phase>, now: number): CycleStep {
  let wakeAt: number | null = null;
  for (const [index, phase] of PHASES.entries()) {
    const status = cycle.phases[phase];
    if (status === 'pending') {
      const previous = previousPhase(phase);
      if (previous && cycle.phases[previous] === 'pending') break;
      const opensOn = phaseOpensOn(phase, cycle);
      const opensAt = opensOn === null ? now : Date.parse(startOfDayInstant(opensOn));
      if (opensAt <= now) return { kind: 'open', phase };
      wakeAt = wakeAt === null ? opensAt : Math.min(wakeAt, opensAt);
      break;
    }
    if (
      status === 'open' &&
      finished.has(phase) &&
      PHASES.slice(0, index).every((p) => cycle.phases[p] === 'closed')
    ) {
      return { kind: 'close', phase };
    }
  }
  if (PHASES.every((p) => cycle.phases[p] === 'closed')) return { kind: 'close-cycle' };
  return { kind: 'wait', wakeAt };
}
