import type { FetchedKoladaValue } from '../domain/kolada/commands';
import { type KoladaClientOptions, koladaOptionsFromEnv } from './config';
import { invalidError } from './errors';
import { getKoladaJson } from './http';
import { KoladaDataPage, nextPageUrl, valuesOfPage } from './response';
import { dataUrls } from './urls';

/** More pages than this for one request means a reply that loops; we stop rather than spin. */
const MAX_PAGES = 1000;

export interface KoladaQuery {
  kpiId: string;
  municipalityCodes: readonly string[];
  years: readonly number[];
}

/** Reads KPI values from Kolada v3; a query either returns every page of every part, or throws. */
export class KoladaClient {
  readonly options: KoladaClientOptions;

  constructor(options: Partial<KoladaClientOptions> = {}) {
    this.options = { ...koladaOptionsFromEnv(), ...options };
  }

  /** Every value of the KPI for the municipalities and years: lists split, pages followed. */
  async fetchValues(query: KoladaQuery): Promise<FetchedKoladaValue[]> {
    const o = this.options;
    const out: FetchedKoladaValue[] = [];
    for (const first of dataUrls(o.baseUrl, query.kpiId, query.municipalityCodes, query.years, o.perPage)) {
      let url: string | null = first;
      for (let pages = 0; url !== null; pages++) {
        if (pages >= MAX_PAGES) throw invalidError(first, `fler än ${MAX_PAGES} sidor`);
        const current: string = url;
        const parsed = KoladaDataPage.safeParse(await getKoladaJson(current, o));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw invalidError(
            current,
            `${issue?.path.join('.') || 'svaret'}: ${issue?.message ?? 'ogiltigt'}`,
          );
        }
        out.push(...valuesOfPage(parsed.data, current).filter((v) => v.kpiId === query.kpiId));
        try {
          url = nextPageUrl(parsed.data, current);
        } catch (error) {
          throw invalidError(current, (error as Error).message);
        }
      }
    }
    return out;
  }
}
