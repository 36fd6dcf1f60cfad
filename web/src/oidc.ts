import { api, authHeaders, type Session } from './api';

/** How the server signs people in: null without an OpenID provider; else the shared provider and the
 * municipalities that sign in with their own. */
export interface OidcConfig {
  shared: boolean;
  municipalities: { id: string; name: string }[];
}

export async function oidcConfig(): Promise<OidcConfig | null> {
  return api<{ oidc: boolean } & Partial<OidcConfig>>('GET', '/auth/config').then(
    (c) => (c.oidc ? { shared: c.shared ?? true, municipalities: c.municipalities ?? [] } : null),
    () => null,
  );
}

/** The session the server holds for this browser (after /auth/login), or null. */
export async function oidcSession(): Promise<Session | null> {
  try {
    const s = await api<Omit<Session, 'token'>>('GET', '/auth/session');
    return { ...s, token: '' };
  } catch {
    return null;
  }
}

/** Ends the session here, then at the provider (its end_session endpoint). */
export async function oidcSignOut(): Promise<void> {
  const response = await fetch('/auth/logout', { method: 'POST', headers: authHeaders('POST') });
  const body = response.ok ? ((await response.json()) as { redirect?: string }) : {};
  window.location.href = body.redirect ?? '/';
}
