import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GroupMapping, loadGroupMapping } from '../../api/group-mapping';
import { accessTokenFor, Browserless, startTestIdp, type TestIdp } from '../support/oidc';
import { type ApiHarness, createApiHarness, registerAle } from './support';

const LERUM_USERS = [
  { sub: 'lena@lerum.se', name: 'Lena Lerum', password: 'lerum-lokal', groups: ['lerum-processagare'] },
  // Ale's groups in Lerum's provider: that provider does not sign in for Ale.
  { sub: 'intrang@lerum.se', name: 'Ingen Ale', password: 'lerum-lokal-2', groups: ['ale-processagare'] },
];

describe('a municipality with an OpenID provider of its own beside the shared one', () => {
  let shared: TestIdp;
  let lerums: TestIdp;
  let a: ApiHarness;

  beforeAll(async () => {
    shared = await startTestIdp();
    lerums = await startTestIdp([...LERUM_USERS]);
    process.env.ARSHJUL_TEST_LERUM_SECRET = lerums.settings.clientSecret;
    const base = loadGroupMapping();
    const mapping: GroupMapping = {
      municipalities: {
        ale: base.municipalities.ale as GroupMapping['municipalities'][string],
        lerum: {
          provider: {
            issuer: lerums.issuer,
            clientId: lerums.settings.clientId,
            clientSecretEnv: 'ARSHJUL_TEST_LERUM_SECRET',
          },
          groups: { 'lerum-processagare': { role: 'process_owner' } },
        },
      },
    };
    a = await createApiHarness('oidc-own-provider', {
      web: { devAuth: false },
      oidc: shared.settings,
      groupMapping: mapping,
    });
    await registerAle(a, 'ale');
  });
  afterAll(async () => {
    await a?.teardown();
    await Promise.all([shared?.close(), lerums?.close()]);
    delete process.env.ARSHJUL_TEST_LERUM_SECRET;
  });

  const session = (token: string) =>
    fetch(`${a.url}/municipalities/ale/organs/ale-bun/inbox`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it("accepts each provider's tokens only for the municipalities it serves", async () => {
    const ale = await accessTokenFor(shared, 'karin.holm@ale.se', 'ale-lokal-processagare');
    expect((await session(ale)).status).toBe(200);
    // Lerum's provider vouches for a user with Ale's groups: never an Ale role.
    const intruder = await accessTokenFor(lerums, 'intrang@lerum.se', 'lerum-lokal-2');
    expect((await session(intruder)).status).toBe(401);
    // Lerum's own user acts in Lerum only: Ale's data answers 404.
    const lena = await accessTokenFor(lerums, 'lena@lerum.se', 'lerum-lokal');
    expect((await session(lena)).status).toBe(404);
  });

  it('signs a person in at their municipality’s own provider, chosen on the sign-in page', async () => {
    const config = (await (await fetch(`${a.url}/auth/config`)).json()) as {
      shared: boolean;
      municipalities: { id: string }[];
    };
    expect(config).toMatchObject({ oidc: true, shared: true, municipalities: [{ id: 'lerum' }] });

    const browser = new Browserless();
    const first = await browser.fetch(`${a.url}/auth/login?kommun=lerum`);
    expect(first.headers.get('location')?.startsWith(`${lerums.issuer}/`)).toBe(true);
    const landed = await browser.signIn(`${a.url}/auth/login?kommun=lerum`, 'lena@lerum.se', 'lerum-lokal');
    expect(landed).toBe(`${a.url}/#/arshjul`);
    const me = await browser.fetch(`${a.url}/auth/session`);
    expect(await me.json()).toMatchObject({
      sub: 'lena@lerum.se',
      municipalityId: 'lerum',
      role: 'process_owner',
    });

    // Ale's people (no provider of their own) go to the shared provider.
    const other = new Browserless();
    const toShared = await other.fetch(`${a.url}/auth/login?kommun=`);
    expect(toShared.headers.get('location')?.startsWith(`${shared.issuer}/`)).toBe(true);
  });
});
