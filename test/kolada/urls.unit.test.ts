import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../kolada/http';
import { KoladaDataPage, nextPageUrl, valuesOfPage } from '../../kolada/response';
import { chunk, dataUrl, dataUrls } from '../../kolada/urls';

const BASE = 'https://api.kolada.se/v3';

describe('Kolada URLs', () => {
  it('builds the documented data path with comma-separated lists and paging', () => {
    expect(dataUrl(BASE, 'N00945', ['1440', '1441'], [2023, 2024], 100)).toBe(
      'https://api.kolada.se/v3/data/kpi/N00945/municipality/1440,1441/year/2023,2024?page=1&per_page=100',
    );
  });

  it('splits lists longer than 25 into requests of at most 25 ids and 25 years', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    const codes = Array.from({ length: 30 }, (_, i) => String(1400 + i));
    const years = Array.from({ length: 27 }, (_, i) => 2000 + i);
    const urls = dataUrls(BASE, 'N00945', codes, years, 5000);
    expect(urls).toHaveLength(4);
    for (const url of urls) {
      const [, codeList, yearList] = /municipality\/([^/]+)\/year\/([^?]+)/.exec(url) ?? [];
      expect(codeList?.split(',').length).toBeLessThanOrEqual(25);
      expect(yearList?.split(',').length).toBeLessThanOrEqual(25);
    }
    expect(urls[0]).toContain('/year/2000,2001');
    expect(urls[3]).toContain('municipality/1425,1426,1427,1428,1429/year/2025,2026');
  });
});

describe('Kolada pages', () => {
  const page = KoladaDataPage.parse({
    values: [
      {
        kpi: 'N00945',
        municipality: '1440',
        period: 2024,
        values: [
          { gender: 'T', status: '', value: 72.3, count: 1 },
          { gender: 'K', status: 'Missing', value: null, count: 0 },
        ],
      },
    ],
    count: 1,
    next_page: 'https://api.kolada.se/v3/data/kpi/N00945/municipality/1440/year/2024?page=2&per_page=1',
  });

  it('flattens values per gender, with empty status as none and the page URL as source', () => {
    expect(valuesOfPage(page, 'https://x.test/p1')).toEqual([
      {
        url: 'https://x.test/p1',
        kpiId: 'N00945',
        municipalityCode: '1440',
        period: 2024,
        gender: 'T',
        status: null,
        value: 72.3,
        count: 1,
      },
      {
        url: 'https://x.test/p1',
        kpiId: 'N00945',
        municipalityCode: '1440',
        period: 2024,
        gender: 'K',
        status: 'Missing',
        value: null,
        count: 0,
      },
    ]);
  });

  it('follows next_page (URL or page number), stops at null, and refuses another host', () => {
    const current = 'https://api.kolada.se/v3/data/kpi/N00945/municipality/1440/year/2024?page=1&per_page=1';
    expect(nextPageUrl(page, current)).toContain('page=2');
    expect(nextPageUrl({ ...page, next_page: 3 }, current)).toContain('page=3');
    expect(nextPageUrl({ ...page, next_page: null }, current)).toBeNull();
    expect(() => nextPageUrl({ ...page, next_page: 'https://evil.test/x' }, current)).toThrow(/annan värd/);
  });

  it('backs off exponentially with jitter between half and all of the step', () => {
    expect(backoffDelay(1, 100, () => 0)).toBe(50);
    expect(backoffDelay(3, 100, () => 0.999)).toBeLessThanOrEqual(400);
    expect(backoffDelay(3, 100, () => 0)).toBe(200);
  });
});
