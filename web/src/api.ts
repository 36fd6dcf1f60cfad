/** The API client of the web app: JSON, the session's bearer token, Swedish error messages. */

export interface Session {
  token: string;
  sub: string;
  municipalityId: string;
  municipalityName: string;
  role: Role;
  /** Every role the person has in the municipality (a provider's groups may give more than one). */
  roles?: Role[];
  organs: string[];
}

export type Role = 'process_owner' | 'secretary' | 'auditor';

export interface Issue {
  path: string[];
  message: string;
}

/** A non-2xx answer: the API's Swedish message and, for 400/422, the issues per field. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly issues: Issue[],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

const SESSION_KEY = 'arshjul.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else {
    sessionStorage.removeItem(SESSION_KEY);
    sessionStorage.removeItem(ROLE_KEY);
  }
}

const ROLE_KEY = 'arshjul.role';

/** Keeps the role chosen under "Arbeta som" for the tab's life (a reload keeps it). */
export function saveChosenRole(role: Role): void {
  sessionStorage.setItem(ROLE_KEY, role);
}

/**
 * The session in the role chosen under "Arbeta som", if the person still has that role (a session
 * from the provider carries the roles the person has now); a role since taken away is forgotten.
 */
export function withChosenRole(session: Session): Session {
  const chosen = sessionStorage.getItem(ROLE_KEY) as Role | null;
  if (!chosen) return session;
  if ((session.roles ?? [session.role]).includes(chosen)) return { ...session, role: chosen };
  sessionStorage.removeItem(ROLE_KEY);
  return session;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...authHeaders(method, options.token),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiProblem(0, 'Kunde inte nå servern. Försök igen.', 'NETWORK', []);
  }
  const text = await response.text();
  const body =
    text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const problem = (body ?? {}) as { message?: string; code?: string; details?: { issues?: Issue[] } };
    throw new ApiProblem(
      response.status,
      problem.message ?? statusMessage(response.status),
      problem.code ?? `HTTP_${response.status}`,
      problem.details?.issues ?? [],
      problem.details ?? {},
    );
  }
  return body as T;
}

/**
 * A development token goes as a bearer token; a signed-in session (token '') rides on its HttpOnly
 * cookie, and state-changing requests echo the session's CSRF token from its readable cookie.
 */
export function authHeaders(method: string, token?: string): Record<string, string> {
  if (token) return { authorization: `Bearer ${token}` };
  if (method === 'GET') return {};
  const csrf = /(?:^|;\s*)arshjul_csrf=([^;]+)/.exec(document.cookie)?.[1];
  return csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {};
}

function statusMessage(status: number): string {
  if (status === 401) return 'Du behöver logga in igen.';
  if (status === 403) return 'Din roll får inte göra detta.';
  if (status === 404) return 'Hittades inte.';
  return `Servern svarade med fel (${status}).`;
}

/** Paths under the signed-in municipality. */
export function m(session: Session, path = ''): string {
  return `/municipalities/${encodeURIComponent(session.municipalityId)}${path}`;
}
