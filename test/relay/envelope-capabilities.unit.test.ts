import { describe, expect, it } from 'vitest';
import { takesStoredSubmission } from '../../application/stored-submission';
import type { RecordedEvent } from '../../eventstore';
import { canonicalMetadataText, parseMetadata } from '../../eventstore/append-input';
import { fromEnvelope, parseEnvelope, toEnvelope } from '../../relay/envelope';
import { STORED_SUBMISSION } from '../../workflows/messages';

const base = {
  actor: 'system',
  occurredAt: '2026-02-09T07:00:00.000Z',
  correlationId: 'c',
  causationId: 'k',
};
const assigned = (metadata: Partial<RecordedEvent['metadata']>, type = 'TaskAssigned'): RecordedEvent => ({
  globalPosition: 9,
  streamId: 'task-ale.2027.nulagesanalys.ale-bun',
  streamVersion: 1,
  eventId: '5c0f1a9e-2b7d-4e1c-8a3f-6d2e9b4c7a10',
  type,
  schemaVersion: 1,
  data: { taskId: 'ale.2027.nulagesanalys.ale-bun' },
  metadata: { ...base, ...metadata },
  occurredAt: base.occurredAt,
  recordedAt: '2026-02-09T07:00:00.050Z',
});

describe("a workflow's capabilities in an event's metadata", () => {
  it('are stored only as space-separated lower-case words, and hashed with the rest', () => {
    const parsed = parseMetadata({ ...base, workflowCapabilities: STORED_SUBMISSION });
    expect(parsed.workflowCapabilities).toBe(STORED_SUBMISSION);
    expect(canonicalMetadataText(parsed)).toContain(`"workflowCapabilities":"${STORED_SUBMISSION}"`);
    expect(() => parseMetadata({ ...base, workflowCapabilities: 'Stored Submission' })).toThrow();
    expect(() => parseMetadata({ ...base, workflowCapabilities: '' })).toThrow();
  });

  it('travel as the CloudEvent workflowcapabilities extension and back', () => {
    const event = assigned({ workflowCapabilities: STORED_SUBMISSION });
    const envelope = parseEnvelope(JSON.stringify(toEnvelope(event)));
    expect(envelope.workflowcapabilities).toBe(STORED_SUBMISSION);
    expect(fromEnvelope(envelope)).toEqual(event);
    expect('workflowcapabilities' in toEnvelope(assigned({}))).toBe(false);
  });

  it('tell the API which tasks take a stored submission: only a TaskAssigned that names it', () => {
    expect(takesStoredSubmission(assigned({ workflowCapabilities: STORED_SUBMISSION }))).toBe(true);
    expect(takesStoredSubmission(assigned({ workflowCapabilities: `other ${STORED_SUBMISSION}` }))).toBe(
      true,
    );
    expect(takesStoredSubmission(assigned({}))).toBe(false);
    expect(takesStoredSubmission(assigned({ workflowCapabilities: 'other' }))).toBe(false);
    expect(
      takesStoredSubmission(assigned({ workflowCapabilities: STORED_SUBMISSION }, 'TaskSubmitted')),
    ).toBe(false);
  });
});
