import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKeyRing, rotateKeyRing, writeKeyRing } from '../../eventstore/key-ring-store';
import {
  generateSigningKey,
  headSignatureValid,
  type KeyRing,
  keyRingFromFile,
  keyRingToFile,
  signedHeadPayload,
  signHead,
} from '../../eventstore/signing';

const head = { chainId: 'ale', position: 42, hash: 'ab'.repeat(32) };
const ringOf = (keyId: string): KeyRing => {
  const key = generateSigningKey(keyId);
  return { activeKeyId: keyId, keys: new Map([[keyId, key]]) };
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('signed heads', () => {
  it('signs the canonical JSON of chain, position, hash, time and key id', () => {
    const ring = ringOf('k1');
    const signed = signHead(head, ring, new Date('2027-03-01T12:00:00Z'));
    expect(signed).toMatchObject({ ...head, signedAt: '2027-03-01T12:00:00.000Z', keyId: 'k1' });
    expect(signedHeadPayload(signed).toString('utf8')).toBe(
      `{"chainId":"ale","hash":"${'ab'.repeat(32)}","keyId":"k1","position":42,"signedAt":"2027-03-01T12:00:00.000Z"}`,
    );
    expect(Buffer.from(signed.signature, 'base64')).toHaveLength(64);
    expect(headSignatureValid(signed, ring)).toBe(true);
  });

  it('rejects a head whose position, hash or chain was changed, and one signed by an unknown key', () => {
    const ring = ringOf('k1');
    const signed = signHead(head, ring);
    expect(headSignatureValid({ ...signed, position: 41 }, ring)).toBe(false);
    expect(headSignatureValid({ ...signed, hash: 'cd'.repeat(32) }, ring)).toBe(false);
    expect(headSignatureValid({ ...signed, chainId: 'kungalv' }, ring)).toBe(false);
    expect(headSignatureValid({ ...signed, signature: 'AAAA' }, ring)).toBe(false);
    expect(headSignatureValid(signHead(head, ringOf('k1')), ring)).toBe(false); // same id, other key
  });

  it('keeps verifying heads of the old key after a rotation, and signs with the new one', () => {
    const ring = ringOf('2026');
    const old = signHead(head, ring);
    const rotated = rotateKeyRing(ring, '2027');
    const fresh = signHead(head, rotated);
    expect(fresh.keyId).toBe('2027');
    expect(headSignatureValid(old, rotated)).toBe(true);
    expect(headSignatureValid(fresh, rotated)).toBe(true);
    expect(headSignatureValid(fresh, ring)).toBe(false);
    expect(() => rotateKeyRing(rotated, '2026')).toThrow(/exists already/);
  });

  it('round-trips a key ring file, and public keys alone verify', () => {
    const ring = ringOf('k1');
    const signed = signHead(head, ring);
    const publicOnly = keyRingFromFile(JSON.parse(JSON.stringify(keyRingToFile(ring, false))));
    expect(publicOnly.keys.get('k1')?.privateKey).toBeUndefined();
    expect(headSignatureValid(signed, publicOnly)).toBe(true);
    expect(() => signHead(head, publicOnly)).toThrow(/no private key/);
  });

  it('generates a development key ring once, private to its owner, and reads it back', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'arshjul-keys-'));
    const devFile = path.join(dir, 'signing-keys.json');
    const first = loadKeyRing({ devFile });
    expect(statSync(devFile).mode & 0o777).toBe(0o600);
    const again = loadKeyRing({ devFile });
    expect(again.activeKeyId).toBe(first.activeKeyId);
    expect(headSignatureValid(signHead(head, first), again)).toBe(true);
    writeKeyRing(devFile, rotateKeyRing(again, 'next'));
    expect(JSON.parse(readFileSync(devFile, 'utf8')).activeKeyId).toBe('next');
    expect(loadKeyRing({ json: JSON.stringify(keyRingToFile(first, true)), devFile }).activeKeyId).toBe(
      first.activeKeyId,
    );
    expect(() => loadKeyRing({ file: path.join(dir as string, 'missing.json'), devFile })).toThrow(
      /does not exist/,
    );
  });
});
