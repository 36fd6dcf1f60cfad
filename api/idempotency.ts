import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { canonicalJson } from '../eventstore/index';
import { ApiError } from './errors';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/**
 * A first request that never finished (a crash) frees its key after this long (default 5 minutes;
 * ARSHJUL_IDEMPOTENCY_STALE_SECONDS shortens it, e.g. for the soak, whose clock runs fast). Safe for
 * workflow updates at any length: the key is also their update id, so Temporal answers a retried
 * update with the first one's outcome instead of acting twice.
 */
function staleAfterMs(): number {
  const raw = process.env.ARSHJUL_IDEMPOTENCY_STALE_SECONDS;
  const seconds = raw ? Number(raw) : 300;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`ARSHJUL_IDEMPOTENCY_STALE_SECONDS must be a positive number, got '${raw}'`);
  }
  return seconds * 1000;
}

/** The Temporal update id of a request with an Idempotency-Key (none without one). */
export function updateIdOf(request: FastifyRequest): string | undefined {
  const idem = request.idempotency;
  if (!idem) return undefined;
  return `idem-${createHash('sha256').update(`${idem.principal}\n${idem.key}`).digest('hex').slice(0, 40)}`;
}
/** A key is remembered this long; after it the same key acts anew, and the cleanup deletes it. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { principal: string; key: string; replayed: boolean };
  }
}

export function requestHash(method: string, url: string, body: unknown): string {
  const canonical = body === undefined || body === null ? 'null' : canonicalJson(body as never);
  return createHash('sha256').update(`${method} ${url}\n${canonical}`).digest('hex');
}

interface KeyRow {
  request_hash: string;
  status_code: number | null;
  content_type: string | null;
  response_body: string | null;
  created_at: Date;
}

/**
 * `Idempotency-Key` on POSTs: the first request with a key acts and its response (any status below
 * 500) is stored; a retry with the same key and the same request gets the stored response, marked
 * `Idempotent-Replayed: true`, and acts no more. The same key with another request is 422; a retry
 * while the first is still running is 409. A 5xx frees the key, so a retry may act.
 */
export function registerIdempotency(app: FastifyInstance, pool: pg.Pool): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 200) {
      throw new ApiError(
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key ska vara 1–200 tecken',
        'api.idempotency-key',
      );
    }
    const claims = request.claims;
    if (!claims) return;
    const principal = `${claims.municipality}/${claims.sub}`;
    const hash = requestHash(request.method, request.url, request.body);
    const inserted = await pool.query(
      // An expired key (not yet cleaned up) is taken over as if it were new.
      `insert into api_idempotency_keys (principal, key, method, path, request_hash)
       values ($1, $2, $3, $4, $5)
       on conflict (principal, key) do update
         set method = excluded.method, path = excluded.path, request_hash = excluded.request_hash,
             status_code = null, content_type = null, response_body = null, completed_at = null,
             created_at = now()
         where api_idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})`,
      [principal, key, request.method, request.url, hash],
    );
    if (inserted.rowCount === 1) {
      request.idempotency = { principal, key, replayed: false };
      return;
    }
    const { rows } = await pool.query<KeyRow>(
      `select request_hash, status_code, content_type, response_body, created_at
       from api_idempotency_keys where principal = $1 and key = $2`,
      [principal, key],
    );
    const row = rows[0];
    if (!row) throw new ApiError(409, 'IDEMPOTENCY_IN_PROGRESS', 'Försök igen', 'api.idempotency-key');
    if (row.request_hash !== hash) {
      throw new ApiError(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key har redan använts för en annan begäran',
        'api.idempotency-key.same-request',
      );
    }
    if (row.status_code === null) {
      // Postgres keeps microseconds, a JS Date milliseconds: the row is matched at milliseconds.
      const taken =
        Date.now() - row.created_at.getTime() > staleAfterMs()
          ? await pool.query(
              `update api_idempotency_keys set created_at = now()
               where principal = $1 and key = $2 and status_code is null
                 and date_trunc('milliseconds', created_at) = $3`,
              [principal, key, row.created_at],
            )
          : { rowCount: 0 };
      if (taken.rowCount === 1) {
        request.idempotency = { principal, key, replayed: false };
        return;
      }
      throw new ApiError(
        409,
        'IDEMPOTENCY_IN_PROGRESS',
        'En begäran med samma Idempotency-Key pågår redan',
        'api.idempotency-key.in-progress',
      );
    }
    request.idempotency = { principal, key, replayed: true };
    reply
      .code(row.status_code)
      .header('idempotent-replayed', 'true')
      .type(row.content_type ?? 'application/json; charset=utf-8');
    return reply.send(row.response_body ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    if (!idem || idem.replayed) return payload;
    if (reply.statusCode >= 500) {
      await pool.query('delete from api_idempotency_keys where principal = $1 and key = $2', [
        idem.principal,
        idem.key,
      ]);
      return payload;
    }
    const body =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    await pool.query(
      `update api_idempotency_keys
       set status_code = $3, content_type = $4, response_body = $5, completed_at = now()
       where principal = $1 and key = $2`,
      [idem.principal, idem.key, reply.statusCode, String(reply.getHeader('content-type') ?? ''), body],
    );
    return payload;
  });
}

/** Deletes the keys older than the TTL; returns how many. */
export async function deleteExpiredIdempotencyKeys(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(
    'delete from api_idempotency_keys where created_at < now() - make_interval(hours => $1)',
    [IDEMPOTENCY_KEY_TTL_HOURS],
  );
  return rowCount ?? 0;
}

/**
 * Runs the cleanup at start and then every `intervalMs` (ARSHJUL_IDEMPOTENCY_CLEANUP_MINUTES, default
 * 60) while the API runs, so the table holds about one day of keys.
 */
export function scheduleIdempotencyCleanup(app: FastifyInstance, pool: pg.Pool, intervalMs?: number): void {
  const raw = process.env.ARSHJUL_IDEMPOTENCY_CLEANUP_MINUTES;
  const minutes = raw ? Number(raw) : 60;
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new Error(`ARSHJUL_IDEMPOTENCY_CLEANUP_MINUTES must be a positive number, got '${raw}'`);
  }
  const every = intervalMs ?? minutes * 60_000;
  const clean = () => {
    deleteExpiredIdempotencyKeys(pool).then(
      (n) => {
        if (n > 0) app.log.info({ deleted: n }, 'expired idempotency keys deleted');
      },
      (error: unknown) => app.log.warn({ err: error }, 'idempotency key cleanup failed'),
    );
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    clean();
    timer = setInterval(clean, every);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
