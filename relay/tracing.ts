import { SpanKind } from '@opentelemetry/api';
import type { RecordedEvent } from '../eventstore';
import { type SpansPerParent, spansPerParent } from '../ops/tracing';

/**
 * One `relay.publish` span per append in a batch (the events' metadata.traceparent), in the append's
 * trace; undefined when tracing is off or no event was appended with tracing on.
 */
export function publishSpans(
  topic: string,
  events: readonly RecordedEvent[],
): SpansPerParent<RecordedEvent> | undefined {
  return spansPerParent(
    'relay.publish',
    SpanKind.PRODUCER,
    events,
    (e) => e.metadata.traceparent,
    (group) => ({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': topic,
      'messaging.batch.message_count': group.length,
      'arshjul.event_types': group.map((e) => e.type),
      'arshjul.global_positions': group.map((e) => e.globalPosition),
    }),
  );
}
