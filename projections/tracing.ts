import { SpanKind } from '@opentelemetry/api';
import type { RecordedEvent } from '../eventstore';
import type { IncomingMessage } from '../messaging/bus';
import { activeTracer, type SpansPerParent, spansPerParent } from '../ops/tracing';
import type { Projection } from './types';

interface Traced {
  event: RecordedEvent;
  /** The relay's publish span (the message's header), else the append (the CloudEvent's traceparent). */
  parent: string | undefined;
}

/**
 * One `projection.apply <read model>` span per trace among the batch's events that the read model
 * folds; undefined when tracing is off (nothing is looked at) or none of them was traced.
 */
export function applySpans(
  projection: Projection,
  messages: readonly IncomingMessage[],
  decode: (message: IncomingMessage) => RecordedEvent | null,
): SpansPerParent<Traced> | undefined {
  if (!activeTracer()) return undefined;
  const types: ReadonlySet<string> = new Set(projection.eventTypes);
  const traced: Traced[] = [];
  for (const message of messages) {
    const event = decode(message);
    if (event && types.has(event.type))
      traced.push({ event, parent: message.headers?.traceparent ?? event.metadata.traceparent });
  }
  return spansPerParent(
    `projection.apply ${projection.name}`,
    SpanKind.CONSUMER,
    traced,
    (t) => t.parent,
    (group) => ({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.batch.message_count': group.length,
      'arshjul.projection': projection.name,
      'arshjul.event_types': group.map((t) => t.event.type),
      'arshjul.global_positions': group.map((t) => t.event.globalPosition),
    }),
  );
}
