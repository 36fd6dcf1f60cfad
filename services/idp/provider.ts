import Provider, { type Configuration } from 'oidc-provider';
import type { IdpKeys } from './keys';
import { escapeHtml, logoutPage } from './login-page';
import type { IdpUser } from './users';

/** The local web client (the arshjul server, a confidential client); production uses its own. */
export const LOCAL_CLIENT = {
  clientId: 'arshjul-web',
  clientSecret: 'arshjul-web-local-secret-do-not-use-in-production',
} as const;

/** The API as a resource server (RFC 8707): the access tokens' audience. */
export const LOCAL_API_AUDIENCE = 'urn:arshjul:api';

export interface IdpOptions {
  issuer: string;
  users: readonly IdpUser[];
  keys: IdpKeys;
  /** Extra redirect URIs besides any loopback port of /auth/callback (RFC 8252 §7.3). */
  redirectUris?: string[];
  /** Access-token lifetime in seconds (default 10 minutes). */
  accessTokenTtl?: number;
}

/**
 * panva's oidc-provider, configured as a small standards-compliant provider: authorization code with
 * PKCE only, JWT access tokens for the API resource with a `groups` claim, RP-initiated logout.
 */
export function createProvider(o: IdpOptions): Provider {
  const byId = new Map(o.users.map((u) => [u.sub, u]));
  const groupsOf = (accountId: string | undefined) => (accountId ? (byId.get(accountId)?.groups ?? []) : []);
  const configuration: Configuration = {
    clients: [
      {
        client_id: LOCAL_CLIENT.clientId,
        client_secret: LOCAL_CLIENT.clientSecret,
        // 'native' lets the loopback callback use any port (tests and helpers run on their own ports).
        application_type: 'native',
        redirect_uris: ['http://127.0.0.1/auth/callback', ...(o.redirectUris ?? [])],
        post_logout_redirect_uris: ['http://127.0.0.1/', ...(o.redirectUris ?? []).map(origin)],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups', 'api'],
    claims: { openid: ['sub'], email: ['email'], profile: ['name'], groups: ['groups'] },
    async findAccount(_ctx, id) {
      const user = byId.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: user.sub, name: user.name, groups: user.groups };
        },
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: async (ctx, form) => logoutPage(ctx, form) },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => LOCAL_API_AUDIENCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (resource !== LOCAL_API_AUDIENCE) throw new Error(`unknown resource ${resource}`);
          return {
            scope: 'api',
            audience: LOCAL_API_AUDIENCE,
            accessTokenTTL: o.accessTokenTtl ?? 600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // The API decides roles from `groups`; put them in the JWT access token too.
    async extraTokenClaims(_ctx, token) {
      const accountId = 'accountId' in token ? (token.accountId as string) : undefined;
      return { groups: groupsOf(accountId) };
    },
    jwks: o.keys.jwks as Configuration['jwks'],
    cookies: { keys: o.keys.cookieKeys },
    ttl: { Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600, IdToken: 3600, AuthorizationCode: 60 },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Inloggningen misslyckades</title></head><body><main><h1>Inloggningen misslyckades</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p></main></body></html>`;
    },
  };
  return new Provider(o.issuer, configuration);
}

function origin(uri: string): string {
  return `${new URL(uri).origin}/`;
}
