import { describe, expect, it } from 'vitest';
import { AuthenticationError, signToken, type TokenClaims } from '../../api/auth';
import { cachedVerifications } from '../../api/authenticate';

const secret = new TextEncoder().encode('unit-test-secret-unit-test-secret');
const claims: TokenClaims = { sub: 'anna', municipality: 'ale', roles: ['secretary'], organs: ['ale-bun'] };

describe('verified tokens are reused', () => {
  it('verifies a token once, until it expires; refusals are not kept', async () => {
    let now = Date.now();
    const verified: string[] = [];
    let refuse = false;
    const authenticate = cachedVerifications(
      async (token) => {
        verified.push(token);
        if (refuse) throw new AuthenticationError('Ogiltig token');
        return claims;
      },
      () => now,
    );
    const token = await signToken(claims, { secret, expiresIn: '10m' });

    expect(await authenticate(token)).toEqual(claims);
    expect(await authenticate(token)).toEqual(claims);
    expect(verified).toHaveLength(1);

    // Past five minutes the token is verified again, though it has not expired.
    now += 5 * 60_000 + 1;
    await authenticate(token);
    expect(verified).toHaveLength(2);

    // Past its own expiry the verification is not reused: the verifier (which refuses it) decides.
    now += 6 * 60_000;
    refuse = true;
    await expect(authenticate(token)).rejects.toThrow('Ogiltig token');
    await expect(authenticate(token)).rejects.toThrow('Ogiltig token');
    expect(verified).toHaveLength(4);
  });

  it('never reuses a verification past a short-lived token’s expiry', async () => {
    let now = Date.now();
    let calls = 0;
    const authenticate = cachedVerifications(
      async () => {
        calls++;
        return claims;
      },
      () => now,
    );
    const token = await signToken(claims, { secret, expiresIn: '30s' });
    await authenticate(token);
    now += 31_000;
    await authenticate(token);
    expect(calls).toBe(2);
  });
});
