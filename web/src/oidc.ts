import { api, authHeaders, type Session } from './api';

/** Whether the server signs people in with the municipality's OpenID provider. */
export async function oidcEnabled(): Promise<boolean> {
  return api<{ oidc: boolean }>('GET', '/auth/config').then(
    (c) => c.oidc,
    () => false,
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
