import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../eventstore';
import { parseMetadata } from '../../eventstore/append-input';
import { fromEnvelope, parseEnvelope, toEnvelope } from '../../relay/envelope';

const TRACEPARENT = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
const event = (metadata: Partial<RecordedEvent['metadata']>): RecordedEvent => ({
  globalPosition: 7,
  streamId: 'municipality-ale',
  streamVersion: 3,
  eventId: '0b7e9c1e-4c1f-4d3e-9a53-7f0d2c1b5a10',
  type: 'OrganAdded',
  schemaVersion: 1,
  data: { municipalityId: 'ale' },
  metadata: {
    actor: 'karin.holm@ale.se',
    occurredAt: '2026-02-10T08:00:00.000Z',
    correlationId: 'c',
    causationId: 'k',
    ...metadata,
  },
  occurredAt: '2026-02-10T08:00:00.000Z',
  recordedAt: '2026-02-10T08:00:00.100Z',
});

describe("the append's trace context on the event", () => {
  it('travels as the CloudEvent traceparent extension and back into the metadata', () => {
    const traced = event({ traceparent: TRACEPARENT });
    const envelope = parseEnvelope(JSON.stringify(toEnvelope(traced)));
    expect(envelope.traceparent).toBe(TRACEPARENT);
    expect(fromEnvelope(envelope)).toEqual(traced);
  });

  it('is left out entirely when the append was not traced', () => {
    const plain = event({});
    expect('traceparent' in toEnvelope(plain)).toBe(false);
    expect(fromEnvelope(parseEnvelope(JSON.stringify(toEnvelope(plain))))).toEqual(plain);
  });

  it('is kept by the store only in the W3C form', () => {
    const base = { actor: 'a', occurredAt: '2026-02-10T08:00:00.000Z', correlationId: 'c', causationId: 'k' };
    expect(parseMetadata({ ...base, traceparent: TRACEPARENT }).traceparent).toBe(TRACEPARENT);
    expect(() => parseMetadata({ ...base, traceparent: 'not-a-trace' })).toThrow();
  });
});
