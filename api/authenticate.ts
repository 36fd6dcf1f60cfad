import { decodeProtectedHeader } from 'jose';
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
  return async (token) => {
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
}
