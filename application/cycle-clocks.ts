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
  readonly #kept = new Map<string, ResolvedClock>();

  constructor(private readonly store: EventStore) {}

  async of(municipalityId: string, budgetYear: number): Promise<ResolvedClock | null> {
    const key = `${municipalityId}\n${budgetYear}`;
    const kept = this.#kept.get(key);
    if (kept) return kept;
    const { clock } = await loadCycle(this.store, municipalityId, budgetYear);
    if (!clock) return null;
    if (this.#kept.size >= KEPT) this.#kept.delete(this.#kept.keys().next().value as string);
    this.#kept.set(key, clock);
    return clock;
  }
}
