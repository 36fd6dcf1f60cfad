/** An indicator's values as recorded from Kolada: the municipality's own and its comparison municipalities'. */
import { koladaSourceText } from '../domain/kolada/source';
import type { CycleSnapshot } from './snapshot';

export interface KoladaLine {
  municipalityCode: string;
  /** The municipality the documents are about (its own kommunkod), not a comparison. */
  own: boolean;
  /** E.g. `Ale (1440)` or `Kommun 1401`. */
  label: string;
  /** Totals (gender T) by year; a year Kolada publishes no value for is left out. */
  points: { year: number; value: number; source: string }[];
}

export interface KoladaSeries {
  kpiId: string;
  /** `Källa: Kolada (N00945, hämtat 3 december 2026)`: the newest fetch of the KPI's values. */
  source: string;
  lines: KoladaLine[];
}

/** The Kolada values of a bound indicator, own municipality first; null when it is not bound. */
export function koladaSeriesOf(s: CycleSnapshot, indicatorId: string): KoladaSeries | null {
  const binding = s.kolada.bindings.find((b) => b.indicatorId === indicatorId);
  if (!binding) return null;
  const recorded = s.kolada.values.filter((v) => v.kpiId === binding.kpiId);
  // Registrations from before the kommunkod was recorded: the code fetched that is not a comparison.
  const ownCode =
    s.municipality.municipalityCode ??
    recorded.find((v) => !binding.comparisonMunicipalityCodes.includes(v.municipalityCode))
      ?.municipalityCode ??
    null;
  const newest = recorded.reduce<string | null>(
    (max, v) => (max && max >= v.fetchedAt ? max : v.fetchedAt),
    null,
  );
  // The municipality itself, then the comparisons in the order the binding names them.
  const codes = [...new Set([...(ownCode ? [ownCode] : []), ...binding.comparisonMunicipalityCodes])];
  const lines = codes.map((code) => ({
    municipalityCode: code,
    own: code === ownCode,
    label: code === ownCode ? `${s.municipality.name} (${code})` : `Kommun ${code}`,
    points: recorded
      .filter((v) => v.municipalityCode === code && v.gender === 'T' && v.value !== null)
      .map((v) => ({
        year: v.period,
        value: v.value as number,
        source: koladaSourceText(v.kpiId, v.fetchedAt),
      }))
      .sort((a, b) => a.year - b.year),
  }));
  return {
    kpiId: binding.kpiId,
    source: newest
      ? koladaSourceText(binding.kpiId, newest)
      : `Källa: Kolada (${binding.kpiId}, inga värden hämtade)`,
    lines: lines.filter((l) => l.own || l.points.length > 0),
  };
}
