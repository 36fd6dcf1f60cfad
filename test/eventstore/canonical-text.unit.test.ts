import { describe, expect, it } from 'vitest';
import { canonicalFromText } from '../../eventstore/canonical-text';
import { canonicalJson } from '../../eventstore/hash';
import { seededRandom } from '../support/seeded-random';

// Keys that sort differently by length, by UTF-8 bytes and by UTF-16 code units, and that sit around
// the closing quote's code point.
const KEYS = ['a', 'a!', 'a b', 'ab', 'B', 'ä', 'z', '\u{1f600}', '\ue000', 'occurredAt', 'actor', '', 'ÅÄÖ'];
const STRINGS = ['', 'Mål', 'tab\there', 'quote " and \\', 'line\nbreak', '\u0001', '\u{1f600}', 'ü€'];
const NUMBERS = [0, -0, 1, -17, 123456789012345, 1234567890123456, 1.5, -0.25, 1e21, 1e-7];

function randomValue(random: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const kind = Math.floor(random() * (depth > 3 ? 4 : 6));
  if (kind === 0) return pick(STRINGS);
  if (kind === 1) return pick(NUMBERS);
  if (kind === 2) return pick([true, false, null]);
  if (kind === 3) return `s${Math.floor(random() * 1000)}`;
  if (kind === 4)
    return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 5); i > 0; i--) object[pick(KEYS)] = randomValue(random, depth + 1);
  return object;
}

/** A value written as Postgres writes jsonb: keys by length, then by UTF-8 bytes; ", " and ": ". */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => {
      const ab = Buffer.from(a);
      const bb = Buffer.from(b);
      return ab.length - bb.length || Buffer.compare(ab, bb);
    });
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbText(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalFromText (verify reads jsonb text and hashes its JCS form)', () => {
  it('gives canonicalJson(JSON.parse(text)) or nothing, for jsonb-style and compact texts', () => {
    const random = seededRandom(7).rand;
    let fast = 0;
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(random, 0);
      for (const text of [jsonbText(value), JSON.stringify(value)]) {
        const expected = canonicalJson(JSON.parse(text));
        const got = canonicalFromText(text);
        if (got !== undefined) {
          expect(got).toBe(expected);
          fast += 1;
        }
      }
    }
    // Most values take the fast path; the rest (escapes, fractions) fall back, never differ.
    expect(fast).toBeGreaterThan(5000);
  });

  it('sorts keys by UTF-16 code units, not by length or by UTF-8 bytes', () => {
    const text = jsonbText({ z: 1, 'a!': 2, a: 3, '\u{1f600}': 4, '\ue000': 5, ä: 6 });
    expect(canonicalFromText(text)).toBe('{"a":3,"a!":2,"z":1,"ä":6,"\u{1f600}":4,"\ue000":5}');
  });

  it('leaves escapes, fractions, long numbers and broken texts to the general path', () => {
    for (const text of [
      '"a\\nb"',
      '{"a\\"": 1}',
      '1.5',
      '1e3',
      '12345678901234567',
      '{"a": 1',
      '[1,]',
      '01',
      'nul',
    ])
      expect(canonicalFromText(text)).toBeUndefined();
    expect(canonicalFromText('{"b": [1, -0, true], "a": {"y": null, "x": "Mål"}}')).toBe(
      '{"a":{"x":"Mål","y":null},"b":[1,0,true]}',
    );
  });
});
