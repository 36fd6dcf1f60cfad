import { z } from 'zod';
import type { FetchedKoladaValue } from '../domain/kolada/commands';

/** One page of `/v3/data/...`: Kolada's documented shape (see docs/kolada.md). */
export const KoladaDataPage = z.object({
  values: z.array(
    z.object({
      kpi: z.string(),
      municipality: z.string(),
      period: z.number().int(),
      values: z.array(
        z.object({
          gender: z.enum(['T', 'K', 'M']),
          status: z.string().nullable().optional(),
          value: z.number().nullable().optional(),
          count: z.number().int().nullable().optional(),
        }),
      ),
    }),
  ),
  count: z.number().int().nonnegative(),
  /** The next page: a URL (absolute or relative), a page number, or null/absent on the last page. */
  next_page: z.union([z.string(), z.number().int().positive()]).nullable().optional(),
});
export type KoladaDataPage = z.infer<typeof KoladaDataPage>;

/** Flattens a page into one value per KPI, municipality, year and gender; `url` is the page it came from. */
export function valuesOfPage(page: KoladaDataPage, url: string): FetchedKoladaValue[] {
  return page.values.flatMap((row) =>
    row.values.map((v) => ({
      url,
      kpiId: row.kpi,
      municipalityCode: row.municipality,
      period: row.period,
      gender: v.gender,
      // Kolada writes an empty status for an ordinary value; we record that as none.
      status: v.status ? v.status : null,
      value: v.value ?? null,
      count: v.count ?? null,
    })),
  );
}

/**
 * The URL of the next page, or null on the last one. A page number replaces `page`; a URL is read against
 * the current one and must stay on Kolada's host, so a reply can never send us elsewhere.
 */
export function nextPageUrl(page: KoladaDataPage, currentUrl: string): string | null {
  const next = page.next_page;
  if (next === null || next === undefined || next === '') return null;
  const current = new URL(currentUrl);
  if (typeof next === 'number') {
    const url = new URL(current);
    url.searchParams.set('page', String(next));
    return url.toString();
  }
  const url = new URL(next, current);
  if (url.origin !== current.origin) {
    throw new Error(`next_page pekar på en annan värd: ${url.origin}`);
  }
  return url.toString();
}
