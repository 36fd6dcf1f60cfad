import { cycleDecider } from '../domain/cycle/decider';
import type { CycleClockRecord, CycleEvent } from '../domain/cycle/events';
import type { CycleState } from '../domain/cycle/state';
import { replay } from '../domain/decider';
import { parseEvent } from '../domain/events';
import { cycleStream, taskStream } from '../domain/streams';
import { taskDecider } from '../domain/task/decider';
import type { TaskEvent } from '../domain/task/events';
import type { TaskState } from '../domain/task/state';
import type { EventStore, RecordedEvent } from '../eventstore/index';
import { loadMunicipality } from './municipality';

const parse = (r: RecordedEvent) =>
  parseEvent({ type: r.type, schemaVersion: r.schemaVersion, data: r.data });

/** A cycle's state replayed from its stream (events with occurredAt <= asOf when given). */
export async function loadCycle(
  store: EventStore,
  municipalityId: string,
  budgetYear: number,
  asOf?: string,
): Promise<{ state: CycleState; version: number; clock: CycleClockRecord | null }> {
  const recorded = await store.readStream(cycleStream(municipalityId, budgetYear), asOf ? { asOf } : {});
  const started = recorded.find((e) => e.type === 'CycleStarted');
  const start = started && (parse(started) as Extract<CycleEvent, { type: 'CycleStarted' }>);
  // The clock the workflow stored with the start; null for cycles started before it was stored.
  return { ...cycleFrom(recorded), clock: start?.data.clock ?? null };
}

/** A cycle's state and version from its stream's events, as read. */
export function cycleFrom(recorded: readonly RecordedEvent[]): { state: CycleState; version: number } {
  return {
    state: replay(cycleDecider, recorded.map(parse) as CycleEvent[]),
    version: recorded.at(-1)?.streamVersion ?? 0,
  };
}

/** A task's state replayed from its stream (events with occurredAt <= asOf when given). */
export async function loadTask(
  store: EventStore,
  taskId: string,
  asOf?: string,
): Promise<{ state: TaskState; version: number }> {
  return taskFrom(await store.readStream(taskStream(taskId), asOf ? { asOf } : {}));
}

/** A task's state and version from its stream's events, as read. */
export function taskFrom(recorded: readonly RecordedEvent[]): { state: TaskState; version: number } {
  return {
    state: replay(taskDecider, recorded.map(parse) as TaskEvent[]),
    version: recorded.at(-1)?.streamVersion ?? 0,
  };
}

export type AggregateKind = 'municipality' | 'cycle' | 'task';

/** The state of any aggregate as of a domain instant, replayed through its decider's `evolve`. */
export async function aggregateStateAsOf(
  store: EventStore,
  ref:
    | { kind: 'municipality'; municipalityId: string }
    | { kind: 'cycle'; municipalityId: string; budgetYear: number }
    | { kind: 'task'; taskId: string },
  asOf?: string,
): Promise<{ state: unknown; version: number }> {
  switch (ref.kind) {
    case 'municipality':
      return loadMunicipality(store, ref.municipalityId, asOf);
    case 'cycle':
      return loadCycle(store, ref.municipalityId, ref.budgetYear, asOf);
    case 'task':
      return loadTask(store, ref.taskId, asOf);
  }
}
