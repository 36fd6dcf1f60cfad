import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata, JsonValue } from './types';

/** prev_hash of the first event: 32 zero bytes. */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** Everything the chain vouches for. recorded_at and transaction_id are database bookkeeping, not hashed. */
export interface HashedFields {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: JsonValue;
  metadata: EventMetadata;
}

/** RFC 8785 (JCS) form of the hashed fields. */
export function canonicalForm(fields: HashedFields): string {
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
  const text = canonicalize(body);
  if (text === undefined) throw new TypeError('event cannot be canonicalised');
  return text;
}

/** hash = sha256(prev_hash || canonical JSON of the fields). */
export function eventHash(prevHash: Uint8Array, fields: HashedFields): Buffer {
  if (prevHash.length !== 32) throw new RangeError(`prev hash must be 32 bytes, got ${prevHash.length}`);
  return createHash('sha256').update(prevHash).update(canonicalForm(fields), 'utf8').digest();
}

/**
 * The JSON value exactly as Postgres will hand it back from jsonb, so the hash computed before the
 * insert matches the one recomputed on verify: drops undefined members and functions, turns Dates into
 * strings, and rejects values jsonb or JCS cannot represent (NaN, Infinity, \u0000, lone surrogates).
 */
export function toStoredJson(value: unknown, what: string): JsonValue {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError(`${what}: ${v} is not valid JSON`);
    if (typeof v === 'bigint') throw new TypeError(`${what}: bigint is not valid JSON; use a string`);
    return v;
  });
  if (text === undefined) throw new TypeError(`${what}: not a JSON value`);
  if (text.includes('\\u0000')) throw new TypeError(`${what}: jsonb cannot store the NUL character`);
  const json = JSON.parse(text) as JsonValue;
  canonicalize(json); // throws on lone surrogates, which jsonb rejects too
  return json;
}
