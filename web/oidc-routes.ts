import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { AuthenticationError } from '../api/auth';
import { ApiError } from '../api/errors';
import type { AccessTokenVerifier, OidcProviders, OidcSettings } from '../api/oidc';
import {
  CSRF_COOKIE,
  CSRF_HEADER,
  cookieValue,
  csrfMatches,
  SESSION_COOKIE,
  type SessionStore,
  setCookie,
} from '../api/sessions';
import { loadMunicipality } from '../application/municipality';
import type { EventStore } from '../eventstore/index';

export interface OidcWebDeps {
  providers: OidcProviders;
  verifyAccessToken: AccessTokenVerifier;
  sessions: SessionStore;
  store: EventStore;
  /** The address people reach arshjul at (ARSHJUL_PUBLIC_URL); default: from the request. */
  publicUrl?: string;
}

const LOGIN_COOKIE = 'arshjul_login';
const HOME = '#/arshjul';

/**
 * Where to send the person after sign-in: the web interface's route they were on (an e-mail's
 * "Öppna uppgiften" link, say), or the start page. Only a `#/…` route of our own page is accepted,
 * so the parameter can never send anyone to another site.
 */
export function returnRoute(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 300) return null;
  const ownRoute = /^#\/[\w\-./?=&%~]*$/.test(raw) && !raw.includes('//');
  return ownRoute && !raw.startsWith('#/inloggning') ? raw : null;
}

/**
 * Sign-in with the municipality's OpenID provider, server side (backend-for-frontend): authorization
 * code with PKCE by openid-client; the browser gets only an HttpOnly session cookie and a CSRF token.
 */
export function registerOidcSignIn(app: FastifyInstance, deps: OidcWebDeps): void {
  const { providers, sessions } = deps;
  const configurations = new Map<string, Promise<client.Configuration>>();
  const config = (settings: OidcSettings) => {
    let configuration = configurations.get(settings.issuer);
    if (!configuration) {
      const issuer = new URL(settings.issuer);
      configuration = client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      });
      configuration.catch(() => configurations.delete(settings.issuer));
      configurations.set(settings.issuer, configuration);
    }
    return configuration;
  };
  const baseUrl = (request: FastifyRequest) =>
    (deps.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
  const secure = (request: FastifyRequest) => baseUrl(request).startsWith('https:');
  const publicRoute = { config: { roles: 'public' as const }, schema: { hide: true } };

  // Which municipalities sign in with a provider of their own (the page asks for the municipality then).
  app.get('/auth/config', publicRoute, async () => ({
    oidc: true,
    shared: providers.shared !== null,
    municipalities: await Promise.all(
      providers.ownMunicipalities.map(async (id) => {
        const { state } = await loadMunicipality(deps.store, id);
        return { id, name: state.status === 'registered' ? state.name : id };
      }),
    ),
  }));

  app.get('/auth/login', publicRoute, async (request, reply) => {
    const query = (request.query ?? {}) as { till?: unknown; kommun?: unknown };
    const settings = providers.forMunicipality(typeof query.kommun === 'string' ? query.kommun : undefined);
    if (!settings) return reply.redirect('/#/inloggning?fel=kommun', 302);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const redirectUri = `${baseUrl(request)}/auth/callback`;
    const returnTo = returnRoute(query.till);
    const id = await sessions.beginLogin({
      issuer: settings.issuer,
      codeVerifier,
      state,
      redirectUri,
      returnTo,
    });
    const parameters: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: settings.scope,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    };
    if (settings.resource) parameters.resource = settings.resource;
    const url = client.buildAuthorizationUrl(await config(settings), parameters);
    reply.header(
      'set-cookie',
      setCookie(LOGIN_COOKIE, id, { httpOnly: true, secure: secure(request), maxAgeSeconds: 600 }),
    );
    return reply.redirect(url.href, 302);
  });

  app.get('/auth/callback', publicRoute, async (request, reply) => {
    const id = cookieValue(request.headers.cookie, LOGIN_COOKIE);
    const login = await sessions.takeLogin(id);
    const settings = login ? providers.forIssuer(login.issuer)?.settings : undefined;
    if (!login || !settings) return reply.redirect('/#/inloggning?fel=session', 302);
    let claims: Awaited<ReturnType<AccessTokenVerifier>>;
    let idToken: string | undefined;
    try {
      const current = new URL(request.url, login.redirectUri);
      const tokens = await client.authorizationCodeGrant(
        await config(settings),
        current,
        { pkceCodeVerifier: login.codeVerifier, expectedState: login.state, idTokenExpected: true },
        settings.resource ? { resource: settings.resource } : undefined,
      );
      claims = await deps.verifyAccessToken(tokens.access_token);
      idToken = tokens.id_token;
    } catch (error) {
      request.log.warn({ error }, 'sign-in failed');
      const reason = error instanceof AuthenticationError ? 'roll' : 'inloggning';
      return reply.redirect(`/#/inloggning?fel=${reason}`, 302);
    }
    const session = await sessions.create(claims, idToken);
    const s = secure(request);
    reply.header('set-cookie', [
      setCookie(SESSION_COOKIE, session.id, { httpOnly: true, secure: s }),
      setCookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, secure: s }),
      setCookie(LOGIN_COOKIE, '', { httpOnly: true, secure: s, maxAgeSeconds: 0 }),
    ]);
    return reply.redirect(`/${login.returnTo ?? HOME}`, 302);
  });

  app.get('/auth/session', publicRoute, async (request, reply) => {
    const session = await sessions.get(cookieValue(request.headers.cookie, SESSION_COOKIE));
    if (!session) throw new ApiError(401, 'UNAUTHENTICATED', 'Du är inte inloggad', 'api.session');
    const { claims } = session;
    const { state } = await loadMunicipality(deps.store, claims.municipality);
    reply.header('cache-control', 'no-store');
    return {
      sub: claims.sub,
      municipalityId: claims.municipality,
      municipalityName: state.status === 'registered' ? state.name : claims.municipality,
      role: claims.roles[0],
      roles: claims.roles,
      organs: claims.organs,
    };
  });

  app.post('/auth/logout', publicRoute, async (request, reply) => {
    const session = await sessions.get(cookieValue(request.headers.cookie, SESSION_COOKIE));
    if (session && !csrfMatches(session, request.headers[CSRF_HEADER])) {
      throw new ApiError(403, 'CSRF_TOKEN_MISSING', 'Begäran saknar giltig CSRF-token', 'api.csrf-token');
    }
    if (session) await sessions.delete(session.id);
    clearCookies(reply, secure(request));
    const settings = providers.forMunicipality(session?.claims.municipality);
    if (!settings) return { redirect: '/' };
    const endSession = client.buildEndSessionUrl(await config(settings), {
      post_logout_redirect_uri: `${baseUrl(request)}/`,
      ...(session?.idToken ? { id_token_hint: session.idToken } : { client_id: settings.clientId }),
    });
    return { redirect: endSession.href };
  });
}

function clearCookies(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', [
    setCookie(SESSION_COOKIE, '', { httpOnly: true, secure, maxAgeSeconds: 0 }),
    setCookie(CSRF_COOKIE, '', { httpOnly: false, secure, maxAgeSeconds: 0 }),
  ]);
}
