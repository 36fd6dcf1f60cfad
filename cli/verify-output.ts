import type { VerifyResult } from '../eventstore/index';

const REASONS: Record<string, string> = {
  gap: 'en händelse saknas',
  hash_mismatch: 'innehållet stämmer inte med sin hash',
  prev_hash_mismatch: 'länkar inte till händelsen före',
  reordered: 'händelsen har flyttats',
  truncated: 'kedjan slutar före ett signerat huvud: de senaste händelserna saknas',
  fork: 'kedjan har skrivits om efter ett signerat huvud',
  bad_signature: 'ett signerat huvud har ogiltig signatur',
};

/** The auditor's verdict in Swedish; sets exit code 1 when the chain is broken. */
export function printVerifyResult(result: VerifyResult): void {
  if (result.ok) {
    console.log(
      `Hashkedjan är obruten: ${result.count} händelser i ${result.chains} kedja/kedjor kontrollerade, sista position ${result.lastPosition}.`,
    );
    return;
  }
  const global = result.globalPosition === null ? '' : `, global position ${result.globalPosition}`;
  console.log(
    `Hashkedjan för ${result.chainId} är bruten vid position ${result.firstBadPosition}${global} (${result.reason}: ${REASONS[result.reason] ?? result.reason}): ${result.detail}. ${result.count} händelser före var korrekta.`,
  );
  process.exitCode = 1;
}
