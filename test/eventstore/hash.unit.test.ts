import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalForm,
  eventHash,
  GENESIS_HASH,
  type HashedFields,
  toStoredJson,
} from '../../eventstore/hash';
import { eventMetadataSchema } from '../../eventstore/types';

const fields: HashedFields = {
  globalPosition: 7,
  streamId: 'cycle-2027',
  streamVersion: 3,
  eventId: '0190f1b2-6c1e-7a4b-9c1d-2e3f4a5b6c7d',
  type: 'PhaseOpened',
  schemaVersion: 1,
  data: {
    phase: 'nulagesanalys',
    opens: '2026-02-01',
    ratio: 0.1,
    big: 1e21,
    list: [3, 1, 2],
    nested: { b: 1, a: 'å' },
  },
  metadata: {
    actor: 'system',
    occurredAt: '2026-02-01T08:00:00.000Z',
    correlationId: 'c-1',
    causationId: 'c-1',
    workflowId: 'wf-1',
  },
};

describe('canonical form (RFC 8785)', () => {
  it('sorts keys at every level and formats numbers as ECMAScript does', () => {
    expect(canonicalForm(fields)).toBe(
      '{"data":{"big":1e+21,"list":[3,1,2],"nested":{"a":"å","b":1},"opens":"2026-02-01","phase":"nulagesanalys","ratio":0.1},' +
        '"eventId":"0190f1b2-6c1e-7a4b-9c1d-2e3f4a5b6c7d","globalPosition":7,' +
        '"metadata":{"actor":"system","causationId":"c-1","correlationId":"c-1","occurredAt":"2026-02-01T08:00:00.000Z","workflowId":"wf-1"},' +
        '"schemaVersion":1,"streamId":"cycle-2027","streamVersion":3,"type":"PhaseOpened"}',
    );
  });

  it('does not depend on the order in which keys were written', () => {
    const reordered = {
      ...fields,
      data: {
        nested: { a: 'å', b: 1 },
        list: [3, 1, 2],
        big: 1e21,
        ratio: 0.1,
        opens: '2026-02-01',
        phase: 'nulagesanalys',
      },
    };
    expect(canonicalForm(reordered)).toBe(canonicalForm(fields));
  });
});

describe('event hash', () => {
  it('is sha256 of the previous hash followed by the canonical JSON', () => {
    const prev = Buffer.alloc(32, 0xab);
    const expected = createHash('sha256')
      .update(Buffer.concat([prev, Buffer.from(canonicalForm(fields), 'utf8')]))
      .digest();
    expect(eventHash(prev, fields).equals(expected)).toBe(true);
  });

  // Cross-checked with Python: sha256(32 zero bytes + json.dumps(sort_keys, compact)) of the same body.
  it('pins the format: a change here breaks every stored chain', () => {
    expect(eventHash(GENESIS_HASH, fields).toString('hex')).toMatchInlineSnapshot(
      `"1f8e8c3d7f0e12a077e574f588bb93a3ec6e0dfc6c0fdd89a92eae546e46649e"`,
    );
  });

  it('changes when any hashed field or the previous hash changes', () => {
    const base = eventHash(GENESIS_HASH, fields).toString('hex');
    const variants: HashedFields[] = [
      { ...fields, globalPosition: 8 },
      { ...fields, streamId: 'cycle-2028' },
      { ...fields, streamVersion: 4 },
      { ...fields, eventId: '0190f1b2-6c1e-7a4b-9c1d-2e3f4a5b6c7e' },
      { ...fields, type: 'PhaseClosed' },
      { ...fields, schemaVersion: 2 },
      { ...fields, data: { ...(fields.data as object), ratio: 0.2 } },
      { ...fields, metadata: { ...fields.metadata, actor: 'user-1' } },
    ];
    const hashes = new Set(variants.map((v) => eventHash(GENESIS_HASH, v).toString('hex')));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(base)).toBe(false);
    expect(eventHash(Buffer.alloc(32, 1), fields).toString('hex')).not.toBe(base);
  });

  it('rejects a previous hash that is not 32 bytes', () => {
    expect(() => eventHash(Buffer.alloc(31), fields)).toThrow(/32 bytes/);
  });
});

describe('stored JSON', () => {
  it('normalises to what jsonb returns', () => {
    expect(toStoredJson({ a: undefined, d: new Date('2026-01-01T00:00:00Z'), n: -0 }, 'x')).toEqual({
      d: '2026-01-01T00:00:00.000Z',
      n: 0,
    });
  });

  it.each([
    ['NaN', { n: Number.NaN }, /not valid JSON/],
    ['Infinity', { n: Number.POSITIVE_INFINITY }, /not valid JSON/],
    ['bigint', { n: 1n }, /bigint/],
    ['NUL', { s: 'a\u0000b' }, /NUL/],
    ['lone surrogate', { s: '\ud800' }, /surrogate/i],
    ['undefined', undefined, /not a JSON value/],
  ])('rejects %s', (_name, value, message) => {
    expect(() => toStoredJson(value, 'data')).toThrow(message);
  });
});

describe('metadata', () => {
  it('normalises occurredAt to a UTC instant and keeps the rest', () => {
    const parsed = eventMetadataSchema.parse({
      actor: 'user-42',
      occurredAt: '2026-03-01T10:00:00+01:00',
      correlationId: 'corr',
      causationId: 'cause',
    });
    expect(parsed).toEqual({
      actor: 'user-42',
      occurredAt: '2026-03-01T09:00:00.000Z',
      correlationId: 'corr',
      causationId: 'cause',
    });
  });

  it('rejects a missing actor, a local time without offset, and unknown keys', () => {
    const ok = { actor: 'system', occurredAt: '2026-03-01T09:00:00Z', correlationId: 'c', causationId: 'c' };
    expect(eventMetadataSchema.safeParse({ ...ok, actor: '' }).success).toBe(false);
    expect(eventMetadataSchema.safeParse({ ...ok, occurredAt: '2026-03-01T09:00:00' }).success).toBe(false);
    expect(eventMetadataSchema.safeParse({ ...ok, tenant: 'x' }).success).toBe(false);
    expect(eventMetadataSchema.safeParse(ok).success).toBe(true);
  });
});
