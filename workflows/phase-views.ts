import type { Phase } from '../domain/calendar/schema';
import { phasePlan } from '../domain/cycle/phase-plan';
import type { CycleData } from '../domain/cycle/state';

/**
 * What a phase workflow sees of the cycle: its plan (tasks as given out, organ names included) and
 * each gate's deadline and whether it is satisfied. A phase reads nothing else of its cycle snapshot
 * but the municipality and budget year, which never change.
 */
export function phaseSees(phase: Phase, cycle: CycleData): string {
  return JSON.stringify(
    phasePlan(phase, cycle).map((stage) =>
      stage.kind === 'tasks'
        ? stage.tasks.map((t) => ({ ...t, organName: cycle.organs[t.organId]?.name ?? null }))
        : {
            gate: stage.gate.id,
            label: stage.gate.label,
            deadline: stage.gate.deadline,
            satisfied: stage.gate.satisfied(cycle),
          },
    ),
  );
}

/**
 * PHASES_TOLD_WHAT_THEY_SEE: which cycle snapshot each running phase has been told (or started with),
 * so the cycle signals a phase only when a newer snapshot changes what the phase sees. A signal costs a
 * workflow task in the phase and, for its delivery, one in the cycle, and the update that caused it
 * waits for that delivery; most decisions change nothing a phase sees.
 */
export class PhaseViews {
  readonly #told = new Map<Phase, { version: number; sees: string }>();

  /** The phase starts with (or was just told) the cycle at this version. */
  told(phase: Phase, version: number, cycle: CycleData): void {
    this.#told.set(phase, { version, sees: phaseSees(phase, cycle) });
  }

  /**
   * Whether the phase should be told of the cycle at `version`: it is newer than what the phase was
   * told and the phase would see something else in it. Remembers it as told when so. Snapshots may
   * be offered out of order (steps finish their signals concurrently); an older one is never told.
   */
  shouldTell(phase: Phase, version: number, cycle: CycleData): boolean {
    const last = this.#told.get(phase);
    if (last && version <= last.version) return false;
    const sees = phaseSees(phase, cycle);
    if (last && sees === last.sees) return false;
    this.#told.set(phase, { version, sees });
    return true;
  }
}
