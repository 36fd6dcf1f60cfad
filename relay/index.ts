export { type RelayCheckpoint, RelayCheckpointStore } from './checkpoint';
export {
  CLOUDEVENTS_CONTENT_TYPE,
  type EventEnvelope,
  eventEnvelopeSchema,
  fromEnvelope,
  parseEnvelope,
  sourceOf,
  toEnvelope,
} from './envelope';
export { EVENTS_TOPIC, OutboxRelay, type RelayOptions, toMessage } from './relay';
export { type RelayStatus, relayStatus } from './status';
export { type RelayStepTiming, wallClockMs } from './timing';
