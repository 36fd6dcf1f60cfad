/**
 * OpenTelemetry tracing of one arshjul process, off unless an OTLP endpoint is configured
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_SDK_DISABLED=true turns it
 * off again). Spans leave the process as OTLP/HTTP JSON in batches. When off, nothing is registered and
 * `inSpan` calls its function directly, so tests and the demo pay nothing.
 */
import { type Attributes, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';

/** Whether this environment asks for traces. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface Tracing {
  resource: Resource;
  /** Where spans made outside the SDK's tracer (the workflow sandbox's) are handed in. */
  spanProcessor: SpanProcessor;
  /** Sends what is buffered (e.g. before a test reads the collector). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** The process's tracing, when it was started. */
export function currentTracing(): Tracing | undefined {
  return active;
}

/**
 * Registers the global tracer provider (W3C trace context, AsyncLocalStorage context) for the named
 * process, once; undefined when tracing is not requested.
 */
export function startTracing(processName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (active) return active;
  if (!tracingRequested(env)) return undefined;
  const resource = resourceFromAttributes({
    'service.name': env.OTEL_SERVICE_NAME || `arshjul-${processName}`,
    'service.namespace': 'arshjul',
    'process.pid': process.pid,
  });
  // The exporter reads the endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables.
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1_000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  active = {
    resource,
    spanProcessor,
    flush: () => provider.forceFlush(),
    async shutdown() {
      active = undefined;
      await provider.shutdown();
    },
  };
  return active;
}

function tracer(): Tracer {
  return trace.getTracer('arshjul');
}

/**
 * Runs `fn` in a span that is the active one for everything it awaits; records an error as the span's
 * status. Without tracing, just runs `fn` (the attributes are not even computed).
 */
export async function inSpan<T>(
  name: string,
  attributes: () => Attributes,
  fn: (span: Span | undefined) => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (!active) return fn(undefined);
  return tracer().startActiveSpan(name, { kind, attributes: attributes() }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The tracer for spans started by hand (the API's request spans), or undefined when tracing is off. */
export function activeTracer(): Tracer | undefined {
  return active ? tracer() : undefined;
}
