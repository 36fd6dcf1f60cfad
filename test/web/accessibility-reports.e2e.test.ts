import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { press, typeInto } from './keyboard';
import { capture, createWebHarness, signIn, type WebHarness } from './support';

const SHORTCOMING = 'Årshjulets cirkel går inte att läsa med skärmläsare i Firefox.';

describe('a reported accessibility shortcoming reaches the process owners', () => {
  let w: WebHarness;

  beforeAll(async () => {
    w = await createWebHarness('web_a11y_reports', 'ale');
  });
  afterAll(async () => {
    await w?.teardown();
  });

  it('a visitor reports one by keyboard without signing in; a process owner reads it on Tillgänglighetsbrister', async () => {
    const visitor = await w.newPage();
    await visitor.goto(`${w.url}/#/tillganglighet`);
    await visitor
      .getByRole('heading', { level: 1, name: 'Tillgänglighetsredogörelse för Årshjulet' })
      .waitFor();
    // The statement is current: every task kind can be filled in on the web page.
    expect(await visitor.getByText('kan ännu inte fyllas i').count()).toBe(0);
    await typeInto(
      visitor,
      visitor.getByLabel('Sida eller funktion där bristen finns (frivilligt)'),
      'Årshjulet',
    );
    await typeInto(visitor, visitor.getByLabel('Beskriv bristen *'), SHORTCOMING);
    await typeInto(
      visitor,
      visitor.getByLabel('Din e-postadress, om du vill ha svar (frivilligt)'),
      'anvandare@example.se',
    );
    await press(visitor, visitor.getByRole('button', { name: 'Skicka anmälan' }), 'Enter');
    await visitor.getByRole('status').filter({ hasText: 'Tack! Din anmälan är registrerad' }).waitFor();

    const po = await w.newPage();
    await signIn(po, w.url, 'Processägare');
    await po.getByRole('navigation').getByRole('link', { name: 'Tillgänglighetsbrister' }).click();
    await po.getByRole('heading', { level: 1, name: 'Anmälda tillgänglighetsbrister' }).waitFor();
    const row = po.getByRole('row', { name: new RegExp(SHORTCOMING) });
    await row.waitFor();
    expect(await row.textContent()).toContain('anvandare@example.se');
    expect(await capture(po, 'tillganglighetsbrister')).toEqual([]);

    // The page is the process owners': a secretary has no link to it, and the API refuses her.
    const sec = await w.newPage();
    await signIn(sec, w.url, 'Nämndsekreterare', 'Barn- och utbildningsnämnden');
    const links = await sec
      .getByRole('navigation', { name: 'Huvudmeny' })
      .getByRole('link')
      .allTextContents();
    expect(links).not.toContain('Tillgänglighetsbrister');
    const refused = await w.client.request('GET', '/municipalities/ale/accessibility/reports', {
      token: await w.tokenFor(ALE_USERS.secretaries[ALE_ORGAN.bun] as string),
    });
    expect(refused.status).toBe(403);
  });
});
