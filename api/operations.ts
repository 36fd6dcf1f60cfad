import type { FastifyInstance } from 'fastify';
import { databaseCheck, temporalCheck } from '../ops/checks';
import { exposedMetrics, joinClusterMetrics } from '../ops/cluster-metrics';
import { readiness } from '../ops/health-server';
import { collectProcessMetrics, httpRequestDuration, metricsRegistry } from '../ops/metrics';
import type { ApiDeps } from './context';

/**
 * Operations routes on the API's own port: GET /healthz (the process lives), GET /readyz (Postgres
 * and Temporal answer), GET /metrics (Prometheus), and the HTTP latency histogram by route and status.
 */
export function registerOperations(app: FastifyInstance, deps: ApiDeps): void {
  collectProcessMetrics();
  joinClusterMetrics();
  const checks = {
    database: databaseCheck(deps.pool),
    temporal: temporalCheck(deps.client),
  };
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, not its URL: one series per route, whatever the ids in the path.
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  const hidden = { hide: true } as const;
  app.get('/healthz', { config: { roles: 'public' }, schema: hidden }, async () => ({
    ok: true,
    process: 'api',
  }));
  app.get('/readyz', { config: { roles: 'public' }, schema: hidden }, async (_request, reply) => {
    const report = await readiness(checks);
    const ready = report.ready && !closing;
    return reply.code(ready ? 200 : 503).send({ ...report, ready, process: 'api' });
  });
  app.get('/metrics', { config: { roles: 'public' }, schema: hidden }, async (_request, reply) => {
    const body = await exposedMetrics();
    return reply.type(metricsRegistry.contentType).send(body);
  });
}
