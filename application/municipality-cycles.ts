import type pg from 'pg';
import type { CycleData } from '../domain/cycle/state';
import { cycleStream, parseStreamId } from '../domain/streams';
import type { EventStore } from '../eventstore/index';
import { loadCycle } from './aggregates';

/** The budget years for which the municipality has a cycle stream, ascending. */
export async function cycleYearsOf(pool: pg.Pool, municipalityId: string): Promise<number[]> {
  const { rows } = await pool.query<{ stream_id: string }>(
    `select distinct stream_id from events where stream_id like $1`,
    [`${cycleStream(municipalityId, 0).replace(/-0$/, '')}-%`],
  );
  // The LIKE also matches ids such as `ale-x` next to `ale`; parsing keeps only this municipality's.
  return rows
    .flatMap(({ stream_id }) => {
      const parsed = parseStreamId(stream_id);
      return parsed?.category === 'cycle' && parsed.municipalityId === municipalityId
        ? [parsed.budgetYear]
        : [];
    })
    .sort((a, b) => a - b);
}

/** The municipality's cycles as the event store has them now, oldest first (optionally up to a year). */
export async function municipalityCycles(
  pool: pg.Pool,
  store: EventStore,
  municipalityId: string,
  upToYear = Number.POSITIVE_INFINITY,
): Promise<CycleData[]> {
  const cycles: CycleData[] = [];
  for (const year of await cycleYearsOf(pool, municipalityId)) {
    if (year > upToYear) continue;
    const { state } = await loadCycle(store, municipalityId, year);
    if (state.status !== 'not_started') cycles.push(state);
  }
  return cycles;
}
