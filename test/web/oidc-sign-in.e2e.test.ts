import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUsers } from '../../services/idp/users';
import { startTestIdp, type TestIdp } from '../support/oidc';
import { choose, press } from './keyboard';
import { capture, createWebHarness, type WebHarness } from './support';

const M = 'ale';
// A controller who is also one of the auditors' officials: two roles from two groups.
const TWO_ROLES = {
  sub: 'anna.lund@ale.se',
  name: 'Anna Lund',
  password: 'ale-lokal-tva-roller',
  groups: ['ale-processagare', 'ale-revisor'],
};

/** Each role signs in through the provider's own login page and sees its pages. */
describe('signing in with the OpenID provider in Chromium', () => {
  let idp: TestIdp;
  let w: WebHarness;

  beforeAll(async () => {
    idp = await startTestIdp([...loadUsers(), TWO_ROLES]);
    w = await createWebHarness('web-oidc', M, { oidc: idp.settings });
  });
  afterAll(async () => {
    await w?.teardown();
    await idp?.close();
  });

  async function signInAs(page: Page, username: string, password: string) {
    await page.goto(`${w.url}/`);
    await page.getByRole('link', { name: 'Logga in med kommunens inloggning' }).click();
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.getByLabel('E-postadress').fill(username);
    await page.getByLabel('Lösenord').fill(password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${w.url}/#/arshjul`);
  }

  it('shows an error summary on the login page for a wrong password', async () => {
    const page = await w.newPage();
    await page.goto(`${w.url}/auth/login`);
    await page.getByLabel('E-postadress').fill('karin.holm@ale.se');
    await page.getByLabel('Lösenord').fill('fel-lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Fel e-postadress eller lösenord');
    expect(await page.getByLabel('Lösenord').getAttribute('aria-invalid')).toBe('true');
    expect(await capture(page, 'idp-login-fel')).toEqual([]);
    await page.context().close();
  });

  it('process owner: signs in, sees Revision, and logs out at the provider too', async () => {
    const page = await w.newPage();
    await signInAs(page, 'karin.holm@ale.se', 'ale-lokal-processagare');
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await nav.getByRole('link', { name: 'Revision' }).waitFor();
    await expect.poll(() => page.locator('.who').textContent()).toContain('Processägare');
    await capture(page, 'oidc-processagare');
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(`${idp.issuer}/session/end**`);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(`${w.url}/`);
    await page.getByRole('link', { name: 'Logga in med kommunens inloggning' }).waitFor();
    expect((await page.request.get(`${w.url}/auth/session`)).status()).toBe(401);
    await page.context().close();
  });

  it("secretary: sees the organ's inbox and creates the organ's calendar feed", async () => {
    const page = await w.newPage();
    await signInAs(page, 'erik.ahmadi@ale.se', 'ale-lokal-sekreterare');
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await nav.getByRole('link', { name: 'Inkorg', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Revision' }).count()).toBe(0);
    // By keyboard alone: create the calendar address, then renew it (the old one stops working).
    await press(page, nav.getByRole('link', { name: 'Kalenderflöde' }), 'Enter');
    await press(page, page.getByRole('button', { name: 'Skapa adress' }).last(), 'Enter');
    const address = page.getByLabel('Adress (iCalendar)').last();
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/\/calendar\/[\w-]+\.ics$/);
    expect((await fetch(url)).status).toBe(200);
    await press(page, page.getByRole('button', { name: 'Skapa ny adress' }).last(), 'Enter');
    await page.getByText('En ny adress är skapad. Den gamla adressen slutar gälla.').waitFor();
    await expect.poll(() => address.inputValue()).not.toBe(url);
    expect((await fetch(await address.inputValue())).status).toBe(200);
    expect((await fetch(url)).status).not.toBe(200);
    expect(await capture(page, 'oidc-kalenderflode')).toEqual([]);
    await page.context().close();
  });

  it('auditor: signs in and sees Revision', async () => {
    const page = await w.newPage();
    await signInAs(page, 'revisor.bengtsson@ale.se', 'ale-lokal-revisor');
    await page
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link', { name: 'Revision' })
      .waitFor();
    await expect.poll(() => page.locator('.who').textContent()).toContain('Revisor');
    await page.context().close();
  });

  it('returns to the page asked for, and lets a person with two roles choose which to work in', async () => {
    const page = await w.newPage();
    await page.goto(`${w.url}/#/kalender`);
    await page.getByRole('link', { name: 'Logga in med kommunens inloggning' }).click();
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.getByLabel('E-postadress').fill(TWO_ROLES.sub);
    await page.getByLabel('Lösenord').fill(TWO_ROLES.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL(`${w.url}/#/kalender`);
    await page.getByRole('heading', { level: 1, name: /Kalenderflöde/ }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    await nav.getByRole('link', { name: 'Ny cykel' }).waitFor();
    const choice = page.getByLabel('Arbeta som');
    expect(await choice.inputValue()).toBe('process_owner');
    expect(await capture(page, 'oidc-tva-roller')).toEqual([]);
    await choose(page, choice, 'Revisor'); // by keyboard: Tab to the list, arrow keys to the role
    await expect.poll(() => page.locator('.who').textContent()).toContain('Revisor');
    await nav.getByRole('link', { name: 'Ansvarsprövning' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Ny cykel' }).count()).toBe(0);
    // The choice survives a reload (kept in the tab, checked against the roles the session has now).
    await page.reload();
    await nav.getByRole('link', { name: 'Ansvarsprövning' }).waitFor();
    expect(await page.getByLabel('Arbeta som').inputValue()).toBe('auditor');
    expect(await nav.getByRole('link', { name: 'Ny cykel' }).count()).toBe(0);
    await page.context().close();
  });
});
