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

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * RFC 8785 (JCS) serialisation of a JSON value as JSON.parse returns it. Equivalent to the
 * `canonicalize` package for such values (a unit test checks that on random values) but about five
 * times faster, which matters on every append and verify: keys sorted by UTF-16 code units, strings and
 * numbers as ECMAScript's JSON.stringify writes them.
 */
export function canonicalJson(value: unknown): string {
  // Fast path: JSON.stringify with keys put in order by a replacer (several times faster than building
  // the text by hand). Objects with array-index keys ("0", "17") fall back to the slow path, because
  // JavaScript enumerates such keys numerically first, whatever order they were inserted in.
  if (value === undefined) throw new TypeError('undefined is not a JSON value');
  try {
    return JSON.stringify(value, sortedMembers);
  } catch (error) {
    if (error !== NEEDS_SLOW_PATH) throw error;
    return slowCanonicalJson(value);
  }
}

const NEEDS_SLOW_PATH = Symbol('needs slow path');
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

function sortedMembers(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify has applied toJSON (a Date, say) before the replacer sees the value.
  const raw = (this as Record<string, unknown>)[key];
  if (raw !== value && typeof raw === 'object' && raw !== null) {
    throw new TypeError(`only plain objects are canonical JSON, got ${raw.constructor?.name}`);
  }
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new TypeError('lone surrogate is not allowed in canonical JSON');
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not allowed in canonical JSON`);
      return value;
    case 'boolean':
    case 'undefined':
      return value;
    case 'object': {
      if (value === null || Array.isArray(value)) return value;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`only plain objects are canonical JSON, got ${value.constructor?.name}`);
      }
      const keys = Object.keys(value);
      let inOrder = true;
      for (let i = 0; i < keys.length; i++) {
        const member = keys[i] as string;
        if (LONE_SURROGATE.test(member))
          throw new TypeError('lone surrogate is not allowed in canonical JSON');
        if (ARRAY_INDEX.test(member)) throw NEEDS_SLOW_PATH;
        if (i > 0 && (keys[i - 1] as string) > member) inOrder = false;
      }
      if (inOrder) return value;
      const record = value as Record<string, unknown>;
      const sorted: Record<string, unknown> = {};
      for (const member of keys.sort()) sorted[member] = record[member];
      return sorted;
    }
    default:
      throw new TypeError(`${typeof value} is not a JSON value`);
  }
}

/** The reference implementation, written out member by member. */
function slowCanonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new TypeError('lone surrogate is not allowed in canonical JSON');
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
        for (let i = 0; i < value.length; i++) out += `${i ? ',' : ''}${slowCanonicalJson(value[i] ?? null)}`;
        return `${out}]`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        throw new TypeError(`only plain objects are canonical JSON, got ${value.constructor?.name}`);
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${first ? '' : ','}${slowCanonicalJson(key)}:${slowCanonicalJson(member)}`;
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

/** toStoredJson, with the value's canonical JSON text (RFC 8785) that the check computed anyway. */
export function toStoredForm(value: unknown, what: string): { json: JsonValue; canonical: string } {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`${what}: ${v} is not valid JSON`);
    if (typeof v === 'bigint') throw new TypeError(`${what}: bigint is not valid JSON; use a string`);
    return v;
  });
  if (text === undefined) throw new TypeError(`${what}: not a JSON value`);
  if (text.includes('\\u0000')) throw new TypeError(`${what}: jsonb cannot store the NUL character`);
  const json = JSON.parse(text) as JsonValue;
  // canonicalJson throws on lone surrogates, which jsonb rejects too
  return { json, canonical: canonicalJson(json) };
}
