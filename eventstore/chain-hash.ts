import { createHash, hash } from 'node:crypto';
import { canonicalJson } from './hash';
import type { EventMetadata, JsonValue } from './types';

/** What the client knows of an event before the store places it in its chain. */
export interface ContentFields {
  chainId: string;
  streamId: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: JsonValue;
  metadata: EventMetadata;
}

/** The event's place, assigned by the store under the chain's lock. */
export interface LinkFields {
  chainPosition: number;
  streamVersion: number;
}

/** RFC 8785 (JCS) form of the content fields. */
export function contentCanonicalForm(fields: ContentFields): string {
  // Written in sorted order, so canonicalJson need not reorder the top level.
  return canonicalJson({
    chainId: fields.chainId,
    data: fields.data,
    eventId: fields.eventId,
    metadata: fields.metadata,
    schemaVersion: fields.schemaVersion,
    streamId: fields.streamId,
    type: fields.type,
  });
}

/**
 * contentCanonicalForm from data and metadata already in canonical form: the same text, built without
 * canonicalising a batch's shared metadata once per event. The top-level members are written in
 * sorted order, as canonicalJson would.
 */
export function contentCanonicalFormOf(
  fields: Omit<ContentFields, 'data' | 'metadata'>,
  canonicalData: string,
  canonicalMetadata: string,
): string {
  return `{"chainId":${canonicalJson(fields.chainId)},"data":${canonicalData},"eventId":${canonicalJson(
    fields.eventId,
  )},"metadata":${canonicalMetadata},"schemaVersion":${canonicalJson(fields.schemaVersion)},"streamId":${canonicalJson(
    fields.streamId,
  )},"type":${canonicalJson(fields.type)}}`;
}

/** content digest = sha256(UTF-8 of the canonical content form); 32 bytes. */
export function contentDigest(fields: ContentFields): Buffer {
  return digestOfCanonicalForm(contentCanonicalForm(fields));
}

/** sha256 of a canonical content form's UTF-8 bytes. */
export function digestOfCanonicalForm(canonicalForm: string): Buffer {
  // one-shot crypto.hash: about half the cost of a Hash object for a text of an event's size
  return hash('sha256', canonicalForm, 'buffer');
}

/** 8-byte big-endian two's complement, as Postgres' int8send writes it. */
function int64be(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigInt64BE(BigInt(value));
  return out;
}

/**
 * hash = sha256(prev_hash (32) || chain_position (8, BE) || stream_version (8, BE) || content digest (32)),
 * 80 bytes in all. The same bytes append_events() hashes in Postgres (see docs/hash-chain.md).
 */
export function chainLink(prevHash: Uint8Array, link: LinkFields, digest: Uint8Array): Buffer {
  if (prevHash.length !== 32) throw new RangeError(`prev hash must be 32 bytes, got ${prevHash.length}`);
  if (digest.length !== 32) throw new RangeError(`content digest must be 32 bytes, got ${digest.length}`);
  return createHash('sha256')
    .update(prevHash)
    .update(int64be(link.chainPosition))
    .update(int64be(link.streamVersion))
    .update(digest)
    .digest();
}

/** The chain hash of an event from all its fields. */
export function chainHash(prevHash: Uint8Array, fields: ContentFields & LinkFields): Buffer {
  return chainLink(prevHash, fields, contentDigest(fields));
}
