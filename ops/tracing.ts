/**
 * OpenTelemetry tracing of one arshjul process, off unless an OTLP endpoint is configured
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_SDK_DISABLED=true turns it
 * off again). Spans leave the process as OTLP/HTTP JSON in batches. When off, nothing is registered and
 * `inSpan` calls its function directly, so tests and the demo pay nothing.
 */
import { createRequire } from 'node:module';
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { TRACEPARENT } from './traceparent';

const require = createRequire(import.meta.url);
type OtlpExporterModule = typeof import('@opentelemetry/exporter-trace-otlp-http');
type ResourcesModule = typeof import('@opentelemetry/resources');
type TraceSdkModule = typeof import('@opentelemetry/sdk-trace-node');

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
  // Required only when tracing is on: the SDK, resources and exporter cost a process ~0.25 s at start.
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as OtlpExporterModule;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as ResourcesModule;
  const { BatchSpanProcessor, NodeTracerProvider } =
    require('@opentelemetry/sdk-trace-node') as TraceSdkModule;
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
  /** The parent (default: the active context), e.g. one carried by an event (contextOfTraceparent). */
  parent?: Context,
): Promise<T> {
  if (!active) return fn(undefined);
  const options = { kind, attributes: attributes() };
  const run = async (span: Span) => {
    try {
      return await fn(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  };
  return parent
    ? tracer().startActiveSpan(name, options, parent, run)
    : tracer().startActiveSpan(name, options, run);
}

/** Records what was thrown on the span and marks it failed. */
function markFailed(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as Error)?.message ?? error) });
}

/** The tracer for spans started by hand (the API's request spans), or undefined when tracing is off. */
export function activeTracer(): Tracer | undefined {
  return active ? tracer() : undefined;
}

/** The span's context as a W3C `traceparent` (version 00). */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** A context whose parent is the remote span a `traceparent` names; undefined for none or a malformed one. */
export function contextOfTraceparent(traceparent: string | undefined): Context | undefined {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16),
    isRemote: true,
  });
}

/** Spans for a batch whose items belong to different traces: one span per parent, ended together. */
export interface SpansPerParent<T> {
  /** The `traceparent` of the span the item belongs to (for the next hop), undefined without a parent. */
  traceparentFor(item: T): string | undefined;
  /** Ends every span, as failed when `error` is given. */
  end(error?: unknown): void;
}

/**
 * Starts a span named `name` for each distinct parent among the items (their `traceparent`s), so each
 * trace sees its own part of a shared batch. Undefined when tracing is off or no item has a parent:
 * callers then do nothing extra.
 */
export function spansPerParent<T>(
  name: string,
  kind: SpanKind,
  items: readonly T[],
  parentOf: (item: T) => string | undefined,
  attributes: (group: readonly T[]) => Attributes,
): SpansPerParent<T> | undefined {
  if (!active) return undefined;
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const parent = parentOf(item);
    if (!parent || !TRACEPARENT.test(parent)) continue;
    const group = groups.get(parent);
    if (group) group.push(item);
    else groups.set(parent, [item]);
  }
  if (groups.size === 0) return undefined;
  const spans = new Map<string, { span: Span; traceparent: string }>();
  for (const [parent, group] of groups) {
    const span = tracer().startSpan(
      name,
      { kind, attributes: attributes(group) },
      contextOfTraceparent(parent),
    );
    spans.set(parent, { span, traceparent: traceparentOf(span) });
  }
  return {
    traceparentFor: (item) => {
      const parent = parentOf(item);
      return parent ? spans.get(parent)?.traceparent : undefined;
    },
    end(error) {
      for (const { span } of spans.values()) {
        if (error !== undefined) markFailed(span, error);
        span.end();
      }
    },
  };
}
