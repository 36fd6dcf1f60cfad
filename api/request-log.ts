import type { FastifyInstance } from 'fastify';

export interface RequestLogSettings {
  /** Log every request (method, route, status, time), as Fastify's own request log did. */
  everyRequest: boolean;
  /** Requests slower than this are logged at warn, whatever `everyRequest` says. */
  slowMs: number;
}

/**
 * ARSHJUL_API_LOG_REQUESTS=1 logs every request; ARSHJUL_API_SLOW_MS (default 1000) is the time past
 * which a request is logged as slow. Server errors are logged by the error handler in any case.
 */
export function requestLogFromEnv(env: NodeJS.ProcessEnv = process.env): RequestLogSettings {
  const raw = env.ARSHJUL_API_SLOW_MS;
  const slowMs = raw === undefined || raw === '' ? 1000 : Number(raw);
  if (!Number.isFinite(slowMs) || slowMs < 0) {
    throw new Error(`ARSHJUL_API_SLOW_MS must be a number of milliseconds >= 0, got '${raw}'`);
  }
  return { everyRequest: env.ARSHJUL_API_LOG_REQUESTS === '1', slowMs };
}

const SLOW_LINES_PER_SECOND = 10;

/**
 * One line per request only where it says something: Fastify's own two lines per request (pino
 * serialising the request and the response) cost about as much CPU as an inbox read itself, and
 * thousands of identical inbox lines a second bury the ones worth reading. Slow requests and
 * (through the error handler) 5xx are always logged.
 */
export function registerRequestLog(app: FastifyInstance, settings: RequestLogSettings): void {
  // When everything is slow (an overload), a line per request would add to it: a few lines a second,
  // and how many were left out.
  let second = 0;
  let slowThisSecond = 0;
  app.addHook('onResponse', (request, reply, done) => {
    const ms = reply.elapsedTime;
    let slow = ms >= settings.slowMs;
    if (slow) {
      const now = Math.floor(Date.now() / 1000);
      if (now !== second) {
        if (slowThisSecond > SLOW_LINES_PER_SECOND) {
          request.log.warn(
            { slowRequests: slowThisSecond - SLOW_LINES_PER_SECOND },
            'slow requests not logged',
          );
        }
        second = now;
        slowThisSecond = 0;
      }
      slow = ++slowThisSecond <= SLOW_LINES_PER_SECOND;
    }
    if (slow || settings.everyRequest) {
      const line = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(ms),
      };
      if (slow) request.log.warn(line, 'slow request');
      else request.log.info(line, 'request');
    }
    done();
  });
}
