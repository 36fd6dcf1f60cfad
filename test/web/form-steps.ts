/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { choose, press, typeInto } from './keyboard';

const ENGLISH = /Invalid|expected|received|Required/;

/** Each form filled in as a keyboard user would: Tab to a field, type, Space on a choice, Enter on a button. */

export async function fillOmvarldsanalys(page: Page) {
  await typeInto(
    page,
    page.getByLabel('Sammanfattning *'),
    'Demografi och kompetensförsörjning påverkar mest.',
  );
  const analyses = page.locator('fieldset textarea[id*="-factors-"]');
  for (let i = 0; i < (await analyses.count()); i++) {
    await typeInto(page, analyses.nth(i), `Analys ${i + 1}: påverkar alla verksamheter.`);
  }
  await typeInto(page, page.getByLabel('Källor'), 'SKR Ekonomirapporten\nKonjunkturinstitutet');
}

export async function fillNulagesanalys(page: Page) {
  await typeInto(
    page,
    page.getByLabel('Beskriv verksamhetens uppdrag och hur det utförs *'),
    'Nämnden ansvarar för förskola, grundskola och gymnasium.',
  );
  const factors = page.locator('fieldset.factor');
  for (let i = 0; i < (await factors.count()); i++) {
    await typeInto(page, factors.nth(i).getByLabel('Risker'), `Risk ${i + 1}: ökade kostnader`);
  }
  const goals = page.locator('.goal-row select');
  for (let i = 0; i < (await goals.count()); i++) await choose(page, goals.nth(i), 'Delvis uppfyllt');
}

export async function fillTillitsdialog(page: Page) {
  await press(page, page.getByRole('radio', { name: 'Kommunstyrelsen med organet' }));
  await typeInto(page, page.getByLabel('Datum för dialogen *'), '2026-05-18');
  const names = page.getByLabel('Namn *');
  await typeInto(page, names.nth(0), 'Kommunstyrelsens presidium');
  await choose(page, page.getByLabel('Organ', { exact: true }).nth(0), 'Kommunstyrelsen');
  await typeInto(page, names.nth(1), 'Barn- och utbildningsnämndens presidium');
  await typeInto(page, page.getByLabel('Vad kom ni överens om?'), 'Gemensam uppföljning i höst');
  await press(page, page.getByRole('button', { name: 'Lägg till förslag' }), 'Enter');
  await choose(page, page.getByLabel('Typ av förslag *'), 'Nytt uppdrag');
  await typeInto(
    page,
    page.getByRole('group', { name: 'Förslag 1' }).getByLabel('Beskrivning *'),
    'Utred gemensam lokalplanering',
  );
}

export async function fillVerksamhetsplan(page: Page) {
  const goal = page.getByRole('group', { name: 'Nämndmål 1', exact: true });
  await typeInto(page, goal.getByLabel('Rubrik *'), 'Fler elever når målen');
  await press(
    page,
    goal.getByRole('checkbox', { name: 'Alla i Ale ges förutsättningar för ett livslångt lärande' }),
  );
  await press(page, goal.getByRole('checkbox', { name: '4. God utbildning för alla' }));
  await press(page, page.getByRole('button', { name: 'Lägg till indikator för nämndmål 1' }), 'Enter');
  const indicator = page.getByRole('group', { name: 'Indikator 1 för nämndmål 1' });
  await typeInto(page, indicator.getByLabel('Namn *'), 'Andel behöriga till gymnasiet');
  await typeInto(page, indicator.getByLabel('Enhet *'), 'procent');
  await typeInto(page, indicator.getByLabel('Målvärde *'), '92,5');
  await press(page, page.getByRole('button', { name: 'Lägg till aktivitet för nämndmål 1' }), 'Enter');
  const activity = page.getByRole('group', { name: 'Aktivitet 1 för nämndmål 1' });
  await typeInto(page, activity.getByLabel('Aktivitet *'), 'Läsfrämjande insatser');
  await typeInto(page, activity.getByLabel('Klart senast'), '2027-06-30');
  await press(page, page.getByRole('button', { name: 'Lägg till budgetpost' }), 'Enter');
  await typeInto(page, page.getByLabel('Benämning *'), 'Grundskola');
  await typeInto(page, page.getByLabel('Belopp *'), '1 234 567,89');
}

export async function fillDelarsrapport(page: Page, periodEnd: string) {
  await typeInto(page, page.getByLabel('Periodens sista dag *'), periodEnd);
  await typeInto(page, page.getByLabel('Budget för året *'), '1 054 300 000');
  await typeInto(page, page.getByLabel('Utfall hittills *'), '700 000 000,50');
  await typeInto(page, page.getByLabel('Prognos för helåret *'), '1 050 000 000');
  await choose(page, page.getByLabel('Bedömning').first(), 'Delvis uppfyllt');
  await typeInto(
    page,
    page.getByLabel('Kommentar till delårsrapporten'),
    'Prognosen visar ett litet överskott.',
  );
}

export async function fillArsrapport(page: Page) {
  await typeInto(page, page.getByLabel('Budget *'), '1 054 300 000');
  await typeInto(page, page.getByLabel('Utfall för året *'), '1 050 000 000');
  const statuses = page.getByLabel('Bedömning');
  // The first riktningsmål in Swedish order, and the nämndmål of the year's plan (last).
  await choose(page, statuses.first(), 'Uppfyllt');
  await choose(page, statuses.last(), 'Delvis uppfyllt');
  const value = page.getByLabel('Andel behöriga till gymnasiet (procent)');
  expect(await value.count()).toBe(1);
  await typeInto(page, value, '91');
}

/** Submits the empty form by keyboard: the summary takes focus, speaks Swedish, and its links lead to the fields. */
export async function emptySubmission(page: Page, expected: string[]) {
  await press(page, page.getByRole('button', { name: 'Lämna in' }), 'Enter');
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
  const text = (await summary.textContent()) ?? '';
  expect(text).toContain('Formuläret behöver kompletteras');
  expect(text).not.toMatch(ENGLISH);
  for (const message of expected) expect(text).toContain(message);
  const links = summary.getByRole('link');
  expect(await links.count()).toBeGreaterThan(0);
  for (let i = 0; i < Math.min(await links.count(), 3); i++) {
    const link = links.nth(i);
    const target = ((await link.getAttribute('href')) ?? '').slice(1);
    await press(page, link, 'Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(target);
    const field = page.locator(`[id="${target}"]`);
    if ((await field.evaluate((el) => el.tagName)) !== 'FIELDSET') {
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await field.getAttribute('aria-describedby')).toContain(`${target}-err`);
    }
  }
}

/** Submits the filled form by keyboard and waits for the notice. */
export async function submitted(page: Page, notice: string) {
  await press(page, page.getByRole('button', { name: 'Lämna in' }), 'Enter');
  await page.getByText(notice).waitFor({ timeout: 30_000 });
}
