import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { municipalityStream } from '../../domain/streams';
import { press } from './keyboard';
import { capture, createWebHarness, signIn, type WebHarness } from './support';

const BUN = 'Barn- och utbildningsnämnden';
const SECRETARY = ALE_USERS.secretaries[ALE_ORGAN.bun] as string;

describe('a secretary turns reminder e-mails off in the browser', () => {
  let w: WebHarness;

  beforeAll(async () => {
    w = await createWebHarness('web_mail_settings', 'ale');
  });
  afterAll(async () => {
    await w?.teardown();
  });

  it('unchecks the box on the page E-post and saves, by keyboard alone; the choice is stored and shown after a reload', async () => {
    const page = await w.newPage();
    await signIn(page, w.url, 'Nämndsekreterare', BUN);
    await page.getByRole('navigation').getByRole('link', { name: 'E-post' }).click();
    await page.getByRole('heading', { level: 1, name: 'E-post' }).waitFor();
    const box = page.getByRole('checkbox', { name: `Skicka påminnelser till ${SECRETARY}` });
    expect(await box.isChecked()).toBe(true);
    expect(await capture(page, 'e-post')).toEqual([]);

    // By keyboard alone: Tab to the box, Space unchecks it; Tab to Spara, Enter saves.
    await press(page, box);
    expect(await box.isChecked()).toBe(false);
    await press(page, page.getByRole('button', { name: 'Spara' }), 'Enter');
    await page.getByText('Påminnelser per e-post är avstängda.').waitFor();
    const events = await w.h.store.readStream(municipalityStream('ale'));
    expect(events.at(-1)).toMatchObject({
      type: 'NotificationPreferencesSet',
      data: { userId: SECRETARY, reminders: false },
    });

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'E-post' }).waitFor();
    const after = page.getByRole('checkbox', { name: `Skicka påminnelser till ${SECRETARY}` });
    await after.waitFor();
    expect(await after.isChecked()).toBe(false);
  });
});
