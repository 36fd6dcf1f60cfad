import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AuthenticationError, type TokenClaims, verifyToken } from './auth';
import type { AccessTokenVerifier } from './oidc';

export interface AuthenticatorOptions {
  /** The HS256 key of development tokens. */
  devSecret: Uint8Array;
  /** The provider's access tokens; absent when no provider is configured. */
  oidc?: AccessTokenVerifier;
  /** Production refuses HS256 development tokens (default: NODE_ENV=production). */
  production?: boolean;
}

/**
 * Who a bearer token says the caller is: an OpenID provider's access token (asymmetric, verified
 * against its JWKS) or, outside production, a development HS256 token.
 */
export function createAuthenticator(o: AuthenticatorOptions): (token: string) => Promise<TokenClaims> {
  const production = o.production ?? process.env.NODE_ENV === 'production';
  const verify = async (token: string): Promise<TokenClaims> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthenticationError('Ogiltig token');
    }
    if (alg === 'HS256') {
      if (production) throw new AuthenticationError('Utvecklingstoken tas inte emot i produktion');
      return verifyToken(token, o.devSecret);
    }
    if (!o.oidc) throw new AuthenticationError('Ogiltig token');
    return o.oidc(token);
  };
  return cachedVerifications(verify);
}

/** Verified tokens kept, at most: an inbox read per second by thousands of secretaries stays in memory. */
const CACHE_SIZE = 20_000;
/** A verification is reused at most this long, and never past the token's own expiry. */
const CACHE_MS = 5 * 60_000;

/**
 * Verifying a signature costs more than the rest of a small read (HS256 through WebCrypto imports
 * the key each time; provider tokens check against the JWKS), and a browser sends the same token
 * with every request: a successful verification is reused until the token expires, for at most
 * CACHE_MS. Refusals are not kept. The claims themselves are only who the caller is: what they may
 * do is still checked on each request against the municipality's current state.
 */
export function cachedVerifications(
  verify: (token: string) => Promise<TokenClaims>,
  now: () => number = Date.now,
): (token: string) => Promise<TokenClaims> {
  const cache = new Map<string, { claims: TokenClaims; until: number }>();
  return async (token) => {
    const hit = cache.get(token);
    if (hit && hit.until > now()) return hit.claims;
    if (hit) cache.delete(token);
    const claims = await verify(token);
    const exp = decodeJwt(token).exp;
    const until = Math.min(now() + CACHE_MS, exp === undefined ? Number.POSITIVE_INFINITY : exp * 1000);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(token, { claims, until });
    return claims;
  };
}
