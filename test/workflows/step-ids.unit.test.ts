import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newEventSchema } from '../../eventstore/types';
import { sha256Hex } from '../../workflows/sha256';
import { stepEventId } from '../../workflows/step-ids';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex (workflow code, no node:crypto)', () => {
  it('matches node:crypto on the block boundaries and on multi-byte text', () => {
    const texts = [
      '',
      'abc',
      'a'.repeat(55), // the longest message that pads within one block
      'a'.repeat(56),
      'a'.repeat(64),
      'b'.repeat(1000),
      'Kommunstyrelsen: årsredovisning, §§ 24–25',
      'emoji 🗓️ och 𝄞',
    ];
    for (const text of texts) expect(sha256Hex(text), JSON.stringify(text)).toBe(nodeSha256(text));
  });
});

describe('stepEventId', () => {
  const id = stepEventId('cycle-ale-2027/run-1', 'update:abc', 1, 0);

  it('is a version-8 UUID the store takes as an event id', () => {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const parsed = newEventSchema.parse({ eventId: id, type: 'X', schemaVersion: 1, data: {} });
    expect(parsed.eventId).toBe(id);
  });

  it('is the same for the same step and differs in each part', () => {
    expect(stepEventId('cycle-ale-2027/run-1', 'update:abc', 1, 0)).toBe(id);
    const others = [
      stepEventId('cycle-ale-2027/run-2', 'update:abc', 1, 0),
      stepEventId('cycle-ale-2027/run-1', 'update:abd', 1, 0),
      stepEventId('cycle-ale-2027/run-1', 'update:abc', 2, 0),
      stepEventId('cycle-ale-2027/run-1', 'update:abc', 1, 1),
      // Parts are not run together: moving a character between them gives another id.
      stepEventId('cycle-ale-2027/run-1u', 'pdate:abc', 1, 0),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });
});
