import { createRemoteJWKSet, decodeJwt, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
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
  return issuer ? settingsWithDefaults(issuer, env) : null;
}

function settingsWithDefaults(issuer: string, env: NodeJS.ProcessEnv): OidcSettings {
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
 * Who signs in whom: the deployment's provider (ARSHJUL_OIDC_*) for every municipality without one of
 * its own, and the municipalities' own providers from config/idp-groups.json. A provider's tokens act
 * only in the municipalities it serves.
 */
export class OidcProviders {
  readonly #own = new Map<string, OidcSettings>();

  constructor(
    readonly shared: OidcSettings | null,
    readonly mapping: GroupMapping,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    for (const [municipality, { provider }] of Object.entries(mapping.municipalities)) {
      if (!provider) continue;
      // Claims, scopes and clock skew as the deployment's provider (or the defaults).
      const base = shared ?? settingsWithDefaults(provider.issuer, {});
      this.#own.set(municipality, {
        ...base,
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: env[provider.clientSecretEnv] ?? '',
        audience: provider.audience ?? base.audience,
        resource: provider.audience ?? base.resource,
      });
    }
  }

  get enabled(): boolean {
    return this.shared !== null || this.#own.size > 0;
  }

  /** The municipalities with a provider of their own, for the sign-in page's choice. */
  get ownMunicipalities(): string[] {
    return [...this.#own.keys()];
  }

  /** The provider that signs in the people of a municipality (its own, else the shared one). */
  forMunicipality(municipality: string | undefined): OidcSettings | null {
    return (municipality ? this.#own.get(municipality) : undefined) ?? this.shared;
  }

  /** The provider whose issuer this is, and which municipalities its tokens may act in. */
  forIssuer(issuer: string): { settings: OidcSettings; serves: (m: string) => boolean } | null {
    const own = [...this.#own].filter(([, settings]) => settings.issuer === issuer);
    if (own.length > 0) {
      const served = new Set(own.map(([m]) => m));
      return { settings: own[0]?.[1] as OidcSettings, serves: (m) => served.has(m) };
    }
    if (this.shared?.issuer === issuer) return { settings: this.shared, serves: (m) => !this.#own.has(m) };
    return null;
  }
}

/**
 * Verifies a provider's access tokens against its JWKS (found by discovery, cached and refreshed by
 * jose on an unknown key id): signature, issuer, audience, expiry with clock skew; then maps the groups
 * of the municipalities that provider serves. The token's unverified `iss` only picks which provider's
 * keys to check it with.
 */
export function createOidcVerifier(
  providers: OidcProviders | OidcSettings,
  mapping: GroupMapping = loadGroupMapping(),
): AccessTokenVerifier {
  const all = providers instanceof OidcProviders ? providers : new OidcProviders(providers, mapping);
  const keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();
  const keySet = (issuer: string) => {
    let jwks = keySets.get(issuer);
    if (!jwks) {
      jwks = discoverJwksUri(issuer).then((uri) => createRemoteJWKSet(new URL(uri)));
      jwks.catch(() => keySets.delete(issuer));
      keySets.set(issuer, jwks);
    }
    return jwks;
  };
  return async (token) => {
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new AuthenticationError('Ogiltig token');
    }
    const provider = typeof issuer === 'string' ? all.forIssuer(issuer) : null;
    if (!provider) throw new AuthenticationError('Ogiltig token');
    const { settings } = provider;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(settings.issuer), {
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
    return claimsFromGroups(user, groupList, all.mapping, provider.serves);
  };
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`OpenID discovery ${url}: HTTP ${response.status}`);
  const { jwks_uri } = (await response.json()) as { jwks_uri?: string };
  if (!jwks_uri) throw new Error(`OpenID discovery ${url}: no jwks_uri`);
  return jwks_uri;
}
