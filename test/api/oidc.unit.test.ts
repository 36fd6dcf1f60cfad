import { describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth';
import { createAuthenticator } from '../../api/authenticate';
import { claimsFromGroups, loadGroupMapping } from '../../api/group-mapping';
import { SessionStore } from '../../api/sessions';
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

describe('web sessions', () => {
  it('end after the idle limit and after the absolute limit however active', () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 1000, absoluteMs: 3000 }, () => now);
    const claims = { sub: 'a', municipality: 'ale', roles: ['auditor' as const], organs: [] };
    const idle = store.create(claims);
    now = 1001;
    expect(store.get(idle.id)).toBeNull();
    const active = store.create(claims);
    for (now = 1500; now <= 4000; now += 500) {
      if (now - active.createdAt <= 3000) expect(store.get(active.id)).not.toBeNull();
    }
    expect(store.get(active.id)).toBeNull();
  });
});
