import { z } from 'zod';
import { defineEvent } from '../event-schema';
import { lazySchema } from '../lazy-schema';
import { Id, IsoInstant, Year } from '../primitives';

/** A Kolada KPI id (nyckeltal), e.g. `N00945` or `U28116`. */
export const KoladaKpiId = lazySchema(() =>
  z.string().regex(/^[A-Z]\d{5}$/, {
    error: 'Ogiltigt nyckeltal i Kolada (t.ex. N00945)',
  }),
);

/** A municipality's code in Kolada: the four-digit kommunkod (Ale 1440), `0000` for the whole country. */
export const MunicipalityCode = lazySchema(() =>
  z.string().regex(/^\d{4}$/, {
    error: 'Kommunkoden ska vara fyra siffror (t.ex. 1440)',
  }),
);

/** Kolada's gender split: T total, K women (kvinnor), M men (män). */
export const KoladaGender = lazySchema(() => z.enum(['T', 'K', 'M']));
export type KoladaGender = z.infer<typeof KoladaGender>;

/** An indicator (indikator) measured by a Kolada KPI, for its municipality and comparison municipalities. */
export const IndicatorBoundToKolada = defineEvent('IndicatorBoundToKolada', 1, () => ({
  indicatorId: Id,
  kpiId: KoladaKpiId,
  years: z.array(Year).min(1).max(50),
  comparisonMunicipalityCodes: z.array(MunicipalityCode).max(300),
}));

/**
 * One value as Kolada published it, recorded when it was first seen or when it changed. `at` is the
 * moment of the fetch; `source` and `url` say where the number came from.
 */
export const KoladaValueRecorded = defineEvent('KoladaValueRecorded', 1, () => ({
  source: z.literal('Kolada'),
  url: z.string().url(),
  kpiId: KoladaKpiId,
  municipalityCode: MunicipalityCode,
  period: Year,
  gender: KoladaGender,
  /** Kolada's status of the value (null when Kolada gives none, e.g. "Missing" when it has no value). */
  status: z.string().max(100).nullable(),
  value: z.number().finite().nullable(),
  count: z.number().int().nonnegative().nullable(),
  fetchedAt: IsoInstant,
}));

export const KOLADA_EVENT_SCHEMAS = [IndicatorBoundToKolada, KoladaValueRecorded] as const;
export const KoladaEvent = lazySchema(() => z.discriminatedUnion('type', KOLADA_EVENT_SCHEMAS));
export type KoladaEvent = z.infer<typeof KoladaEvent>;
