import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../api/sessions';
import { ALE_USERS } from '../../domain/examples/ale';
import { accessTokenFor, Browserless, startTestIdp, type TestIdp } from '../support/oidc';
import { type ApiHarness, createApiHarness, registerAle } from './support';

const M = 'ale';

describe('sign-in with the OpenID provider', () => {
  let idp: TestIdp;
  let a: ApiHarness;

  beforeAll(async () => {
    idp = await startTestIdp();
    a = await createApiHarness('oidc-sign-in', { web: { devAuth: true }, oidc: idp.settings });
    await registerAle(a, M);
  });
  afterAll(async () => {
    await a?.teardown();
    await idp?.close();
  });

  const get = (path: string, token: string) =>
    fetch(`${a.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  async function signedWithIdpKey(claims: Record<string, unknown>, exp: number, issuer = idp.issuer) {
    const jwk = idp.keys().jwks.keys[0] as JWK;
    const key = await importJWK(jwk, 'RS256');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(idp.settings.audience)
      .setSubject(ALE_USERS.processOwner)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);
  }

  it('accepts the provider access token and maps its groups to the role', async () => {
    const token = await accessTokenFor(idp, ALE_USERS.processOwner, 'ale-lokal-processagare');
    const response = await get(`/municipalities/${M}`, token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { municipalityId: string };
    expect(body.municipalityId).toBe(M);
  });

  it('refuses expired, forged and other-issuer tokens with 401, and allows 30 s of clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    const groups = { groups: ['ale-processagare'] };
    const skewed = await signedWithIdpKey(groups, now - 10);
    expect((await get(`/municipalities/${M}`, skewed)).status).toBe(200);
    const expired = await signedWithIdpKey(groups, now - 120);
    expect((await get(`/municipalities/${M}`, expired)).status).toBe(401);
    const otherIssuer = await signedWithIdpKey(groups, now + 600, 'http://127.0.0.1:1/annan-leverantor');
    expect((await get(`/municipalities/${M}`, otherIssuer)).status).toBe(401);
    const { privateKey } = await generateKeyPair('RS256');
    const kid = idp.keys().jwks.keys[0]?.kid;
    const forged = await new SignJWT(groups)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(idp.issuer)
      .setAudience(idp.settings.audience)
      .setSubject(ALE_USERS.processOwner)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    const forgedResponse = await get(`/municipalities/${M}`, forged);
    expect(forgedResponse.status).toBe(401);
    expect(((await forgedResponse.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
  });

  it("answers 404 to a valid token of another municipality's people", async () => {
    const token = await accessTokenFor(idp, 'anna.lund@lerum.se', 'lerum-lokal-processagare');
    expect((await get(`/municipalities/${M}`, token)).status).toBe(404);
    expect((await get(`/municipalities/${M}/cycles`, token)).status).toBe(404);
  });

  it('signs in to the web interface with a session cookie, checks CSRF, and logs out', async () => {
    const browser = new Browserless();
    const landed = await browser.signIn(`${a.url}/auth/login`, 'erik.ahmadi@ale.se', 'ale-lokal-sekreterare');
    expect(landed).toBe(`${a.url}/#/arshjul`);
    const session = await browser.fetch(`${a.url}/auth/session`);
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({
      sub: 'erik.ahmadi@ale.se',
      municipalityId: M,
      role: 'secretary',
      organs: ['ale-bun'],
    });
    const setCookie = await fetch(`${a.url}/auth/session`); // no cookie: not signed in
    expect(setCookie.status).toBe(401);
    expect((await browser.fetch(`${a.url}/municipalities/${M}/organs/ale-bun/inbox`)).status).toBe(200);

    const csrf = browser.cookie(a.url, CSRF_COOKIE) as string;
    const post = (headers: Record<string, string>) =>
      browser.fetch(`${a.url}/municipalities/${M}/calendar-feeds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ organId: 'ale-bun' }),
      });
    const withoutCsrf = await post({});
    expect(withoutCsrf.status).toBe(403);
    expect(((await withoutCsrf.json()) as { code: string }).code).toBe('CSRF_TOKEN_MISSING');
    expect((await post({ 'x-csrf-token': 'fel' })).status).toBe(403);
    expect((await post({ 'x-csrf-token': csrf })).status).toBe(201);

    const logout = await browser.fetch(`${a.url}/auth/logout`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrf },
    });
    expect(logout.status).toBe(200);
    const { redirect } = (await logout.json()) as { redirect: string };
    expect(redirect.startsWith(`${idp.issuer}/session/end`)).toBe(true);
    expect((await browser.fetch(`${a.url}/auth/session`)).status).toBe(401);
    expect((await browser.fetch(`${a.url}/municipalities/${M}/organs/ale-bun/inbox`)).status).toBe(401);

    // The provider's session ends too: confirm its logout page, then signing in asks for the password.
    const page = await browser.fetch(redirect);
    const html = await page.text();
    const form = /<form[^>]*id="op.logoutForm"[^>]*>/.exec(html)?.[0] ?? '';
    const action = /action="([^"]+)"/.exec(form)?.[1];
    expect(action).toBeDefined();
    const fields = new URLSearchParams({ logout: 'yes' });
    for (const input of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      if (name) fields.set(name, /value="([^"]*)"/.exec(input[0])?.[1] ?? '');
    }
    const ended = await browser.fetch(new URL(action as string, redirect).href, {
      method: 'POST',
      body: fields,
    });
    expect(ended.headers.get('location')).toContain(a.url);
    expect(await loginFormShown(browser, `${a.url}/auth/login`)).toBe(true);
  });

  it('returns to the page the person came for (an e-mail link) after signing in', async () => {
    const browser = new Browserless();
    const task = '#/uppgift/ale-2027-nulagesanalys-ale-bun';
    const landed = await browser.signIn(
      `${a.url}/auth/login?till=${encodeURIComponent(task)}`,
      'erik.ahmadi@ale.se',
      'ale-lokal-sekreterare',
    );
    expect(landed).toBe(`${a.url}/${task}`);
    // A return address outside the web interface is ignored: the start page instead.
    const other = new Browserless();
    const home = await other.signIn(
      `${a.url}/auth/login?till=${encodeURIComponent('https://evil.example/')}`,
      'erik.ahmadi@ale.se',
      'ale-lokal-sekreterare',
    );
    expect(home).toBe(`${a.url}/#/arshjul`);
  });

  it('keeps the web session in the database: a second (or restarted) API instance knows it', async () => {
    const browser = new Browserless();
    await browser.signIn(`${a.url}/auth/login`, 'erik.ahmadi@ale.se', 'ale-lokal-sekreterare');
    const cookie = `${SESSION_COOKIE}=${browser.cookie(a.url, SESSION_COOKIE)}`;
    const second = await createApi({
      pool: a.h.db.appPool,
      store: a.h.store,
      client: a.h.env.client,
      taskQueue: a.h.taskQueue,
      web: { devAuth: true },
      oidc: idp.settings,
    });
    await second.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = second.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const session = await fetch(`${url}/auth/session`, { headers: { cookie } });
      expect(session.status).toBe(200);
      expect(await session.json()).toMatchObject({ sub: 'erik.ahmadi@ale.se', organs: ['ale-bun'] });
    } finally {
      await second.close();
    }
  });
});

/** Follows the sign-in's redirects without credentials: does the provider show its login form? */
async function loginFormShown(browser: Browserless, url: string): Promise<boolean> {
  let next = url;
  for (let hop = 0; hop < 20; hop++) {
    const response = await browser.fetch(next);
    const location = response.headers.get('location');
    if (!location) return /<form method="post" action="[^"]+\/login"/.test(await response.text());
    next = new URL(location, next).href;
  }
  return false;
}
