import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rateLimited } from '../ops/metrics';
import { ApiError } from './errors';

export interface RateLimitSettings {
  /** Requests a user may send at once before the refill rate applies. */
  burst: number;
  /** Requests per second refilled to each user's bucket (their sustained rate). */
  perSecond: number;
}

/**
 * Generous defaults: the demo's scenario polls a task every 25 ms as one user; a flood from one
 * account (thousands of requests in seconds) is what this stops.
 */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { burst: 1000, perSecond: 100 };

/** ARSHJUL_RATE_LIMIT_BURST and ARSHJUL_RATE_LIMIT_PER_SECOND; either 0 turns the limit off (null). */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitSettings | null {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number >= 0, got '${raw}'`);
    return n;
  };
  const burst = read('ARSHJUL_RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT.burst);
  const perSecond = read('ARSHJUL_RATE_LIMIT_PER_SECOND', DEFAULT_RATE_LIMIT.perSecond);
  return burst === 0 || perSecond === 0 ? null : { burst, perSecond };
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per key: take() says 0 when allowed, else the seconds until a token is back. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): number {
    const { burst, perSecond } = this.settings;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perSecond);
  }

  /** Buckets that have refilled completely say nothing a fresh one would not. */
  private forgetFull(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.settings.perSecond >= this.settings.burst)
        this.buckets.delete(key);
    }
  }
}

/** Probes and scrapes are not users' requests. */
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics', '/health']);

/**
 * Per-user rate limit (after authentication: the token's municipality and subject; anonymous
 * requests by client address). Over the limit: 429 with Retry-After and a Swedish message.
 */
export function registerRateLimit(app: FastifyInstance, settings: RateLimitSettings | null): void {
  if (!settings) return;
  const buckets = new TokenBuckets(settings);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (UNLIMITED.has(request.routeOptions.url ?? '')) return;
    const key = request.claims
      ? `user:${request.claims.municipality}/${request.claims.sub}`
      : `address:${request.ip}`;
    const retryAfter = buckets.take(key);
    if (retryAfter === 0) return;
    rateLimited.inc();
    reply.header('retry-after', String(retryAfter));
    throw new ApiError(
      429,
      'RATE_LIMITED',
      `För många förfrågningar: försök igen om ${retryAfter} ${retryAfter === 1 ? 'sekund' : 'sekunder'}`,
      'api.rate-limit',
      { retryAfterSeconds: retryAfter, limit: settings },
    );
  });
}

/** Request bodies above this are refused with 413 (ARSHJUL_API_BODY_LIMIT_BYTES, default 1 MiB). */
export function bodyLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ARSHJUL_API_BODY_LIMIT_BYTES;
  if (raw === undefined || raw === '') return 1024 * 1024;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`ARSHJUL_API_BODY_LIMIT_BYTES must be a positive integer, got '${raw}'`);
  }
  return n;
}

/** The 413's Swedish message with the limit people can act on. */
export function bodyTooLarge(limit: number): ApiError {
  const size =
    limit >= 1024 * 1024 ? `${(limit / 1024 / 1024).toLocaleString('sv-SE')} MiB` : `${limit} byte`;
  return new ApiError(
    413,
    'PAYLOAD_TOO_LARGE',
    `Begäran är för stor: innehållet får vara högst ${size}`,
    'api.body-limit',
    { limitBytes: limit },
  );
}
