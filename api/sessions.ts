import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
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

/** A sign-in under way: what the callback needs to finish it (PKCE verifier, state, where to go). */
export interface PendingLogin {
  /** The provider the person was sent to (the deployment's, or their municipality's own). */
  issuer: string;
  codeVerifier: string;
  state: string;
  redirectUri: string;
  /** The page the person was on when asked to sign in (a `#/…` route of the web interface). */
  returnTo: string | null;
}

const LOGIN_TTL_MS = 10 * 60_000;

const sha256 = (id: string) => createHash('sha256').update(id).digest('hex');

interface SessionRow {
  claims: TokenClaims;
  csrf_token: string;
  id_token: string | null;
  created_at: Date;
  last_seen_at: Date;
}

/**
 * The browser sessions of the web interface (backend-for-frontend): the cookie holds only a random id;
 * the claims verified at sign-in stay on the server, in Postgres (api_web_sessions), so a restart or a
 * second API instance signs nobody out. Only the id's SHA-256 is stored.
 */
export class SessionStore {
  constructor(
    private readonly pool: pg.Pool,
    readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async create(claims: TokenClaims, idToken?: string): Promise<WebSession> {
    const at = this.now();
    await this.#sweep(at);
    const session: WebSession = {
      id: randomBytes(32).toString('base64url'),
      claims,
      csrfToken: randomBytes(32).toString('base64url'),
      idToken,
      createdAt: at,
      lastSeenAt: at,
    };
    await this.pool.query(
      `insert into api_web_sessions (id_sha256, claims, csrf_token, id_token, created_at, last_seen_at)
       values ($1, $2, $3, $4, $5, $5)`,
      [sha256(session.id), JSON.stringify(claims), session.csrfToken, idToken ?? null, new Date(at)],
    );
    return session;
  }

  /** The live session of the id (touching it), or null when unknown or expired. */
  async get(id: string | undefined): Promise<WebSession | null> {
    if (!id) return null;
    const at = this.now();
    const { rows } = await this.pool.query<SessionRow>(
      `update api_web_sessions set last_seen_at = $2
        where id_sha256 = $1
          and last_seen_at >= $2::timestamptz - make_interval(secs => $3::double precision / 1000)
          and created_at >= $2::timestamptz - make_interval(secs => $4::double precision / 1000)
       returning claims, csrf_token, id_token, created_at, last_seen_at`,
      [sha256(id), new Date(at), this.limits.idleMs, this.limits.absoluteMs],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id,
      claims: row.claims,
      csrfToken: row.csrf_token,
      idToken: row.id_token ?? undefined,
      createdAt: row.created_at.getTime(),
      lastSeenAt: row.last_seen_at.getTime(),
    };
  }

  async delete(id: string): Promise<void> {
    await this.pool.query('delete from api_web_sessions where id_sha256 = $1', [sha256(id)]);
  }

  /** Remembers a sign-in under way; returns the id for its short-lived cookie. */
  async beginLogin(login: PendingLogin): Promise<string> {
    const id = randomBytes(24).toString('base64url');
    const at = new Date(this.now());
    await this.pool.query(
      `insert into api_pending_logins
         (id_sha256, issuer, code_verifier, state, redirect_uri, return_to, created_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [sha256(id), login.issuer, login.codeVerifier, login.state, login.redirectUri, login.returnTo, at],
    );
    return id;
  }

  /** Takes a sign-in under way (once: a second callback with the same cookie finds nothing). */
  async takeLogin(id: string | undefined): Promise<PendingLogin | null> {
    if (!id) return null;
    const { rows } = await this.pool.query<{
      issuer: string;
      code_verifier: string;
      state: string;
      redirect_uri: string;
      return_to: string | null;
      created_at: Date;
    }>(
      `delete from api_pending_logins where id_sha256 = $1
       returning issuer, code_verifier, state, redirect_uri, return_to, created_at`,
      [sha256(id)],
    );
    const row = rows[0];
    if (!row || this.now() - row.created_at.getTime() > LOGIN_TTL_MS) return null;
    return {
      issuer: row.issuer,
      codeVerifier: row.code_verifier,
      state: row.state,
      redirectUri: row.redirect_uri,
      returnTo: row.return_to,
    };
  }

  async #sweep(at: number): Promise<void> {
    await this.pool.query(
      `delete from api_web_sessions
        where last_seen_at < $1::timestamptz - make_interval(secs => $2::double precision / 1000)
           or created_at < $1::timestamptz - make_interval(secs => $3::double precision / 1000)`,
      [new Date(at), this.limits.idleMs, this.limits.absoluteMs],
    );
    await this.pool.query(
      `delete from api_pending_logins
        where created_at < $1::timestamptz - make_interval(secs => $2::double precision / 1000)`,
      [new Date(at), LOGIN_TTL_MS],
    );
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
