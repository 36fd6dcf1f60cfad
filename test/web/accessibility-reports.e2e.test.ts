import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { choose, press, typeInto } from './keyboard';
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
    // Without a municipality in the address the visitor says which municipality's service it is.
    await visitor.goto(`${w.url}/#/tillganglighet`);
    await visitor
      .getByRole('heading', { level: 1, name: 'Tillgänglighetsredogörelse för Årshjulet' })
      .waitFor();
    await press(visitor, visitor.getByRole('button', { name: 'Skicka anmälan' }), 'Enter');
    await visitor.getByText('Välj vilken kommuns tjänst bristen gäller.').waitFor();
    await choose(visitor, visitor.getByLabel('Kommun *'), 'Ale kommun');
    await typeInto(visitor, visitor.getByLabel('Beskriv bristen *'), 'Kontrasten i sidfoten är låg.');
    await press(visitor, visitor.getByRole('button', { name: 'Skicka anmälan' }), 'Enter');
    await visitor.getByRole('status').filter({ hasText: 'Tack! Din anmälan är registrerad' }).waitFor();

    // In a municipality's context (its address, or signed in) the report goes to that municipality.
    await visitor.goto(`${w.url}/#/tillganglighet/ale`);
    await visitor
      .getByRole('heading', { level: 1, name: 'Tillgänglighetsredogörelse för Årshjulet i Ale kommun' })
      .waitFor();
    expect(await visitor.getByLabel('Kommun *').count()).toBe(0);
    expect(await capture(visitor, 'tillganglighet-ale')).toEqual([]);
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
    await po.getByRole('row', { name: /Kontrasten i sidfoten är låg/ }).waitFor();
    // A report to a municipality that does not exist is refused, and nothing is stored.
    const unknown = await w.client.request('POST', '/municipalities/finns-inte/accessibility/reports', {
      body: { description: 'Något' },
    });
    expect(unknown.status).toBe(404);
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
