/** Kolada refuses long lists in one path segment; about 25 ids or years per request is safe. */
export const MAX_LIST_LENGTH = 25;

/** Splits a list into consecutive parts of at most `size` items. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be ≥ 1, got ${size}`);
  const parts: T[][] = [];
  for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size));
  return parts;
}

/** `{base}/data/kpi/{kpi}/municipality/{ids}/year/{years}?page=1&per_page=n`, comma-separated lists. */
export function dataUrl(
  baseUrl: string,
  kpiId: string,
  municipalityCodes: readonly string[],
  years: readonly number[],
  perPage: number,
  page = 1,
): string {
  const base = baseUrl.replace(/\/+$/, '');
  const path = [
    'data/kpi',
    encodeURIComponent(kpiId),
    'municipality',
    municipalityCodes.map(encodeURIComponent).join(','),
    'year',
    years.join(','),
  ].join('/');
  const url = new URL(`${base}/${path}`);
  url.searchParams.set('page', String(page));
  url.searchParams.set('per_page', String(perPage));
  return url.toString();
}

/** The first page of every request a KPI needs: municipalities and years split into lists of ≤ 25. */
export function dataUrls(
  baseUrl: string,
  kpiId: string,
  municipalityCodes: readonly string[],
  years: readonly number[],
  perPage: number,
  maxListLength = MAX_LIST_LENGTH,
): string[] {
  const codes = [...new Set(municipalityCodes)];
  const uniqueYears = [...new Set(years)].sort((a, b) => a - b);
  return chunk(codes, maxListLength).flatMap((codePart) =>
    chunk(uniqueYears, maxListLength).map((yearPart) => dataUrl(baseUrl, kpiId, codePart, yearPart, perPage)),
  );
}
