/** Kolada's public API, version 3 (https://api.kolada.se/v3/docs). */
export const KOLADA_DEFAULT_URL = 'https://api.kolada.se/v3';

/** How the client talks to Kolada; every field has a default from the environment. */
export interface KoladaClientOptions {
  /** Base URL up to and including `/v3` (ARSHJUL_KOLADA_URL). */
  baseUrl: string;
  /** Per request, including reading the body (ARSHJUL_KOLADA_TIMEOUT_MS, default 10 000). */
  timeoutMs: number;
  /** Further attempts after a 5xx, a timeout or a network error; never after a 4xx (ARSHJUL_KOLADA_RETRIES). */
  retries: number;
  /** First backoff; doubles per attempt, with jitter. */
  backoffMs: number;
  /** Rows per page asked for (`per_page`). */
  perPage: number;
  /** Waits between attempts (tests pass a quicker one). */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); the jitter's source. */
  random?: () => number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} ska vara ett heltal ≥ ${min}, fick '${raw}'`);
  return n;
}

export function koladaOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): KoladaClientOptions {
  const baseUrl = env.ARSHJUL_KOLADA_URL?.trim() || KOLADA_DEFAULT_URL;
  try {
    new URL(baseUrl);
  } catch {
    throw new Error(`ARSHJUL_KOLADA_URL är ingen giltig adress: '${baseUrl}'`);
  }
  return {
    baseUrl,
    timeoutMs: positiveInt(env, 'ARSHJUL_KOLADA_TIMEOUT_MS', 10_000),
    retries: positiveInt(env, 'ARSHJUL_KOLADA_RETRIES', 3, 0),
    backoffMs: positiveInt(env, 'ARSHJUL_KOLADA_BACKOFF_MS', 500),
    perPage: positiveInt(env, 'ARSHJUL_KOLADA_PER_PAGE', 5000),
  };
}
