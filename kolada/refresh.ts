import type { FetchedKoladaValue } from '../domain/kolada/commands';
import { bindingsOf, type KoladaBinding } from '../domain/kolada/state';
import type { EventStore } from '../eventstore/index';
import type { KoladaClient } from './client';
import { executeKoladaCommand, loadKoladaState } from './store';

/** Who records the values: the scheduled refresh, not a person. */
export const KOLADA_ACTOR = 'system:kolada';

export interface RefreshResult {
  municipalityId: string;
  fetchedAt: string;
  /** Values Kolada returned for the bound KPIs. */
  fetched: number;
  /** Of those, the new or changed ones now recorded as events. */
  recorded: number;
  eventIds: string[];
  bindings: number;
}

/** The queries the bindings need: per KPI, its municipalities (own first) and the union of its years. */
export function queriesOf(bindings: readonly KoladaBinding[], ownCode: string) {
  const byKpi = new Map<string, { codes: Set<string>; years: Set<number> }>();
  for (const b of bindings) {
    const q = byKpi.get(b.kpiId) ?? { codes: new Set([ownCode]), years: new Set<number>() };
    for (const c of b.comparisonMunicipalityCodes) q.codes.add(c);
    for (const y of b.years) q.years.add(y);
    byKpi.set(b.kpiId, q);
  }
  return [...byKpi].map(([kpiId, q]) => ({
    kpiId,
    municipalityCodes: [...q.codes],
    years: [...q.years].sort((a, b) => a - b),
  }));
}

/**
 * Fetches every bound KPI completely, then records only what is new or changed, in one append. Any
 * failure of Kolada throws before anything is appended, so what was recorded before stays as it was.
 */
export async function refreshKolada(
  store: EventStore,
  client: KoladaClient,
  municipalityId: string,
  options: { now?: () => Date; actor?: string } = {},
): Promise<RefreshResult> {
  const { state } = await loadKoladaState(store, municipalityId);
  const m = state.municipality;
  if (m.status !== 'registered') throw new Error(`Kommunen ${municipalityId} är inte registrerad`);
  if (!m.municipalityCode) {
    throw new Error(`Kommunen ${m.name} saknar kommunkod (municipalityCode); inga värden har hämtats`);
  }
  const bindings = bindingsOf(state);
  const fetchedAt = (options.now?.() ?? new Date()).toISOString();
  const values: FetchedKoladaValue[] = [];
  for (const query of queriesOf(bindings, m.municipalityCode)) {
    values.push(...(await client.fetchValues(query)));
  }
  const result =
    bindings.length === 0
      ? { eventIds: [] as string[] }
      : await executeKoladaCommand(
          store,
          municipalityId,
          {
            type: 'RecordKoladaValues',
            at: fetchedAt,
            actor: options.actor ?? KOLADA_ACTOR,
            fetchedAt,
            values,
          },
          { causationId: `kolada:refresh:${fetchedAt}` },
        );
  return {
    municipalityId,
    fetchedAt,
    fetched: values.length,
    recorded: result.eventIds.length,
    eventIds: result.eventIds,
    bindings: bindings.length,
  };
}
