import type { Decider } from '../decider';
import { fail } from '../errors';
import type { MunicipalityEvent } from '../municipality/events';
import { assertNever } from '../primitives';
import { type BindIndicatorToKolada, KoladaCommand, type RecordKoladaValues } from './commands';
import type { KoladaEvent } from './events';
import { evolveKolada, initialKoladaState, type KoladaState, koladaValueKey } from './state';

type Cmd<T extends { parse: (x: unknown) => unknown }> = ReturnType<T['parse']>;

function bind(c: Cmd<typeof BindIndicatorToKolada>, s: KoladaState): KoladaEvent[] {
  const m = s.municipality;
  if (m.status !== 'registered')
    return fail('NOT_REGISTERED', 'municipality.registered', 'Kommunen är inte registrerad');
  if (!m.steering.indicators[c.indicatorId]) {
    fail('NOT_FOUND', 'kolada.bind-indicator', `Indikatorn ${c.indicatorId} finns inte`, {
      indicatorId: c.indicatorId,
    });
  }
  if (!m.municipalityCode) {
    fail('INVALID_STATE', 'kolada.municipality-code', 'Kommunen saknar kommunkod (municipalityCode)', {
      field: 'municipalityCode',
    });
  }
  const { type: _t, at, actor, ...binding } = c;
  const current = s.bindings[c.indicatorId];
  if (
    current &&
    current.kpiId === binding.kpiId &&
    current.years.join() === binding.years.join() &&
    current.comparisonMunicipalityCodes.join() === binding.comparisonMunicipalityCodes.join()
  ) {
    return []; // already bound exactly so
  }
  return [{ type: 'IndicatorBoundToKolada', schemaVersion: 1, data: { at, by: actor, ...binding } }];
}

function sameValue(a: { status: string | null; value: number | null; count: number | null }, b: typeof a) {
  return a.status === b.status && a.value === b.value && a.count === b.count;
}

/** Only what is new or changed against the values already recorded; a value Kolada no longer lists stays. */
function record(c: Cmd<typeof RecordKoladaValues>, s: KoladaState): KoladaEvent[] {
  if (s.municipality.status !== 'registered') {
    return fail('NOT_REGISTERED', 'municipality.registered', 'Kommunen är inte registrerad');
  }
  const boundKpis = new Set(Object.values(s.bindings).map((b) => b.kpiId));
  const seen = new Set<string>();
  const events: KoladaEvent[] = [];
  for (const v of c.values) {
    if (!boundKpis.has(v.kpiId)) {
      fail(
        'INVALID_CONTENT',
        'kolada.record-bound-kpi',
        `Nyckeltalet ${v.kpiId} är inte kopplat till någon indikator`,
        {
          kpiId: v.kpiId,
        },
      );
    }
    const key = koladaValueKey(v);
    if (seen.has(key)) continue; // a page boundary may repeat a row
    seen.add(key);
    const recorded = s.values[key];
    if (recorded && sameValue(recorded, v)) continue;
    events.push({
      type: 'KoladaValueRecorded',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, source: 'Kolada', ...v, fetchedAt: c.fetchedAt },
    });
  }
  return events;
}

export function decideKolada(command: KoladaCommand, state: KoladaState): KoladaEvent[] {
  switch (command.type) {
    case 'BindIndicatorToKolada':
      return bind(command, state);
    case 'RecordKoladaValues':
      return record(command, state);
    default:
      return assertNever(command);
  }
}

/** Kolada on the municipality's stream: bindings of indicators to KPIs, and the values fetched. */
export const koladaDecider: Decider<KoladaCommand, MunicipalityEvent, KoladaState> = {
  commandSchema: KoladaCommand,
  decide: decideKolada,
  evolve: evolveKolada,
  initialState: initialKoladaState,
};
