import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import type { OidcSettings } from '../../api/oidc';
import type { IdpKeys } from '../../services/idp/keys';
import { LOCAL_API_AUDIENCE, LOCAL_CLIENT } from '../../services/idp/provider';
import { type RunningIdp, startIdp } from '../../services/idp/server';
import type { IdpUser } from '../../services/idp/users';

export interface TestIdp extends RunningIdp {
  settings: OidcSettings;
  keys(): IdpKeys;
}

/** The real local provider (oidc-provider, Ale's users unless others are given) on a free port with its own keys. */
export async function startTestIdp(users?: IdpUser[]): Promise<TestIdp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arshjul-idp-'));
  const idp = await startIdp({ port: 0, dataDir, users });
  return {
    ...idp,
    settings: {
      issuer: idp.issuer,
      audience: LOCAL_API_AUDIENCE,
      clientId: LOCAL_CLIENT.clientId,
      clientSecret: LOCAL_CLIENT.clientSecret,
      userClaim: 'sub',
      groupsClaim: 'groups',
      scope: 'openid email profile groups api',
      resource: LOCAL_API_AUDIENCE,
      clockToleranceSeconds: 30,
    },
    keys: () => JSON.parse(readFileSync(join(dataDir, 'keys.json'), 'utf8')) as IdpKeys,
  };
}

/** A cookie jar over fetch that follows redirects by hand, so each hop's cookies are kept. */
export class Browserless {
  readonly cookies = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.cookies.get(origin)?.get(name);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    this.cookies.set(origin, jar);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', ...value] = pair.trim().split('=');
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim()));
      if (expired) jar.delete(name);
      else jar.set(name, value.join('='));
    }
    return response;
  }

  /**
   * Follows redirects from `url`, signing in on the provider's login page on the way, until a redirect
   * leads to `stopAt` (returned, not fetched) or a page answers.
   */
  async signIn(url: string, username: string, password: string, stopAt?: string): Promise<string> {
    let next = url;
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.fetch(next, body ? { method: 'POST', body } : {});
      body = undefined;
      const location = response.headers.get('location');
      if (location) {
        next = new URL(location, next).href;
        if (stopAt && next.startsWith(stopAt)) return next;
        continue;
      }
      const html = await response.text();
      const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
      if (!action || response.status !== 200) return next;
      next = new URL(action, next).href;
      body = new URLSearchParams({ username, password });
    }
    throw new Error('too many redirects');
  }
}

/** An access token from the provider for a user, by the code flow with PKCE (as any client would). */
export async function accessTokenFor(idp: TestIdp, username: string, password: string): Promise<string> {
  const config = await client.discovery(
    new URL(idp.issuer),
    LOCAL_CLIENT.clientId,
    LOCAL_CLIENT.clientSecret,
    undefined,
    { execute: [client.allowInsecureRequests] },
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const redirectUri = 'http://127.0.0.1:9/auth/callback';
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: idp.settings.scope,
    resource: idp.settings.resource,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const callback = await new Browserless().signIn(url.href, username, password, redirectUri);
  const tokens = await client.authorizationCodeGrant(
    config,
    new URL(callback),
    { pkceCodeVerifier: verifier, expectedState: state },
    { resource: idp.settings.resource },
  );
  return tokens.access_token;
}
