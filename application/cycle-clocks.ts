import type { EventStore } from '../eventstore/index';
import type { ResolvedClock } from '../workflows/clock';
import { loadCycle } from './aggregates';

/** Cycles whose clocks are kept; beyond this the oldest is read again when asked. */
const KEPT = 1024;

/**
 * Each cycle's clock (domain time as a mapping of workflow time), read from its CycleStarted event.
 * A stored clock never changes, so it is kept once read; null for a cycle not started, or started
 * before its clock was stored (its workflow alone knows it), and then asked again next time.
 */
export class CycleClocks {
  /** Clocks read, and reads still running: 200 submissions at once read each cycle once, not 200 times. */
  readonly #kept = new Map<string, Promise<ResolvedClock | null>>();

  constructor(private readonly store: EventStore) {}

  of(municipalityId: string, budgetYear: number): Promise<ResolvedClock | null> {
    const key = `${municipalityId}\n${budgetYear}`;
    const kept = this.#kept.get(key);
    if (kept) return kept;
    if (this.#kept.size >= KEPT) this.#kept.delete(this.#kept.keys().next().value as string);
    const read = loadCycle(this.store, municipalityId, budgetYear).then(({ clock }) => clock);
    this.#kept.set(key, read);
    // Not kept when there is none yet (or the read failed): asked again next time.
    read.then(
      (clock) => clock ?? this.forget(key, read),
      () => this.forget(key, read),
    );
    return read;
  }

  private forget(key: string, read: Promise<ResolvedClock | null>): void {
    if (this.#kept.get(key) === read) this.#kept.delete(key);
  }
}
