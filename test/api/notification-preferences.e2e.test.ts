import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { municipalityStream } from '../../domain/streams';
import { type ApiHarness, createApiHarness, registerAle } from './support';

const M = 'ale';
const path = `/municipalities/${M}/notification-preferences/me`;
const SEC_BUN = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;

/** A person turns reminder e-mails off and on for themself (rule notification.own-preferences). */
describe('PUT /notification-preferences/me (real API, Postgres)', () => {
  let a: ApiHarness;
  let secretary: string;
  let stranger: string;

  beforeAll(async () => {
    a = await createApiHarness('api_notification_preferences');
    await registerAle(a, M);
    secretary = await signToken({
      sub: SEC_BUN,
      municipality: M,
      roles: ['secretary'],
      organs: [ALE_ORGAN.bun],
    });
    stranger = await signToken({ sub: 'okand@ale.se', municipality: M, roles: ['secretary'], organs: [] });
  });
  afterAll(() => a?.teardown());

  const version = async () => (await a.h.store.readStream(municipalityStream(M))).length;

  it('stores the choice, reads it back, and refuses bad input and strangers with nothing stored', async () => {
    const before = await version();
    const bad = await a.client.request<{ message: string; details: unknown }>('PUT', path, {
      token: secretary,
      body: { reminders: 'nej' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('reminders');
    const foreign = await a.client.request<{ rule: string }>('PUT', path, {
      token: stranger,
      body: { reminders: false },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.rule).toBe('notification.own-preferences');
    expect(await version()).toBe(before);

    const off = await a.client.request<{ reminders: boolean }>('PUT', path, {
      token: secretary,
      body: { reminders: false },
    });
    expect([off.status, off.body.reminders]).toEqual([200, false]);
    const read = await a.client.request<{ reminders: boolean }>('GET', path, { token: secretary });
    expect(read.body).toEqual({ userId: SEC_BUN, reminders: false });
    expect(await version()).toBe(before + 1);
    const events = await a.h.store.readStream(municipalityStream(M));
    expect(events.at(-1)?.type).toBe('NotificationPreferencesSet');
  });
});
