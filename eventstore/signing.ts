import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { canonicalJson } from './hash';
import type { ChainHead } from './types';

/** A chain head signed by the store: what an auditor keeps to detect deleted or rewritten newest events. */
export interface SignedHead extends ChainHead {
  /** When the head was signed (ISO instant, UTC). */
  signedAt: string;
  /** Which key signed it (see KeyRing); old keys stay in the ring after a rotation. */
  keyId: string;
  /** Ed25519 signature over signedHeadPayload(head), base64. */
  signature: string;
}

/** One Ed25519 key: the private half only where heads are signed. */
export interface SigningKey {
  keyId: string;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

/** The keys a store signs with (the active one) and verifies with (all of them). */
export interface KeyRing {
  activeKeyId: string;
  keys: ReadonlyMap<string, SigningKey>;
}

/** The exact bytes signed: UTF-8 of the RFC 8785 JSON of {chainId, position, hash, signedAt, keyId}. */
export function signedHeadPayload(head: Omit<SignedHead, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson({
      chainId: head.chainId,
      position: head.position,
      hash: head.hash,
      signedAt: head.signedAt,
      keyId: head.keyId,
    }),
    'utf8',
  );
}

export function signHead(head: ChainHead, ring: KeyRing, now: Date = new Date()): SignedHead {
  const key = ring.keys.get(ring.activeKeyId);
  if (!key?.privateKey) throw new Error(`signing key '${ring.activeKeyId}' has no private key`);
  const unsigned = {
    chainId: head.chainId,
    position: head.position,
    hash: head.hash,
    signedAt: now.toISOString(),
    keyId: key.keyId,
  };
  const signature = sign(null, signedHeadPayload(unsigned), key.privateKey).toString('base64');
  return { ...unsigned, signature };
}

/** True when the head was signed by a key of the ring and not altered since. */
export function headSignatureValid(head: SignedHead, ring: Pick<KeyRing, 'keys'>): boolean {
  const key = ring.keys.get(head.keyId);
  if (!key) return false;
  try {
    return verify(null, signedHeadPayload(head), key.publicKey, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

/** A new Ed25519 key, e.g. for a rotation (`arshjul audit keys generate`). */
export function generateSigningKey(keyId: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { keyId, publicKey, privateKey };
}

/** The public half as PEM (SPKI), for auditors. */
export const publicKeyPem = (key: SigningKey): string =>
  key.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** The JSON form of a key ring file (see docs/hash-chain.md, "Signed heads"). */
export interface KeyRingFile {
  activeKeyId: string;
  keys: { keyId: string; publicKey: string; privateKey?: string }[];
}

/** `requireActive` false: a ring only to verify with (e.g. the public keys an export names). */
export function keyRingFromFile(file: KeyRingFile, requireActive = true): KeyRing {
  const keys = new Map<string, SigningKey>();
  for (const k of file.keys) {
    const privateKey = k.privateKey ? createPrivateKey(k.privateKey) : undefined;
    keys.set(k.keyId, {
      keyId: k.keyId,
      publicKey: privateKey ? createPublicKey(privateKey) : createPublicKey(k.publicKey),
      ...(privateKey ? { privateKey } : {}),
    });
  }
  if (requireActive && !keys.has(file.activeKeyId))
    throw new Error(`active key '${file.activeKeyId}' is not in the key ring`);
  return { activeKeyId: file.activeKeyId, keys };
}

export function keyRingToFile(ring: KeyRing, withPrivate: boolean): KeyRingFile {
  return {
    activeKeyId: ring.activeKeyId,
    keys: [...ring.keys.values()].map((k) => ({
      keyId: k.keyId,
      publicKey: publicKeyPem(k),
      ...(withPrivate && k.privateKey
        ? { privateKey: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
        : {}),
    })),
  };
}
