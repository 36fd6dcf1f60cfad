import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionStore } from '../../api/sessions';
import { returnRoute } from '../../web/oidc-routes';
import { createTestDatabase, type TestDatabase } from '../support/database';

const claims = { sub: 'a', municipality: 'ale', roles: ['auditor' as const], organs: [] };

describe('web sessions in Postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('web_sessions');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('end after the idle limit and after the absolute limit however active', async () => {
    let now = Date.parse('2027-01-10T08:00:00Z');
    const store = new SessionStore(db.appPool, { idleMs: 1000, absoluteMs: 3000 }, () => now);
    const idle = await store.create(claims);
    now += 1001;
    expect(await store.get(idle.id)).toBeNull();
    const active = await store.create(claims);
    const seen: number[] = [];
    for (now = active.createdAt + 500; now <= active.createdAt + 4000; now += 500) {
      if (await store.get(active.id)) seen.push(now - active.createdAt);
    }
    // Touched every 500 ms, it lives exactly as long as the absolute limit allows.
    expect(seen).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
  });

  it('survive a restart of the API (a new store on the same database) and end at logout', async () => {
    const before = new SessionStore(db.appPool);
    const session = await before.create(claims, 'id-token-1');
    const after = new SessionStore(db.appPool);
    const found = await after.get(session.id);
    expect(found).toMatchObject({ claims, csrfToken: session.csrfToken, idToken: 'id-token-1' });
    // Only the id's hash is stored: the cookie's value is nowhere in the table.
    const { rows } = await db.adminPool.query('select id_sha256 from api_web_sessions');
    expect(rows.map((r) => r.id_sha256)).not.toContain(session.id);
    await after.delete(session.id);
    expect(await before.get(session.id)).toBeNull();
    expect(await before.get('not-a-session')).toBeNull();
  });

  it('take a sign-in under way once, and only within ten minutes', async () => {
    let now = Date.parse('2027-01-10T08:00:00Z');
    const store = new SessionStore(db.appPool, undefined, () => now);
    const login = {
      issuer: 'http://127.0.0.1:9',
      codeVerifier: 'v',
      state: 's',
      redirectUri: 'http://x/auth/callback',
      returnTo: '#/uppgift/t1',
    };
    const id = await store.beginLogin(login);
    expect(await store.takeLogin(id)).toEqual(login);
    expect(await store.takeLogin(id)).toBeNull();
    const late = await store.beginLogin(login);
    now += 10 * 60_000 + 1;
    expect(await store.takeLogin(late)).toBeNull();
  });
});

describe('the route to return to after sign-in', () => {
  it('is a route of our own page, never another site', () => {
    expect(returnRoute('#/uppgift/ale-2027-nulagesanalys-ale-bun')).toBe(
      '#/uppgift/ale-2027-nulagesanalys-ale-bun',
    );
    expect(returnRoute('#/inkorg?per=2027-03-01')).toBe('#/inkorg?per=2027-03-01');
    for (const bad of [
      'https://evil.example/',
      '//evil.example',
      '#//evil',
      '#/inloggning?fel=x',
      'javascript:alert(1)',
      '#/a\nb',
      42,
      undefined,
    ]) {
      expect(returnRoute(bad)).toBeNull();
    }
  });
});
