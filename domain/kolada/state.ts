import type { MunicipalityEvent } from '../municipality/events';
import { evolveMunicipality, initialMunicipalityState, type MunicipalityState } from '../municipality/state';
import type { KoladaGender } from './events';

/** An indicator's binding to a Kolada KPI. */
export interface KoladaBinding {
  indicatorId: string;
  kpiId: string;
  years: number[];
  comparisonMunicipalityCodes: string[];
  boundAt: string;
  boundBy: string;
}

/** The newest recorded value of one KPI, municipality, year and gender, and how often it was recorded. */
export interface RecordedKoladaValue {
  kpiId: string;
  municipalityCode: string;
  period: number;
  gender: KoladaGender;
  status: string | null;
  value: number | null;
  count: number | null;
  fetchedAt: string;
  url: string;
  /** 1 for the first recording, then +1 per change (feeds the idempotent event ids). */
  revision: number;
}

/**
 * What the municipality stream says about Kolada: the municipality itself (indicators, kommunkod), the
 * bindings and the values recorded so far. A second fold of the same stream, so the store stays the one
 * authority.
 */
export interface KoladaState {
  municipality: MunicipalityState;
  bindings: Record<string, KoladaBinding>;
  values: Record<string, RecordedKoladaValue>;
}

/** The identity of one value: KPI, municipality, year, gender. */
export function koladaValueKey(v: {
  kpiId: string;
  municipalityCode: string;
  period: number;
  gender: string;
}): string {
  return `${v.kpiId}/${v.municipalityCode}/${v.period}/${v.gender}`;
}

export function initialKoladaState(): KoladaState {
  return { municipality: initialMunicipalityState(), bindings: {}, values: {} };
}

export function evolveKolada(state: KoladaState, event: MunicipalityEvent): KoladaState {
  const municipality = evolveMunicipality(state.municipality, event);
  switch (event.type) {
    case 'IndicatorBoundToKolada': {
      const { at, by, ...binding } = event.data;
      return {
        ...state,
        municipality,
        bindings: { ...state.bindings, [binding.indicatorId]: { ...binding, boundAt: at, boundBy: by } },
      };
    }
    case 'KoladaValueRecorded': {
      const { at: _at, by: _by, source: _source, ...value } = event.data;
      const key = koladaValueKey(value);
      const revision = (state.values[key]?.revision ?? 0) + 1;
      return { ...state, municipality, values: { ...state.values, [key]: { ...value, revision } } };
    }
    default:
      return municipality === state.municipality ? state : { ...state, municipality };
  }
}

/** The bindings, ordered by indicator id. */
export function bindingsOf(state: KoladaState): KoladaBinding[] {
  return Object.values(state.bindings).sort((a, b) => a.indicatorId.localeCompare(b.indicatorId));
}
