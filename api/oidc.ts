import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import { AuthenticationError, type TokenClaims } from './auth';
import { claimsFromGroups, type GroupMapping, loadGroupMapping } from './group-mapping';

/** How arshjul trusts a municipality's OpenID provider (env, docs/sign-in.md). */
export interface OidcSettings {
  issuer: string;
  /** The API's audience in the provider's access tokens. */
  audience: string;
  clientId: string;
  clientSecret: string;
  /** The claim that holds the user id the municipality lists (default `sub`). */
  userClaim: string;
  /** The claim that holds the groups (default `groups`). */
  groupsClaim: string;
  /** Scopes the web interface asks for at sign-in. */
  scope: string;
  /** The resource indicator (RFC 8707) sent at sign-in; empty for providers that take none (Entra ID). */
  resource: string;
  /** Seconds of clock difference accepted on exp/nbf/iat. */
  clockToleranceSeconds: number;
}

/** Settings from ARSHJUL_OIDC_*; null when no issuer is configured (dev sign-in only). */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  const issuer = env.ARSHJUL_OIDC_ISSUER;
  if (!issuer) return null;
  return {
    issuer,
    audience: env.ARSHJUL_OIDC_AUDIENCE || 'urn:arshjul:api',
    clientId: env.ARSHJUL_OIDC_CLIENT_ID || 'arshjul-web',
    clientSecret: env.ARSHJUL_OIDC_CLIENT_SECRET || '',
    userClaim: env.ARSHJUL_OIDC_USER_CLAIM || 'sub',
    groupsClaim: env.ARSHJUL_OIDC_GROUPS_CLAIM || 'groups',
    scope: env.ARSHJUL_OIDC_SCOPE || 'openid email profile groups api',
    resource: env.ARSHJUL_OIDC_RESOURCE ?? (env.ARSHJUL_OIDC_AUDIENCE || 'urn:arshjul:api'),
    clockToleranceSeconds: 30,
  };
}

export type AccessTokenVerifier = (token: string) => Promise<TokenClaims>;

/**
 * Verifies the provider's access tokens against its JWKS (found by discovery, cached and refreshed by
 * jose on an unknown key id): signature, issuer, audience, expiry with clock skew; then maps the groups.
 */
export function createOidcVerifier(settings: OidcSettings, mapping: GroupMapping = loadGroupMapping()) {
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = () => {
    jwks ??= discoverJwksUri(settings.issuer).then((uri) => createRemoteJWKSet(new URL(uri)));
    jwks.catch(() => {
      jwks = undefined;
    });
    return jwks;
  };
  const verify: AccessTokenVerifier = async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockToleranceSeconds,
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AuthenticationError('Token har gått ut');
      throw new AuthenticationError('Ogiltig token');
    }
    const user = payload[settings.userClaim];
    const groups = payload[settings.groupsClaim];
    if (typeof user !== 'string' || user === '') throw new AuthenticationError('Token saknar användare');
    const groupList = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
    return claimsFromGroups(user, groupList, mapping);
  };
  return verify;
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`OpenID discovery ${url}: HTTP ${response.status}`);
  const { jwks_uri } = (await response.json()) as { jwks_uri?: string };
  if (!jwks_uri) throw new Error(`OpenID discovery ${url}: no jwks_uri`);
  return jwks_uri;
}
