import type { FastifyRequest } from 'fastify';
import { bearerToken, type TokenClaims } from './auth';
import { ApiError } from './errors';
import { CSRF_HEADER, cookieValue, csrfMatches, SESSION_COOKIE, type SessionStore } from './sessions';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The caller's claims: from `Authorization: Bearer` (API clients), or from the web interface's session
 * cookie, where a state-changing request must also carry the session's CSRF token in x-csrf-token.
 */
export async function claimsOfRequest(
  request: FastifyRequest,
  authenticate: (token: string) => Promise<TokenClaims>,
  sessions: SessionStore,
): Promise<TokenClaims> {
  const token = bearerToken(request.headers.authorization);
  if (token) return authenticate(token);
  const session = await sessions.get(cookieValue(request.headers.cookie, SESSION_COOKIE));
  if (!session)
    throw new ApiError(401, 'UNAUTHENTICATED', 'Inloggning krävs (Bearer-token)', 'api.bearer-token');
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, request.headers[CSRF_HEADER])) {
    throw new ApiError(403, 'CSRF_TOKEN_MISSING', 'Begäran saknar giltig CSRF-token', 'api.csrf-token');
  }
  return session.claims;
}
