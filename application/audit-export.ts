import type pg from 'pg';
import {
  type KeyRing,
  publicKeyPem,
  type SignedHead,
  signChainHeads,
  storedSignedHeads,
} from '../eventstore/index';
import { type AuditEvent, exportMunicipalityEvents } from './history';

export const EXPORT_FORMAT = 'arshjul-audit-export/1';

/** First line of an export: what it holds and the keys its heads claim to be signed with. */
export interface ExportHeader {
  kind: 'export';
  format: typeof EXPORT_FORMAT;
  municipalityId: string;
  chainId: string;
  exportedAt: string;
  /** False for an as-of export: events after asOf are left out, so the chain has holes. */
  complete: boolean;
  asOf: string | null;
  /** For convenience only: an auditor checks signatures with keys obtained elsewhere (--keys). */
  publicKeys: { keyId: string; publicKey: string }[];
}

export type ExportLine =
  | ExportHeader
  | ({ kind: 'event' } & AuditEvent)
  | ({ kind: 'signedHead' } & SignedHead);

export interface AuditExportOptions {
  municipalityId: string;
  asOf?: string;
  /** With keys, the export first signs the chain's current head (and keeps it in signed_heads). */
  ring?: KeyRing;
  onSigned?: (heads: SignedHead[]) => Promise<void>;
}

/**
 * One municipality's audit export as NDJSON lines: a header, every event of its chain (in chain order,
 * with each event's link) and every head signed for the chain, so `audit verify --file` can check it
 * without the database.
 */
export async function* auditExportLines(pool: pg.Pool, options: AuditExportOptions): AsyncGenerator<string> {
  const chainId = options.municipalityId;
  if (options.ring) {
    const fresh = await signChainHeads(pool, options.ring, [chainId]);
    await options.onSigned?.(fresh);
  }
  const header: ExportHeader = {
    kind: 'export',
    format: EXPORT_FORMAT,
    municipalityId: options.municipalityId,
    chainId,
    exportedAt: new Date().toISOString(),
    complete: options.asOf === undefined,
    asOf: options.asOf ?? null,
    publicKeys: options.ring
      ? [...options.ring.keys.values()].map((k) => ({ keyId: k.keyId, publicKey: publicKeyPem(k) }))
      : [],
  };
  yield `${JSON.stringify(header)}\n`;
  for await (const event of exportMunicipalityEvents(pool, {
    municipalityId: options.municipalityId,
    asOf: options.asOf,
  })) {
    yield `${JSON.stringify({ kind: 'event', ...event } satisfies ExportLine)}\n`;
  }
  for (const head of await storedSignedHeads(pool, chainId)) {
    yield `${JSON.stringify({ kind: 'signedHead', ...head } satisfies ExportLine)}\n`;
  }
}
