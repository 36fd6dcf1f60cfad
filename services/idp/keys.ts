import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface IdpKeys {
  /** The private signing keys (RS256) the provider publishes the public halves of at its JWKS. */
  jwks: { keys: JWK[] };
  /** Keys that sign the provider's own cookies. */
  cookieKeys: string[];
}

/** The provider's keys, generated once and kept in its data directory so tokens survive a restart. */
export async function loadOrCreateKeys(dataDir: string): Promise<IdpKeys> {
  const file = join(dataDir, 'keys.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as IdpKeys;
  } catch {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: `idp-${Date.now()}`, alg: 'RS256', use: 'sig' };
    const keys: IdpKeys = { jwks: { keys: [jwk] }, cookieKeys: [randomBytes(32).toString('base64url')] };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
    return keys;
  }
}
