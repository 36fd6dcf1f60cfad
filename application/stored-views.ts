import { PHASES } from '../domain/calendar/schema';
import { plannedTasks } from '../domain/cycle/phase-plan';
import type { CycleData } from '../domain/cycle/state';
import type { TaskState } from '../domain/task/state';
import type { EventStore } from '../eventstore/index';
import type { ResolvedClock } from '../workflows/clock';
import type { CycleView } from '../workflows/messages';
import { loadCycle, loadTask } from './aggregates';

/**
 * A cycle's view, from the event store; `clock` is null only for a cycle started before its clock was
 * stored whose workflow could not be asked (`source: 'workflow'` when it was asked).
 */
export interface CycleStatus extends Omit<CycleView, 'clock'> {
  clock: ResolvedClock | null;
  source: 'workflow' | 'event_store';
}

/** A cycle's view as its stream has it (now or as of a date): open phases and the stored clock. */
export function storedCycleView(state: CycleData, clock: ResolvedClock | null): CycleStatus {
  return {
    cycle: state,
    plannedTasks: plannedTasks(state),
    runningPhases: PHASES.filter((phase) => state.phases[phase] === 'open'),
    clock,
    source: 'event_store',
  };
}

/**
 * What a driver of cycles (the API, tests, the scenario) reads, from the event store instead of by
 * asking the workflows. Queries answered while a workflow's local step was pending made SDK core 1.24
 * hand the step's result over in a later workflow task than replay does (workflows/step-time.ts), and
 * starting a cycle asked its workflow exactly while its first step ran. The workflows store every step
 * before they answer an update, so the store is as new as any answer.
 */
export interface StoredReads {
  /** The cycle's view once it has recorded its start (null before, or for a cycle without stored clock). */
  cycleView(municipalityId: string, budgetYear: number): Promise<CycleView | null>;
  /** The task's state (`unassigned` before it is given out). */
  task(taskId: string): Promise<TaskState>;
}

export function storedReads(store: EventStore): StoredReads {
  return {
    async cycleView(municipalityId, budgetYear) {
      const { state, clock } = await loadCycle(store, municipalityId, budgetYear);
      if (state.status === 'not_started' || clock === null) return null;
      const { source: _source, ...view } = storedCycleView(state, clock);
      return { ...view, clock };
    },
    async task(taskId) {
      return (await loadTask(store, taskId)).state;
    },
  };
}
