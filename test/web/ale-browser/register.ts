/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { ALE_USERS, aleMunicipalityCommands } from '../../../domain/examples/ale';
import type { MunicipalityCommandInput } from '../../../domain/municipality/commands';
import { AGENDA_2030 } from '../../../web/src/agenda2030';
import { ORGAN_KIND_LABEL } from '../../../web/src/pages/owner/model';
import { type Hands, keyboard, mouse } from './hands';

/** Presses a form's button and waits for its confirmation; on failure names what the form says. */
export async function submitAndSee(
  form: Locator,
  button: string,
  confirmation: string | RegExp,
  hands: Hands = mouse,
  /** Where the confirmation shows: the form unless told. */
  within: Locator | Page = form,
) {
  await hands.press(form.getByRole('button', { name: button }));
  try {
    await within.getByRole('status').filter({ hasText: confirmation }).waitFor({ timeout: 30_000 });
  } catch (error) {
    const summary = await form.locator('.error-summary').allTextContents();
    const alerts = await form.page().getByRole('alert').allTextContents();
    throw new Error(`${String(error)}\nerror summary: ${summary.join(' | ')}\nalerts: ${alerts.join(' | ')}`);
  }
}

const form = (page: Page, name: string) => page.getByRole('form', { name });

async function period(f: Locator, command: { fromYear: number; toYear: number }) {
  await f.getByLabel('Från och med år').fill(String(command.fromYear));
  await f.getByLabel('Till och med år').fill(String(command.toYear));
}

/** Opens a page from the main menu and waits for its heading. */
export async function openFromMenu(page: Page, link: string, heading: string | RegExp) {
  await page
    .getByRole('navigation', { name: 'Huvudmeny' })
    .getByRole('link', { name: link, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/**
 * Registers Ale kommun in the browser as its process owner would: each of the commands that set Ale
 * up (domain/examples/ale.ts, the scenario's own data) typed into the form that issues it. `visited`
 * is told each page once it is filled in (for its screenshot and axe check).
 */
export async function registerAleInBrowser(
  page: Page,
  url: string,
  visited: (name: string) => Promise<void>,
): Promise<void> {
  const commands = aleMunicipalityCommands();
  const names = new Map<string, string>();
  const of = <T extends MunicipalityCommandInput['type']>(type: T) =>
    commands.filter((c): c is Extract<MunicipalityCommandInput, { type: T }> => c.type === type);

  await page.goto(url);
  const registration = of('RegisterMunicipality')[0];
  if (!registration) throw new Error('no registration command');
  const reg = form(page, 'Registrera en ny kommun');
  await reg.getByLabel('Kommunens namn').fill(registration.name);
  await reg.getByLabel('Kortnamn (frivilligt)').fill(registration.municipalityId);
  await reg.getByLabel('Kommunkod (frivilligt)').fill(registration.municipalityCode ?? '');
  await reg.getByLabel('Din e-postadress').fill(ALE_USERS.processOwner);
  await visited('ale-01-ny-kommun');
  await reg.getByRole('button', { name: 'Registrera kommunen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Organisation' }).waitFor();

  const organ = form(page, 'Lägg till ett organ');
  for (const o of of('AddOrgan')) {
    names.set(o.organId, o.name);
    await organ.getByLabel('Organets namn').fill(o.name);
    await organ.getByLabel('Förkortning').fill(o.shortName);
    await organ.getByRole('radio', { name: ORGAN_KIND_LABEL[o.kind], exact: true }).check();
    await submitAndSee(organ, 'Lägg till organet', `${o.name} har lagts till.`);
  }
  const department = form(page, 'Lägg till en sektor');
  for (const d of of('AddDepartment')) {
    await department.getByLabel('Sektorns namn').fill(d.name);
    await department
      .getByLabel('Organ som sektorn arbetar för')
      .selectOption({ label: names.get(d.organId) ?? d.organId });
    await submitAndSee(department, 'Lägg till sektorn', `${d.name} har lagts till.`);
  }
  await visited('ale-02-organisation');

  await openFromMenu(page, 'Personer och roller', 'Personer och roller');
  const secretary = form(page, 'Utse en nämndsekreterare');
  for (const s of of('AssignSecretary')) {
    await secretary.getByLabel('Organ').selectOption({ label: names.get(s.organId) ?? s.organId });
    await secretary.getByLabel('E-postadress').fill(s.userId);
    await submitAndSee(secretary, 'Utse nämndsekreteraren', `${s.userId} är nämndsekreterare`);
  }
  // The process owner who registered Ale is one already; the command that names her has nothing to add.
  for (const a of of('AssignAuditor')) {
    const auditor = form(page, 'Utse en revisor');
    await auditor.getByLabel('E-postadress').fill(a.userId);
    await submitAndSee(auditor, 'Utse revisorn', `${a.userId} är revisor.`);
  }
  await visited('ale-03-personer');

  await openFromMenu(page, 'Styrdokument', 'Styrdokument');
  for (const v of of('SetVision')) {
    const f = form(page, 'Fastställ visionen');
    await f.getByLabel('Visionen').fill(v.text);
    await period(f, v);
    await submitAndSee(f, 'Fastställ visionen', 'Visionen är fastställd.');
  }
  for (const v of of('SetValues')) {
    // By keyboard alone: one value a line, Enter between them.
    const keys = keyboard(page);
    const f = form(page, 'Fastställ värdegrunden');
    await keys.text(f.getByLabel('Värden'), v.values.map((x) => `${x.title}: ${x.description}`).join('\n'));
    await keys.text(f.getByLabel('Från och med år'), String(v.fromYear));
    await keys.text(f.getByLabel('Till och med år'), String(v.toYear));
    await submitAndSee(f, 'Fastställ värdegrunden', 'Värdegrunden är fastställd.', keys);
  }
  for (const g of of('AdoptCouncilGoal')) {
    const f = form(page, 'Anta ett riktningsmål');
    await f.getByLabel('Riktningsmålets rubrik').fill(g.title);
    await f.getByLabel('Beskrivning (frivilligt)').fill(g.description ?? '');
    await period(f, g);
    const agenda = f.getByRole('group', { name: 'Agenda 2030-mål (frivilligt)' });
    for (const n of g.agenda2030Goals ?? [])
      await agenda.getByRole('checkbox', { name: AGENDA_2030[n - 1]?.label ?? String(n) }).check();
    await submitAndSee(f, 'Anta riktningsmålet', /är antaget/);
  }
  for (const x of of('AdoptExternalFactor')) {
    const f = form(page, 'Anta en omvärldsfaktor');
    await f.getByLabel('Omvärldsfaktorns rubrik').fill(x.title);
    await f.getByLabel('Beskrivning (frivilligt)').fill(x.description ?? '');
    await period(f, x);
    await submitAndSee(f, 'Anta omvärldsfaktorn', /är antagen/);
  }
  await page.locator('li strong', { hasText: of('AdoptExternalFactor').at(-1)?.title ?? '' }).waitFor();
  await visited('ale-04-styrdokument');
}
