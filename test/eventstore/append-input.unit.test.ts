import { describe, expect, it } from 'vitest';
import { canonicalMetadataText, parseMetadata, parseNewEvent } from '../../eventstore/append-input';
import { toStoredForm } from '../../eventstore/hash';
import { storedCanonicalJson } from '../../eventstore/stored-json';
import { eventMetadataSchema, newEventSchema } from '../../eventstore/types';
import { seededRandom } from '../support/seeded-random';

const { rand, pick } = seededRandom(7);
const pieces = [
  'a',
  'Ö',
  '€',
  '😀',
  '\u0001',
  '\n',
  '"',
  '\\',
  '\u2028',
  '\\u0000',
  ' ',
  '0',
  '__proto__',
  '',
];
const str = () => Array.from({ length: Math.floor(rand() * 4) }, () => pick(pieces)).join('');
const leaves = [
  () => str(),
  () => pick([0, -0, 1, -1.5, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2]),
  () => rand() < 0.5,
  () => null,
  () => undefined,
  () => () => 1,
  () => new Date(Date.UTC(2026, 2, 20, 9, Math.floor(rand() * 60))),
  () => new Date(Number.NaN),
  () => new Number(4.5),
  () => new String('boxed'),
  () => new Boolean(false),
  () => new Map([['a', 1]]),
  () => ({ toJSON: (key: string) => `json of ${key}` }),
];
/** Values as callers hand them to append: not yet JSON, with what JSON.stringify drops or converts. */
const value = (depth: number): unknown => {
  const r = rand();
  if (depth > 3 || r < 0.35) return pick(leaves)();
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [str(), value(depth + 1)]));
};

