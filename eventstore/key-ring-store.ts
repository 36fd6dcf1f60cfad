import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  generateSigningKey,
  type KeyRing,
  type KeyRingFile,
  keyRingFromFile,
  keyRingToFile,
} from './signing';

export interface KeyRingSource {
  /** ARSHJUL_SIGNING_KEYS: the key ring as JSON (e.g. from a secret store). */
  json?: string;
  /** ARSHJUL_SIGNING_KEYS_FILE: a key ring file. */
  file?: string;
  /** Where a development key ring is generated when neither is given (.arshjul/signing-keys.json). */
  devFile: string;
}

/**
 * The store's signing keys: from the environment, a file, or, in development, a key ring generated into
 * the state folder on first use (mode 0600). Production sets ARSHJUL_SIGNING_KEYS(_FILE).
 */
export function loadKeyRing(source: KeyRingSource): KeyRing {
  if (source.json) return keyRingFromFile(JSON.parse(source.json) as KeyRingFile);
  const file = source.file ?? source.devFile;
  if (existsSync(file)) return keyRingFromFile(JSON.parse(readFileSync(file, 'utf8')) as KeyRingFile);
  if (source.file) throw new Error(`signing key file ${source.file} does not exist`);
  const key = generateSigningKey(`dev-${new Date().toISOString().slice(0, 10)}`);
  const ring: KeyRing = { activeKeyId: key.keyId, keys: new Map([[key.keyId, key]]) };
  writeKeyRing(file, ring);
  return ring;
}

export function writeKeyRing(file: string, ring: KeyRing): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keyRingToFile(ring, true), null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Rotation: a new active key; the old ones stay, so heads they signed still verify. */
export function rotateKeyRing(ring: KeyRing, newKeyId: string): KeyRing {
  if (ring.keys.has(newKeyId)) throw new Error(`key '${newKeyId}' exists already`);
  const key = generateSigningKey(newKeyId);
  return { activeKeyId: newKeyId, keys: new Map([...ring.keys, [newKeyId, key]]) };
}
