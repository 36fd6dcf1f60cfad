/**
 * Prometheus metrics of every arshjul process (prom-client's default registry): each process serves
 * the series it has touched at GET /metrics (the API on its own port, the others on their health port).
 */
import { Counter, collectDefaultMetrics, Histogram, register } from 'prom-client';

export const metricsRegistry = register;

let defaultsCollected = false;
/** Process metrics (CPU, memory, event loop lag), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ prefix: 'arshjul_' });
}

export const httpRequestDuration = new Histogram({
  name: 'arshjul_http_request_duration_seconds',
  help: 'HTTP request latency of the API by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const eventStoreAppends = new Counter({
  name: 'arshjul_eventstore_appends_total',
  help: 'Appends to the event store by outcome (appended, replayed: idempotent retry, version_conflict)',
  labelNames: ['outcome'] as const,
});

export const eventStoreVersionConflicts = new Counter({
  name: 'arshjul_eventstore_version_conflicts_total',
  help: 'Appends refused because the stream had moved past the expected version',
});

export const rateLimited = new Counter({
  name: 'arshjul_http_rate_limited_total',
  help: 'Requests refused with 429 by the per-user rate limit',
});
