import { describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth';
import { createAuthenticator } from '../../api/authenticate';
import { claimsFromGroups, loadGroupMapping } from '../../api/group-mapping';
import { devAuthEnabled } from '../../web/dev-auth';

const mapping = loadGroupMapping();
const secret = new TextEncoder().encode('unit-test-secret-unit-test-secret');

describe('group mapping (config/idp-groups.json)', () => {
  it('maps groups to roles and organs in their one municipality', () => {
    expect(claimsFromGroups('erik', ['ale-sekreterare-ale-bun', 'okand-grupp'], mapping)).toEqual({
      sub: 'erik',
      municipality: 'ale',
      roles: ['secretary'],
      organs: ['ale-bun'],
    });
    expect(claimsFromGroups('karin', ['ale-revisor', 'ale-processagare'], mapping).roles).toEqual([
      'process_owner',
      'auditor',
    ]);
  });

  it('refuses groups of two municipalities and groups that give no role', () => {
    expect(() => claimsFromGroups('x', ['ale-processagare', 'lerum-processagare'], mapping)).toThrow(
      'flera kommuner',
    );
    expect(() => claimsFromGroups('x', ['ale-allmanhet'], mapping)).toThrow('ingen roll');
  });
});

describe('development tokens', () => {
  it('are refused with NODE_ENV=production, and so is the dev sign-in', async () => {
    const token = await signToken({ sub: 'a', municipality: 'ale', roles: ['auditor'] }, { secret });
    await expect(createAuthenticator({ devSecret: secret, production: false })(token)).resolves.toMatchObject(
      {
        sub: 'a',
      },
    );
    await expect(createAuthenticator({ devSecret: secret, production: true })(token)).rejects.toThrow(
      'produktion',
    );
    expect(devAuthEnabled({ ARSHJUL_DEV_AUTH: '1', NODE_ENV: 'production' })).toBe(false);
    expect(devAuthEnabled({ ARSHJUL_DEV_AUTH: '1' })).toBe(true);
  });
});
