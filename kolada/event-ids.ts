import { createHash } from 'node:crypto';

/** A UUID (version 8, RFC 9562) derived from its parts: the same parts always give the same id. */
export function deterministicUuid(...parts: string[]): string {
  const bytes = createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of the n-th recording of one value (KPI, municipality, year, gender) in a municipality's stream.
 * A retried append after a crash sends the same ids, so the store keeps the value once.
 */
export function koladaValueEventId(municipalityId: string, valueKey: string, revision: number): string {
  return deterministicUuid('arshjul.kolada-value', municipalityId, valueKey, String(revision));
}
