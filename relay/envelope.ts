import { z } from 'zod';
import { parseStreamId } from '../domain/streams';
import type { JsonValue, RecordedEvent } from '../eventstore';
import { TRACEPARENT } from '../ops/traceparent';

/** Kafka header for structured-mode CloudEvents (CloudEvents Kafka protocol binding 1.0). */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/**
 * A stored event as a CloudEvents 1.0 JSON envelope. Extension attributes (lower-case, alphanumeric, as
 * the spec requires) carry what consumers need beyond the core attributes: the store's global position
 * (the consumers' checkpoint), stream version, schema version (for upcasting), the store's recording
 * time (for lag), the causal metadata and, when the append was traced, its `traceparent`.
 */
export const eventEnvelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  subject: z.string().min(1),
  time: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
  globalposition: z.number().int().positive(),
  streamversion: z.number().int().positive(),
  schemaversion: z.number().int().positive(),
  recordedtime: z.string().min(1),
  actor: z.string().min(1),
  correlationid: z.string().min(1),
  causationid: z.string().min(1),
  workflowid: z.string().min(1).optional(),
  /** CloudEvents distributed-tracing extension: the trace context of the append that stored the event. */
  traceparent: z.string().regex(TRACEPARENT).optional(),
  workflowcapabilities: z.string().min(1).optional(),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** `/arshjul/municipalities/<id>` when the stream or the event names the municipality, else `/arshjul/<category>`. */
export function sourceOf(event: Pick<RecordedEvent, 'streamId' | 'data'>): string {
  const parsed = parseStreamId(event.streamId);
  const fromData =
    typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data)
      ? event.data.municipalityId
      : undefined;
  const municipality =
    parsed && 'municipalityId' in parsed
      ? parsed.municipalityId
      : typeof fromData === 'string'
        ? fromData
        : null;
  if (municipality) return `/arshjul/municipalities/${encodeURIComponent(municipality)}`;
  return `/arshjul/${parsed?.category ?? 'streams'}`;
}

export function toEnvelope(event: RecordedEvent): EventEnvelope {
  const { workflowId, traceparent, workflowCapabilities } = event.metadata;
  return {
    specversion: '1.0',
    id: event.eventId,
    source: sourceOf(event),
    type: event.type,
    subject: event.streamId,
    time: event.occurredAt,
    datacontenttype: 'application/json',
    data: event.data,
    globalposition: event.globalPosition,
    streamversion: event.streamVersion,
    schemaversion: event.schemaVersion,
    recordedtime: event.recordedAt,
    actor: event.metadata.actor,
    correlationid: event.metadata.correlationId,
    causationid: event.metadata.causationId,
    ...(workflowId ? { workflowid: workflowId } : {}),
    ...(traceparent ? { traceparent } : {}),
    ...(workflowCapabilities ? { workflowcapabilities: workflowCapabilities } : {}),
  };
}

/** The envelope back as a stored event (what projections consume; the same shape a rebuild reads). */
export function fromEnvelope(envelope: EventEnvelope): RecordedEvent {
  return {
    globalPosition: envelope.globalposition,
    streamId: envelope.subject,
    streamVersion: envelope.streamversion,
    eventId: envelope.id,
    type: envelope.type,
    schemaVersion: envelope.schemaversion,
    data: envelope.data as JsonValue,
    metadata: {
      actor: envelope.actor,
      occurredAt: envelope.time,
      correlationId: envelope.correlationid,
      causationId: envelope.causationid,
      ...(envelope.workflowid ? { workflowId: envelope.workflowid } : {}),
      ...(envelope.traceparent ? { traceparent: envelope.traceparent } : {}),
      ...(envelope.workflowcapabilities ? { workflowCapabilities: envelope.workflowcapabilities } : {}),
    },
    occurredAt: envelope.time,
    recordedAt: envelope.recordedtime,
  };
}

export function parseEnvelope(value: string): EventEnvelope {
  return eventEnvelopeSchema.parse(JSON.parse(value));
}