const outcome = (f: () => string) => {
  try {
    return { text: f() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('storedCanonicalJson', () => {
  it('gives toStoredForm’s canonical text, or its error, on 3000 random caller values', () => {
    const differing: unknown[] = [];
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const v = value(0);
      const walked = outcome(() => storedCanonicalJson(v, 'data'));
      const reference = outcome(() => toStoredForm(v, 'data').canonical);
      if (reference.error) errors++;
      if (walked.text !== reference.text || walked.error !== reference.error)
        differing.push({ walked, reference });
    }
    expect(differing.slice(0, 3)).toEqual([]);
    expect(errors).toBeGreaterThan(10); // the random values do reach the refusals
  }, 30_000);

  it.each([
    ['NaN', { n: Number.NaN }, /data: NaN is not valid JSON/],
    ['Infinity', [Number.POSITIVE_INFINITY], /not valid JSON/],
    ['bigint', { n: 1n }, /bigint/],
    ['NUL in a value', { s: 'a\u0000b' }, /NUL/],
    ['NUL in a key', { 'a\u0000': 1 }, /NUL/],
    ['lone surrogate', { s: '\ud800' }, /surrogate/i],
    ['undefined', undefined, /not a JSON value/],
    ['a function', () => 1, /not a JSON value/],
  ])('rejects %s', (_name, v, message) => {
    expect(() => storedCanonicalJson(v, 'data')).toThrow(message);
  });

  it('accepts the text \\u0000 (a backslash, not a NUL), as jsonb does', () => {
    expect(storedCanonicalJson({ s: '\\u0000' }, 'data')).toBe('{"s":"\\\\u0000"}');
    expect(toStoredForm({ s: '\\u0000' }, 'data').json).toEqual({ s: '\\u0000' });
  });

  it('rejects a circular structure', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = { a };
    expect(() => storedCanonicalJson(a, 'data')).toThrow(/circular/);
  });

  it('keeps a repeated (not circular) object', () => {
    const shared = { b: 1 };
    expect(storedCanonicalJson({ y: shared, x: [shared, shared] }, 'data')).toBe(
      '{"x":[{"b":1},{"b":1}],"y":{"b":1}}',
    );
  });
});

const okMeta = {
  actor: 'user-1',
  occurredAt: '2026-03-20T09:00:00.000Z',
  correlationId: 'corr',
  causationId: 'cmd',
};

const metaCases: [string, unknown][] = [
  ['canonical instant', okMeta],
  ['with workflowId', { ...okMeta, workflowId: 'cycle-2027' }],
  ['a Date', { ...okMeta, occurredAt: new Date('2026-03-20T10:00:00+01:00') }],
  ['an offset', { ...okMeta, occurredAt: '2026-03-20T10:00:00+01:00' }],
  ['no milliseconds', { ...okMeta, occurredAt: '2026-03-20T09:00:00Z' }],
  ['an impossible day', { ...okMeta, occurredAt: '2026-02-30T09:00:00.000Z' }],
  ['no offset', { ...okMeta, occurredAt: '2026-03-20T09:00:00.000' }],
  ['an invalid Date', { ...okMeta, occurredAt: new Date(Number.NaN) }],
  ['an empty actor', { ...okMeta, actor: '' }],
  ['a number as actor', { ...okMeta, actor: 42 }],
  ['an unknown key', { ...okMeta, tenant: 'x' }],
  ['workflowId undefined', { ...okMeta, workflowId: undefined }],
  ['an empty workflowId', { ...okMeta, workflowId: '' }],
  ['no causationId', { actor: 'a', occurredAt: okMeta.occurredAt, correlationId: 'c' }],
  ['null', null],
];

const parsedOrError = <T>(f: () => T) => {
  try {
    return { value: f() };
  } catch (error) {
    return { error: String(error) };
  }
};

describe('parseMetadata', () => {
  it.each(metaCases)('agrees with the schema on %s', (_name, input) => {
    expect(parsedOrError(() => parseMetadata(input as never))).toEqual(
      parsedOrError(() => eventMetadataSchema.parse(input)),
    );
  });
});

describe('canonicalMetadataText', () => {
  it('writes what storedCanonicalJson writes, or throws what it throws, on 500 random metadata', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    for (let i = 0; i < 500; i++) {
      const meta = {
        actor: `u${str()}`,
        occurredAt: okMeta.occurredAt,
        correlationId: `c${str()}`,
        causationId: `k${str()}`,
        ...(rand() < 0.5 ? { workflowId: `w${str()}` } : {}),
        ...(rand() < 0.3 ? { traceparent } : {}),
        ...(rand() < 0.1 ? { workflowId: undefined } : {}),
        ...(rand() < 0.05 ? { actor: 'lone \ud800 surrogate' } : {}),
        ...(rand() < 0.05 ? { causationId: 'a NUL \u0000' } : {}),
      };
      expect(parsedOrError(() => canonicalMetadataText(meta))).toEqual(
        parsedOrError(() => storedCanonicalJson(meta, 'metadata')),
      );
    }
  });
});

const okEvent = {
  eventId: '0F8FAD5B-D9CB-469F-A165-70867728950E',
  type: 'GoalRevised',
  schemaVersion: 1,
  data: { a: 1 },
};

const eventCases: [string, unknown][] = [
  ['a valid event (id lower-cased)', okEvent],
  ['data null', { ...okEvent, data: null }],
  ['no data', { eventId: okEvent.eventId, type: 'T', schemaVersion: 1 }],
  ['a bad id', { ...okEvent, eventId: 'not-a-guid' }],
  ['an empty type', { ...okEvent, type: '' }],
  ['version 0', { ...okEvent, schemaVersion: 0 }],
  ['version 1.5', { ...okEvent, schemaVersion: 1.5 }],
  ['version as text', { ...okEvent, schemaVersion: '1' }],
  ['an unknown key', { ...okEvent, extra: 1 }],
];

describe('parseNewEvent', () => {
  it.each(eventCases)('agrees with the schema on %s', (_name, input) => {
    expect(parsedOrError(() => parseNewEvent(input as never))).toEqual(
      parsedOrError(() => newEventSchema.parse(input)),
    );
  });
});
