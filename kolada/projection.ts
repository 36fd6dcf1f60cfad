import { type DocKind, first, setFirst } from '../projections/fold';
import { municipalityOf } from '../projections/read-models/keys';
import type { Projection } from '../projections/types';

const BINDINGS = 'rm_kolada_bindings';
const VALUES = 'rm_kolada_values';

const binding: DocKind = {
  name: 'kolada_binding',
  tables: [
    {
      table: BINDINGS,
      key: ['municipality_id', 'indicator_id'],
      columns: [
        'municipality_id',
        'indicator_id',
        'kpi_id',
        'years',
        'comparison_codes',
        'bound_at',
        'bound_by',
      ],
    },
  ],
};

const VALUE_KEY = ['municipality_id', 'kpi_id', 'municipality_code', 'period', 'gender'];

/** The newest value of a KPI for a municipality, year and gender. */
const value: DocKind = {
  name: 'kolada_value',
  tables: [
    {
      table: VALUES,
      key: VALUE_KEY,
      columns: [
        ...VALUE_KEY,
        'status',
        'value',
        'count',
        'source',
        'url',
        'fetched_at',
        'event_id',
        'global_position',
        'revisions',
      ],
    },
  ],
};

/** Kolada: which indicator measures which KPI, and the newest value of each, with its source event. */
export const koladaValues: Projection = {
  name: 'kolada',
  description: 'Kolada: indikatorernas nyckeltal och senast hämtade värden, med källa',
  tables: [VALUES, BINDINGS],
  eventTypes: ['IndicatorBoundToKolada', 'KoladaValueRecorded'],
  docs: [binding, value],
  fold({ event, streamId, eventId, globalPosition }, docs) {
    if (event.type === 'IndicatorBoundToKolada') {
      const d = event.data;
      const municipalityId = municipalityOf(streamId);
      setFirst(docs.get(binding, [municipalityId, d.indicatorId]), BINDINGS, {
        municipality_id: municipalityId,
        indicator_id: d.indicatorId,
        kpi_id: d.kpiId,
        years: d.years,
        comparison_codes: d.comparisonMunicipalityCodes,
        bound_at: d.at,
        bound_by: d.by,
      });
      return;
    }
    if (event.type === 'KoladaValueRecorded') {
      const d = event.data;
      const municipalityId = municipalityOf(streamId);
      const doc = docs.get(value, [municipalityId, d.kpiId, d.municipalityCode, d.period, d.gender]);
      const before = first(doc, VALUES);
      setFirst(doc, VALUES, {
        municipality_id: municipalityId,
        kpi_id: d.kpiId,
        municipality_code: d.municipalityCode,
        period: d.period,
        gender: d.gender,
        status: d.status ?? null,
        value: d.value ?? null,
        count: d.count ?? null,
        source: d.source,
        url: d.url,
        fetched_at: d.fetchedAt,
        event_id: eventId,
        global_position: globalPosition,
        // How often Kolada's figure was fetched anew for this key.
        revisions: before ? Number(before.revisions) + 1 : 1,
      });
    }
  },
};
