import { municipalityOf } from '../projections/read-models/keys';
import type { Projection } from '../projections/types';

/** Kolada: which indicator measures which KPI, and the newest value of each, with its source event. */
export const koladaValues: Projection = {
  name: 'kolada',
  description: 'Kolada: indikatorernas nyckeltal och senast hämtade värden, med källa',
  tables: ['rm_kolada_values', 'rm_kolada_bindings'],
  eventTypes: ['IndicatorBoundToKolada', 'KoladaValueRecorded'],
  async handle({ event, streamId, eventId, globalPosition }, tx) {
    if (event.type === 'IndicatorBoundToKolada') {
      const d = event.data;
      await tx.query(
        `insert into rm_kolada_bindings (municipality_id, indicator_id, kpi_id, years, comparison_codes,
                                         bound_at, bound_by)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (municipality_id, indicator_id) do update
         set kpi_id = excluded.kpi_id, years = excluded.years, comparison_codes = excluded.comparison_codes,
             bound_at = excluded.bound_at, bound_by = excluded.bound_by`,
        [
          municipalityOf(streamId),
          d.indicatorId,
          d.kpiId,
          d.years,
          d.comparisonMunicipalityCodes,
          d.at,
          d.by,
        ],
      );
      return;
    }
    if (event.type === 'KoladaValueRecorded') {
      const d = event.data;
      await tx.query(
        `insert into rm_kolada_values (municipality_id, kpi_id, municipality_code, period, gender, status,
                                       value, count, source, url, fetched_at, event_id, global_position)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         on conflict (municipality_id, kpi_id, municipality_code, period, gender) do update
         set status = excluded.status, value = excluded.value, count = excluded.count,
             source = excluded.source, url = excluded.url, fetched_at = excluded.fetched_at,
             event_id = excluded.event_id, global_position = excluded.global_position,
             revisions = rm_kolada_values.revisions + 1`,
        [
          municipalityOf(streamId),
          d.kpiId,
          d.municipalityCode,
          d.period,
          d.gender,
          d.status,
          d.value,
          d.count,
          d.source,
          d.url,
          d.fetchedAt,
          eventId,
          globalPosition,
        ],
      );
    }
  },
};
