import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { activeTracer } from '../ops/tracing';

/**
 * One server span per request when tracing is on (ops/tracing.ts), continuing a caller's W3C
 * `traceparent`. It is made the active context for the request's hooks and handler, so the Temporal
 * client's interceptor and the event store's append become its children. Named by the route pattern
 * once it is known, with the status code, like the latency histogram.
 */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

export function registerRequestTracing(app: FastifyInstance): void {
  const tracer = activeTracer();
  if (!tracer) return;
  const spans = new WeakMap<FastifyRequest, Span>();
  const activeFor = (request: FastifyRequest) => {
    const span = spans.get(request);
    return span ? trace.setSpan(context.active(), span) : context.active();
  };

  app.addHook('onRequest', (request, _reply, done) => {
    // Probes and scrapes every few seconds would bury the requests worth reading.
    if (UNTRACED.has(request.url)) return done();
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      request.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?')[0] },
      },
      parent,
    );
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });
  // Reading the body runs in the socket's context; the handler gets the request's again.
  app.addHook('preHandler', (request, _reply, done) => {
    context.with(activeFor(request), done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      const route = request.routeOptions.url ?? 'unmatched';
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': reply.statusCode });
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      spans.delete(request);
    }
    done();
  });
}
