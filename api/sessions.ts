import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenClaims } from './auth';

export const SESSION_COOKIE = 'arshjul_session';
export const CSRF_COOKIE = 'arshjul_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface WebSession {
  id: string;
  claims: TokenClaims;
  /** Double-submit token: also in a cookie the page reads, sent back in the x-csrf-token header. */
  csrfToken: string;
  /** The provider's id token, for its end_session endpoint (id_token_hint). */
  idToken?: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  /** Ends after this long without a request (default 30 minutes). */
  idleMs: number;
  /** Ends this long after sign-in, however active (default 8 hours). */
  absoluteMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 8 * 3600_000 };

/**
 * The browser sessions of the web interface (backend-for-frontend): the cookie holds only a random id;
 * the claims verified at sign-in stay on the server. In memory: a restart signs everyone out.
 */
export class SessionStore {
  readonly #sessions = new Map<string, WebSession>();

  constructor(
    readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  create(claims: TokenClaims, idToken?: string): WebSession {
    this.#sweep();
    const at = this.now();
    const session: WebSession = {
      id: randomBytes(32).toString('base64url'),
      claims,
      csrfToken: randomBytes(32).toString('base64url'),
      idToken,
      createdAt: at,
      lastSeenAt: at,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The live session of the id (touching it), or null when unknown or expired. */
  get(id: string | undefined): WebSession | null {
    if (!id) return null;
    const session = this.#sessions.get(id);
    if (!session) return null;
    const at = this.now();
    if (at - session.lastSeenAt > this.limits.idleMs || at - session.createdAt > this.limits.absoluteMs) {
      this.#sessions.delete(id);
      return null;
    }
    session.lastSeenAt = at;
    return session;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  #sweep(): void {
    const at = this.now();
    for (const [id, s] of this.#sessions) {
      if (at - s.lastSeenAt > this.limits.idleMs || at - s.createdAt > this.limits.absoluteMs)
        this.#sessions.delete(id);
    }
  }
}

export function csrfMatches(session: WebSession, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(session.csrfToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function setCookie(
  name: string,
  value: string,
  o: { httpOnly: boolean; secure: boolean; maxAgeSeconds?: number },
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax'];
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${o.maxAgeSeconds}`);
  return parts.join('; ');
}
