import { z } from 'zod';
import { lazyDiscriminatedUnion, lazySchema } from '../lazy-schema';
import { CommandMeta, Id, IsoInstant, Year } from '../primitives';
import { KoladaGender, KoladaKpiId, MunicipalityCode } from './events';

/** Bind an indicator to a Kolada KPI: which years to fetch and which municipalities to compare with. */
export const BindIndicatorToKolada = lazySchema(() =>
  z.object({
    type: z.literal('BindIndicatorToKolada'),
    ...CommandMeta,
    indicatorId: Id,
    kpiId: KoladaKpiId,
    years: z
      .array(Year)
      .min(1, { error: 'Ange minst ett år' })
      .max(50, { error: 'Högst 50 år' })
      .transform((ys) => [...new Set(ys)].sort((a, b) => a - b)),
    comparisonMunicipalityCodes: z
      .array(MunicipalityCode)
      .max(300)
      .default([])
      .transform((cs) => [...new Set(cs)].sort()),
  }),
);

/** One value as a complete fetch from Kolada returned it. */
export const FetchedKoladaValue = lazySchema(() =>
  z.object({
    url: z.string().url(),
    kpiId: KoladaKpiId,
    municipalityCode: MunicipalityCode,
    period: Year,
    gender: KoladaGender,
    status: z.string().max(100).nullable(),
    value: z.number().finite().nullable(),
    count: z.number().int().nonnegative().nullable(),
  }),
);
export type FetchedKoladaValue = z.infer<typeof FetchedKoladaValue>;

/** Record what a complete fetch returned; the decider keeps only what is new or changed. */
export const RecordKoladaValues = lazySchema(() =>
  z.object({
    type: z.literal('RecordKoladaValues'),
    ...CommandMeta,
    fetchedAt: IsoInstant,
    values: z.array(FetchedKoladaValue).max(100_000),
  }),
);

export const KoladaCommand = lazyDiscriminatedUnion('type', () => ({
  BindIndicatorToKolada,
  RecordKoladaValues,
}));
export type KoladaCommand = z.infer<typeof KoladaCommand>;
export type KoladaCommandInput = z.input<typeof KoladaCommand>;
