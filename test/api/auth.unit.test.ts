import { describe, expect, it } from 'vitest';
import { actsForOrgan, bearerToken, signToken, verifyToken } from '../../api/auth';
import { aleClaims } from '../../demo/ale';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';

const secret = new TextEncoder().encode('unit-test-secret-unit-test-secret');

describe('bearer tokens', () => {
  it('round-trips the claims: sub, municipality, roles, organs', async () => {
    const token = await signToken(
      { sub: 'erik.ahmadi@ale.se', municipality: 'ale', roles: ['secretary'], organs: ['ale-bun'] },
      { secret },
    );
    const claims = await verifyToken(token, secret);
    expect(claims).toEqual({
      sub: 'erik.ahmadi@ale.se',
      municipality: 'ale',
      roles: ['secretary'],
      organs: ['ale-bun'],
    });
    expect(actsForOrgan(claims, 'ale-bun')).toBe(true);
    expect(actsForOrgan(claims, 'ale-ks')).toBe(false);
  });

  it('rejects another key, an expired token and claims of the wrong shape', async () => {
    const good = await signToken({ sub: 'a', municipality: 'ale', roles: ['auditor'] }, { secret });
    await expect(verifyToken(good, new TextEncoder().encode('other'))).rejects.toThrow('Ogiltig token');
    const expired = await signToken(
      { sub: 'a', municipality: 'ale', roles: ['auditor'] },
      { secret, expiresIn: Math.floor(Date.now() / 1000) - 10 },
    );
    await expect(verifyToken(expired, secret)).rejects.toThrow('gått ut');
    await expect(signToken({ sub: 'a', municipality: 'ale', roles: [] }, { secret })).rejects.toThrow();
    await expect(
      signToken({ sub: 'a', municipality: 'ale', roles: ['mayor' as never] }, { secret }),
    ).rejects.toThrow();
  });

  it('reads the Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Basic xyz')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('gives each Ale user the roles and organs of the example', () => {
    expect(aleClaims('ale', ALE_USERS.processOwner).roles).toEqual(['process_owner']);
    expect(aleClaims('ale', ALE_USERS.auditor).roles).toEqual(['auditor']);
    expect(aleClaims('ale', ALE_USERS.secretaries[ALE_ORGAN.bun] as string)).toEqual({
      sub: ALE_USERS.secretaries[ALE_ORGAN.bun],
      municipality: 'ale',
      roles: ['secretary'],
      organs: [ALE_ORGAN.bun],
    });
  });
});
