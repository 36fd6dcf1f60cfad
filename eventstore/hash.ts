import { createHash } from 'node:crypto';
import type { EventMetadata, JsonValue } from './types';

/** prev_hash of the first event of a chain: 32 zero bytes. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/**
 * The fields of the legacy global chain (one chain over the whole store, in global_position order),
 * kept so the chain-per-municipality migration can verify the old chain before it re-chains.
 */
export interface LegacyHashedFields {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: JsonValue;
  metadata: EventMetadata;
}

// String.prototype.isWellFormed (ES2024, in Node 20): native, much cheaper than a \p{Cs} regex.
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * RFC 8785 (JCS) serialisation of a JSON value as JSON.parse returns it. Equivalent to the
 * `canonicalize` package for such values (a unit test checks that on random values) but several times
 * faster, which matters on every append and verify: keys sorted by UTF-16 code units, strings and
 * numbers as ECMAScript's JSON.stringify writes them. Written out member by member: measured on event
 * data, about three times faster than JSON.stringify with a key-sorting replacer (which had to copy every
 * object whose keys were not already in order).
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new TypeError('undefined is not a JSON value');
  return canonical(value);
}

function canonical(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (!wellFormed(value)) throw new TypeError('lone surrogate is not allowed in canonical JSON');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not allowed in canonical JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out += `${i ? ',' : ''}${item === undefined ? 'null' : canonical(item)}`;
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`only plain objects are canonical JSON, got ${value.constructor?.name}`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        const member = record[key];
        if (member === undefined) continue;
        if (!wellFormed(key)) throw new TypeError('lone surrogate is not allowed in canonical JSON');
        out += `${first ? '' : ','}${JSON.stringify(key)}:${canonical(member)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`${typeof value} is not a JSON value`);
  }
}

/** RFC 8785 (JCS) form of the legacy chain's hashed fields. */
export function legacyCanonicalForm(fields: LegacyHashedFields): string {
  const body = {
    globalPosition: fields.globalPosition,
    streamId: fields.streamId,
    streamVersion: fields.streamVersion,
    eventId: fields.eventId,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    data: fields.data,
    metadata: fields.metadata,
  };
  return canonicalJson(body);
}

/** Legacy global chain: hash = sha256(prev_hash || canonical JSON of the fields). */
export function legacyEventHash(prevHash: Uint8Array, fields: LegacyHashedFields): Buffer {
  if (prevHash.length !== 32) throw new RangeError(`prev hash must be 32 bytes, got ${prevHash.length}`);
  return createHash('sha256').update(prevHash).update(legacyCanonicalForm(fields), 'utf8').digest();
}

/**
 * The JSON value exactly as Postgres will hand it back from jsonb, so the hash computed before the
 * insert matches the one recomputed on verify: drops undefined members and functions, turns Dates into
 * strings, and rejects values jsonb or JCS cannot represent (NaN, Infinity, \u0000, lone surrogates).
 */
export function toStoredJson(value: unknown, what: string): JsonValue {
  return toStoredForm(value, what).json;
}

const ESCAPED_NUL = /(?<!\\)(?:\\\\)*\\u0000/;

/** toStoredJson, with the value's canonical JSON text (RFC 8785) that the check computed anyway. */
export function toStoredForm(value: unknown, what: string): { json: JsonValue; canonical: string } {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`${what}: ${v} is not valid JSON`);
    if (typeof v === 'bigint') throw new TypeError(`${what}: bigint is not valid JSON; use a string`);
    return v;
  });
  if (text === undefined) throw new TypeError(`${what}: not a JSON value`);
  // an escaped NUL, not the text \u0000 (whose backslash JSON writes as \\)
  if (ESCAPED_NUL.test(text)) throw new TypeError(`${what}: jsonb cannot store the NUL character`);
  const json = JSON.parse(text) as JsonValue;
  // canonicalJson throws on lone surrogates, which jsonb rejects too
  return { json, canonical: canonicalJson(json) };
}
