import { describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth';
import { createAuthenticator } from '../../api/authenticate';
import {
  claimsFromGroups,
  type GroupMapping,
  GroupMapping as GroupMappingSchema,
  loadGroupMapping,
} from '../../api/group-mapping';
import { OidcProviders, oidcSettingsFromEnv } from '../../api/oidc';
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

describe('OpenID providers per municipality', () => {
  const shared = oidcSettingsFromEnv({ ARSHJUL_OIDC_ISSUER: 'https://login.delad.example' });
  const own: GroupMapping = {
    municipalities: {
      ...mapping.municipalities,
      lerum: {
        provider: {
          issuer: 'https://sts.lerum.example',
          clientId: 'arshjul',
          clientSecretEnv: 'LERUM_SECRET',
        },
        groups: { 'lerum-processagare': { role: 'process_owner' } },
      },
    },
  };
  const providers = new OidcProviders(shared, own, { LERUM_SECRET: 'hemligt' });

  it('gives a municipality its own provider and every other the shared one', () => {
    expect(providers.forMunicipality('lerum')).toMatchObject({
      issuer: 'https://sts.lerum.example',
      clientId: 'arshjul',
      clientSecret: 'hemligt',
      audience: 'urn:arshjul:api',
    });
    expect(providers.forMunicipality('ale')?.issuer).toBe('https://login.delad.example');
    expect(providers.forMunicipality(undefined)?.issuer).toBe('https://login.delad.example');
    expect(providers.ownMunicipalities).toEqual(['lerum']);
  });

  it("lets an issuer's tokens act only in the municipalities it serves", () => {
    const lerums = providers.forIssuer('https://sts.lerum.example');
    expect(lerums?.serves('lerum')).toBe(true);
    expect(lerums?.serves('ale')).toBe(false);
    const delad = providers.forIssuer('https://login.delad.example');
    expect(delad?.serves('ale')).toBe(true);
    expect(delad?.serves('lerum')).toBe(false);
    expect(providers.forIssuer('https://okand.example')).toBeNull();
    expect(() => claimsFromGroups('x', ['ale-processagare'], own, (m) => lerums?.serves(m) ?? false)).toThrow(
      'ingen roll',
    );
    expect(
      claimsFromGroups('x', ['lerum-processagare'], own, (m) => lerums?.serves(m) ?? false),
    ).toMatchObject({
      municipality: 'lerum',
      roles: ['process_owner'],
    });
  });

  it('refuses a provider entry that would put a secret in the file or has no issuer URL', () => {
    const bad = (provider: unknown) =>
      GroupMappingSchema.safeParse({ municipalities: { x: { provider, groups: {} } } }).success;
    expect(bad({ issuer: 'https://a.example', clientId: 'c', clientSecretEnv: 'A_SECRET' })).toBe(true);
    expect(
      bad({ issuer: 'https://a.example', clientId: 'c', clientSecret: 'hemligt', clientSecretEnv: 'A' }),
    ).toBe(false);
    expect(bad({ issuer: 'inte en adress', clientId: 'c', clientSecretEnv: 'A' })).toBe(false);
  });
});
