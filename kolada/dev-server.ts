/**
 * A local stand-in for Kolada v3 (these machines have no internet): serves
 * `/v3/data/kpi/{kpi}/municipality/{ids}/year/{years}` in Kolada's documented shape, with paging
 * (`page`, `per_page`, `next_page`), and on request a 5xx or a reply that never comes.
 * Run alone: `npx tsx kolada/dev-server.ts --port 27007` (sample values for Ale, 1440).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { MAX_LIST_LENGTH } from './urls';

export interface DevValue {
  kpi: string;
  municipality: string;
  period: number;
  gender: 'T' | 'K' | 'M';
  value: number | null;
  status?: string;
  count?: number;
}

type Fault = { kind: 'status'; status: number } | { kind: 'hang' };

export interface KoladaDevServer {
  /** Base URL to pass as ARSHJUL_KOLADA_URL (ends in /v3). */
  url: string;
  /** Every request's path and query, in order. */
  requests: string[];
  /** Replaces the values served. */
  setValues(values: DevValue[]): void;
  /** The next `times` data requests answer with this HTTP status. */
  failNext(status: number, times?: number): void;
  /** The next `times` data requests never answer. */
  hangNext(times?: number): void;
  close(): Promise<void>;
}

const DATA_PATH = /^\/v3\/data\/kpi\/([^/]+)\/municipality\/([^/]+)\/year\/([^/]+)\/?$/;

function rowsFor(values: readonly DevValue[], kpis: string[], codes: string[], years: number[]) {
  const rows = new Map<string, { kpi: string; municipality: string; period: number; values: object[] }>();
  for (const v of values) {
    if (!kpis.includes(v.kpi) || !codes.includes(v.municipality) || !years.includes(v.period)) continue;
    const key = `${v.kpi}/${v.municipality}/${v.period}`;
    const row = rows.get(key) ?? { kpi: v.kpi, municipality: v.municipality, period: v.period, values: [] };
    row.values.push({ gender: v.gender, status: v.status ?? '', value: v.value, count: v.count ?? 1 });
    rows.set(key, row);
  }
  return [...rows.values()];
}

export async function startKoladaDevServer(
  options: { port?: number; values?: DevValue[] } = {},
): Promise<KoladaDevServer> {
  let values = options.values ?? [];
  const faults: Fault[] = [];
  const requests: string[] = [];
  const hanging = new Set<http.ServerResponse>();
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const match = DATA_PATH.exec(url.pathname);
    if (!match) return send(res, 404, { error: 'Not found' });
    const fault = faults.shift();
    if (fault?.kind === 'hang') return void hanging.add(res);
    if (fault?.kind === 'status') return send(res, fault.status, { error: `simulated ${fault.status}` });
    const [kpis, codes, yearList] = match.slice(1, 4).map((s) => decodeURIComponent(s ?? '').split(','));
    if ((codes?.length ?? 0) > MAX_LIST_LENGTH || (yearList?.length ?? 0) > MAX_LIST_LENGTH) {
      return send(res, 400, { error: `at most ${MAX_LIST_LENGTH} ids or years per request` });
    }
    const years = (yearList ?? []).map(Number);
    if (years.some((y) => !Number.isInteger(y))) return send(res, 400, { error: 'bad year' });
    const page = Number(url.searchParams.get('page') ?? '1');
    const perPage = Number(url.searchParams.get('per_page') ?? '5000');
    if (!(page >= 1 && perPage >= 1 && perPage <= 5000)) return send(res, 400, { error: 'bad page' });
    const all = rowsFor(values, kpis ?? [], codes ?? [], years);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    let nextPage: string | null = null;
    if (page * perPage < all.length) {
      const next = new URL(`http://${req.headers.host}${url.pathname}${url.search}`);
      next.searchParams.set('page', String(page + 1));
      nextPage = next.toString();
    }
    return send(res, 200, { values: slice, count: slice.length, next_page: nextPage });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v3`,
    requests,
    setValues(next) {
      values = next;
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'status', status });
    },
    hangNext(times = 1) {
      for (let i = 0; i < times; i++) faults.push({ kind: 'hang' });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Made-up sample values (not Kolada's real figures) for Ale and two comparison municipalities. */
export function sampleValues(kpi = 'N00945'): DevValue[] {
  const out: DevValue[] = [];
  for (const [code, base] of [
    ['1440', 71.5],
    ['1441', 68.2],
    ['1462', 73.9],
  ] as const) {
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const t = Math.round((base + (year - 2021) * 0.7) * 10) / 10;
      out.push({ kpi, municipality: code, period: year, gender: 'T', value: t });
      out.push({
        kpi,
        municipality: code,
        period: year,
        gender: 'K',
        value: Math.round((t + 2.1) * 10) / 10,
      });
      out.push({
        kpi,
        municipality: code,
        period: year,
        gender: 'M',
        value: Math.round((t - 2.0) * 10) / 10,
      });
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = process.argv.indexOf('--port');
  const port = flag > 0 ? Number(process.argv[flag + 1]) : 0;
  const server = await startKoladaDevServer({ port, values: sampleValues() });
  console.log(`Kolada (lokal testserver) på ${server.url}; Ctrl-C stoppar`);
  process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
