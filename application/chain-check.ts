/**
 * The auditor's hash-chain check with signed heads, as `arshjul audit verify` runs it: the chain walked
 * link by link, then held to every head signed for it whose signature the trusted keys accept, so
 * deleted newest events (truncated) and a rewritten tail (fork) show too. Shared by the CLI and the
 * auditors' report, with the outcome worded in Swedish.
 */
import path from 'node:path';
import type pg from 'pg';
import {
  type EventStore,
  headSignatureValid,
  type KeyRing,
  loadKeyRing,
  type SignedHead,
  storedSignedHeads,
  type VerifyFailure,
  type VerifyResult,
} from '../eventstore/index';
import { stateDir } from '../services/config';

/** Where the development key ring is generated when no keys are configured. */
export const devKeyRingFile = path.join(stateDir, 'signing-keys.json');

/** The store's signing keys: ARSHJUL_SIGNING_KEYS (JSON), ARSHJUL_SIGNING_KEYS_FILE, or the dev ring. */
export function storeKeyRing(): KeyRing {
  return loadKeyRing({
    json: process.env.ARSHJUL_SIGNING_KEYS,
    file: process.env.ARSHJUL_SIGNING_KEYS_FILE,
    devFile: devKeyRingFile,
  });
}

export interface ChainCheck {
  result: VerifyResult;
  /** Signed heads the chain was held to (signature valid with a trusted key). */
  headsChecked: number;
  /** Signed heads left out: unknown key or a signature that does not check out. */
  headsRejected: number;
}

/** Verifies (one chain or all) against the heads whose signatures the trusted keys accept. */
export async function verifyWithSignedHeads(
  store: EventStore,
  heads: readonly SignedHead[],
  trusted: Pick<KeyRing, 'keys'> | null,
  options: { chainId?: string; from?: number } = {},
): Promise<ChainCheck> {
  const good = trusted ? heads.filter((h) => headSignatureValid(h, trusted)) : [];
  const result = await store.verify({ ...options, signedHeads: good });
  return { result, headsChecked: good.length, headsRejected: heads.length - good.length };
}

/** One municipality's chain, held to the heads kept in signed_heads (and any others given, e.g. Kafka's). */
export async function verifyMunicipalityChain(
  pool: Pick<pg.Pool, 'query'>,
  store: EventStore,
  chainId: string,
  trusted: Pick<KeyRing, 'keys'> | null,
  extraHeads: readonly SignedHead[] = [],
): Promise<ChainCheck> {
  const heads = [...(await storedSignedHeads(pool, chainId)), ...extraHeads];
  return verifyWithSignedHeads(store, heads, trusted, { chainId });
}

/** Every way the check can fail, in Swedish, for the CLI and the documents alike. */
export const VERIFY_FAILURE_SV: Record<VerifyFailure | 'bad_signature', string> = {
  gap: 'en kedjeposition saknas, så en händelse har tagits bort',
  hash_mismatch: 'händelsens innehåll stämmer inte med dess lagrade hash, så den har ändrats i efterhand',
  prev_hash_mismatch:
    'händelsen länkar inte till händelsen före, så en händelse före den har försvunnit eller raden har skrivits om',
  reordered: 'händelsen länkar till en händelse på en annan plats i kedjan, så händelser har flyttats',
  truncated:
    'kedjan slutar före ett signerat kedjehuvud, så de senaste händelserna har tagits bort eller kedjan har rullats tillbaka',
  fork: 'händelsen på ett signerat kedjehuvuds position har en annan hash, så kedjan har skrivits om därifrån',
  bad_signature: 'ett signerat kedjehuvud har ogiltig signatur',
};

/** The verdict as one Swedish sentence (or two). */
export function chainCheckSv(check: ChainCheck): string {
  const { result } = check;
  const heads =
    check.headsChecked > 0
      ? ` Kedjan hölls mot ${check.headsChecked} signerade kedjehuvuden.`
      : ' Inga signerade kedjehuvuden fanns att hålla kedjan mot, så borttagna senaste händelser kan inte upptäckas.';
  const rejected =
    check.headsRejected > 0
      ? ` ${check.headsRejected} signerade kedjehuvuden med okänd nyckel eller ogiltig signatur användes inte.`
      : '';
  if (result.ok) {
    return (
      `Kontrollen godkändes: alla ${result.count} händelser i hashkedjan hänger ihop, till och med position ${result.lastPosition}. ` +
      `Ingen händelse har ändrats, tagits bort eller flyttats.${heads}${rejected}`
    );
  }
  const global = result.globalPosition === null ? '' : ` (global position ${result.globalPosition})`;
  return (
    `Kontrollen underkändes vid kedjeposition ${result.firstBadPosition}${global}: ${VERIFY_FAILURE_SV[result.reason] ?? result.reason} (${result.detail}). ` +
    `${result.count} händelser före den kontrollerades utan anmärkning.${heads}${rejected}`
  );
}
