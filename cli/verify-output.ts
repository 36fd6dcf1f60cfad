import { readFileSync } from 'node:fs';
import { VERIFY_FAILURE_SV } from '../application/chain-check';
import { parseExport, verifyExport } from '../application/offline-verify';
import {
  headSignatureValid,
  type KeyRing,
  keyRingFromFile,
  type SignedHead,
  startHashWorkers,
  type VerifyResult,
} from '../eventstore/index';
import { readSignedHeads } from '../relay/signed-heads';
import { cliKeyRing, kafkaBus, trustedKeys } from './signing-keys';

/** The auditor's verdict in Swedish; sets exit code 1 when the chain is broken. */
export function printVerifyResult(result: VerifyResult): void {
  if (result.ok) {
    console.log(
      `Hashkedjan är obruten: ${result.count} ${result.count === 1 ? 'händelse' : 'händelser'} i ${result.chains} ${result.chains === 1 ? 'kedja' : 'kedjor'} kontrollerade, sista position ${result.lastPosition}.`,
    );
    return;
  }
  const global = result.globalPosition === null ? '' : `, global position ${result.globalPosition}`;
  console.log(
    `Hashkedjan för ${result.chainId} är bruten vid position ${result.firstBadPosition}${global} (${result.reason}: ${VERIFY_FAILURE_SV[result.reason] ?? result.reason}): ${result.detail}. ${result.count} händelser före var korrekta.`,
  );
  process.exitCode = 1;
}

export interface VerifyOpts {
  municipality?: string;
  from?: number;
  file?: string;
  heads?: string;
  kafkaHeads?: boolean;
  keys?: string;
}

function trustedRing(opts: VerifyOpts): KeyRing {
  return opts.keys ? trustedKeys(opts.keys) : cliKeyRing();
}

/** Signed heads from --heads and --kafka-heads whose signatures the trusted keys accept. */
export async function trustedSignedHeads(opts: VerifyOpts): Promise<SignedHead[]> {
  const heads: SignedHead[] = [];
  if (opts.heads) heads.push(...parseExport(readFileSync(opts.heads, 'utf8')).heads);
  if (opts.kafkaHeads) heads.push(...(await readSignedHeads(kafkaBus(), opts.municipality)));
  if (heads.length === 0) return [];
  const ring = trustedRing(opts);
  const good = heads.filter((h) => headSignatureValid(h, ring));
  if (good.length < heads.length)
    console.error(
      `Varning: ${heads.length - good.length} signerade huvuden har okänd nyckel eller ogiltig signatur och används inte.`,
    );
  console.error(`${good.length} signerade huvuden kontrolleras.`);
  return good;
}

/** `audit verify --file`: an export checked without the database. */
export async function verifyExportFile(file: string, opts: VerifyOpts): Promise<void> {
  const exported = parseExport(readFileSync(file, 'utf8'));
  const extra = opts.heads ? parseExport(readFileSync(opts.heads, 'utf8')).heads : [];
  let ring: Pick<KeyRing, 'keys'>;
  if (opts.keys) ring = trustedKeys(opts.keys);
  else {
    ring = keyRingFromFile({ activeKeyId: '', keys: exportedKeys(readFileSync(file, 'utf8')) }, false);
    console.error('Varning: nycklarna kommer från exporten själv; jämför dem med de publicerade (--keys).');
  }
  // Hashed on worker threads, as verify against the database: hashing is what takes the time.
  const workers = startHashWorkers();
  const result = await verifyExport(exported, ring, extra, { workers }).finally(() => workers.close());
  console.error(`${result.headsChecked} signerade huvuden kontrollerade, ${result.headsRejected} avvisade.`);
  printVerifyResult(result);
}

function exportedKeys(text: string): { keyId: string; publicKey: string }[] {
  const first = text.slice(0, text.indexOf('\n'));
  const header = JSON.parse(first) as { kind?: string; publicKeys?: { keyId: string; publicKey: string }[] };
  return header.kind === 'export' ? (header.publicKeys ?? []) : [];
}
