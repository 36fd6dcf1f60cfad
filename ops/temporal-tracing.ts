/**
 * The Temporal side of tracing: the SDK's OpenTelemetry interceptors for the client (the API's
 * workflow starts, updates and signals carry the trace in their headers), the workflow sandbox and the
 * activities, and the sink that takes the sandbox's finished spans to the process's span processor.
 */
import { createRequire } from 'node:module';
import type { SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetrySinks,
  OpenTelemetryWorkflowClientInterceptor,
  type SerializableSpan,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { Tracing } from './tracing';

const require = createRequire(import.meta.url);

/** The module whose `interceptors` the workflow bundle installs in every workflow when tracing. */
export const workflowTracingModules: readonly string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/** Client interceptors that start a span per workflow call and put its context in the headers. */
export function tracingClientInterceptors() {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** Worker options that continue the trace in activities and export the workflows' spans. */
export function tracingWorkerOptions(tracing: Tracing): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: workflowSpanSinks(tracing),
  };
}

/**
 * The sandbox's tracer is OpenTelemetry 1.x (bundled with the interceptors), the process's is 2.x: its
 * spans name their parent by id and their scope "instrumentationLibrary". Converted here, then handed
 * to the process's span processor like any other finished span. Not called during replay.
 */
export function workflowSpanSinks(tracing: Tracing): InjectedSinks<OpenTelemetrySinks> {
  return {
    exporter: {
      export: {
        fn: (info, spans) => {
          for (const span of spans) {
            tracing.spanProcessor.onEnd(
              toReadableSpan(span, tracing, {
                'temporal.workflow.id': info.workflowId,
                'temporal.run.id': info.runId,
                'temporal.workflow.type': info.workflowType,
              }),
            );
          }
        },
      },
    },
  };
}

function toReadableSpan(
  span: SerializableSpan,
  tracing: Tracing,
  workflow: Record<string, string>,
): ReadableSpan {
  const { traceState: _serialized, ...context } = span.spanContext;
  const spanContext: SpanContext = context;
  const parentSpanContext: SpanContext | undefined = span.parentSpanId
    ? { traceId: context.traceId, spanId: span.parentSpanId, traceFlags: context.traceFlags }
    : undefined;
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => spanContext,
    parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: { ...span.attributes, ...workflow },
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: tracing.resource,
    instrumentationScope: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
