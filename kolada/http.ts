import type { KoladaClientOptions } from './config';
import { invalidError, type KoladaError, rejectedError, timeoutError, unavailableError } from './errors';

type Attempt = { ok: true; body: unknown } | { ok: false; retry: boolean; error: KoladaError };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with jitter: base·2^(n−1), scaled by a random factor in [0.5, 1). */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.5 + random() * 0.5));
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

async function attemptOnce(url: string, o: KoladaClientOptions, attempt: number): Promise<Attempt> {
  try {
    // The signal covers the body too: a reply that stalls half-way times out like a silent one.
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    if (response.status >= 500) {
      await response.body?.cancel();
      return {
        ok: false,
        retry: true,
        error: unavailableError(url, attempt, `HTTP ${response.status}`, response.status),
      };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, retry: false, error: rejectedError(url, response.status) };
    }
    const text = await response.text();
    try {
      return { ok: true, body: JSON.parse(text) };
    } catch {
      return { ok: false, retry: false, error: invalidError(url, 'inte JSON') };
    }
  } catch (error) {
    if (isTimeout(error)) return { ok: false, retry: true, error: timeoutError(url, o.timeoutMs, attempt) };
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { ok: false, retry: true, error: unavailableError(url, attempt, String(cause)) };
  }
}

/**
 * GETs JSON from Kolada: one timeout per request, retries with backoff for 5xx, timeouts and network
 * errors, none for 4xx. Throws KoladaError with the last attempt's reason.
 */
export async function getKoladaJson(url: string, o: KoladaClientOptions): Promise<unknown> {
  const sleep = o.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(url, o, attempt);
    if (result.ok) return result.body;
    if (!result.retry || attempt > o.retries) throw result.error;
    await sleep(backoffDelay(attempt, o.backoffMs, o.random));
  }
}
