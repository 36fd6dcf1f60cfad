import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  GENESIS_HASH,
  type LegacyHashedFields,
  legacyCanonicalForm,
  legacyEventHash,
  toStoredJson,
} from '../../eventstore/hash';
import { eventMetadataSchema } from '../../eventstore/types';
import { seededRandom } from '../support/seeded-random';

const fields: LegacyHashedFields = {
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
    expect(legacyCanonicalForm(fields)).toBe(
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
    expect(legacyCanonicalForm(reordered)).toBe(legacyCanonicalForm(fields));
  });
});

describe('canonicalJson agrees with the reference JCS implementation (canonicalize)', () => {
  const { rand, pick } = seededRandom(42);
  const pieces = [
    'a',
    'B',
    'å',
    'é',
    'Ä',
    '€',
    '😀',
    '\u0001',
    '\n',
    '"',
    '\\',
    '\u2028',
    '\u007f',
    'ﬀ',
    '\ud834\udd1e',
    ' ',
    '0',
    '',
  ];
  const str = () => Array.from({ length: Math.floor(rand() * 5) }, () => pick(pieces)).join('');
  const numbers = [
    0,
    -0,
    1,
    -1,
    0.1,
    1e21,
    1e-7,
    123e-20,
    5e-324,
    Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    333333333.3333332,
  ];
  const num = () => (rand() < 0.5 ? pick(numbers) : (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20));
  const value = (depth: number): unknown => {
    const r = rand();
    if (depth > 3 || r < 0.3) return pick([() => str(), () => num(), () => rand() < 0.5, () => null])();
    if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(rand() * 5) }, () => [str(), value(depth + 1)]),
    );
  };

  it('on 3000 random JSON values with awkward keys, strings and numbers', () => {
    for (let i = 0; i < 3000; i++) {
      const v = JSON.parse(JSON.stringify(value(0)));
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
  });

  it('on the RFC 8785 number and key-order examples', () => {
    const v = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis","numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001]}',
    );
    expect(canonicalJson(v)).toBe(canonicalize(v));
    expect(canonicalJson(v)).toContain('"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]');
  });

  it('rejects what JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson('\ud800')).toThrow(/surrogate/);
    expect(() => canonicalJson(new Date())).toThrow(/plain objects/);
    expect(() => canonicalJson(() => 1)).toThrow();
  });
});

describe('event hash', () => {
  it('is sha256 of the previous hash followed by the canonical JSON', () => {
    const prev = Buffer.alloc(32, 0xab);
    const expected = createHash('sha256')
      .update(Buffer.concat([prev, Buffer.from(legacyCanonicalForm(fields), 'utf8')]))
      .digest();
    expect(legacyEventHash(prev, fields).equals(expected)).toBe(true);
  });

  // Cross-checked with Python: sha256(32 zero bytes + json.dumps(sort_keys, compact)) of the same body.
  it('pins the format: a change here breaks every stored chain', () => {
    expect(legacyEventHash(GENESIS_HASH, fields).toString('hex')).toMatchInlineSnapshot(
      `"1f8e8c3d7f0e12a077e574f588bb93a3ec6e0dfc6c0fdd89a92eae546e46649e"`,
    );
  });

  it('changes when any hashed field or the previous hash changes', () => {
    const base = legacyEventHash(GENESIS_HASH, fields).toString('hex');
    const variants: LegacyHashedFields[] = [
      { ...fields, globalPosition: 8 },
      { ...fields, streamId: 'cycle-2028' },
      { ...fields, streamVersion: 4 },
      { ...fields, eventId: '0190f1b2-6c1e-7a4b-9c1d-2e3f4a5b6c7e' },
      { ...fields, type: 'PhaseClosed' },
      { ...fields, schemaVersion: 2 },
      { ...fields, data: { ...(fields.data as object), ratio: 0.2 } },
      { ...fields, metadata: { ...fields.metadata, actor: 'user-1' } },
    ];
    const hashes = new Set(variants.map((v) => legacyEventHash(GENESIS_HASH, v).toString('hex')));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(base)).toBe(false);
    expect(legacyEventHash(Buffer.alloc(32, 1), fields).toString('hex')).not.toBe(base);
  });

  it('rejects a previous hash that is not 32 bytes', () => {
    expect(() => legacyEventHash(Buffer.alloc(31), fields)).toThrow(/32 bytes/);
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
