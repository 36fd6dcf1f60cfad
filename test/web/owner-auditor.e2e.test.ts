import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choose, press, typeInto } from './keyboard';
import { createWebHarness, SCREENSHOTS, type WebHarness } from './support';

const require = createRequire(import.meta.url);
const OWNER = 'anna.berg@tjorn.se';
const AUDITOR = 'revisor@tjorn.se';
const BUN = 'Barn- och utbildningsnämnden';

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** Screenshot, then axe-core with the WCAG 2.1 A and AA rules: every violation, whatever its impact. */
async function scan(page: Page, name: string): Promise<Violation[]> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  }
  return (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  })) as Violation[];
}

const form = (page: Page, name: string) => page.getByRole('form', { name });

async function submitAndSee(f: Locator, button: string, text: string | RegExp) {
  await press(f.page(), f.getByRole('button', { name: button }), 'Enter');
  try {
    await f.getByRole('status').filter({ hasText: text }).waitFor({ timeout: 20_000 });
  } catch (error) {
    const summary = await f.locator('.error-summary').allTextContents();
    const alerts = await f.page().getByRole('alert').allTextContents();
    throw new Error(`${String(error)}\nerror summary: ${summary.join(' | ')}\nalerts: ${alerts.join(' | ')}`);
  }
}

describe('a process owner sets up Tjörn and plans its cycle; an auditor checks it, all in the browser', () => {
  let w: WebHarness;
  const violations: Record<string, Violation[]> = {};
  const check = async (page: Page, name: string) => {
    violations[name] = await scan(page, name);
  };

  beforeAll(async () => {
    w = await createWebHarness('web_owner', 'ale');
  });
  afterAll(async () => {
    await w?.teardown();
  });

  it('the process owner registers the municipality, its organs, people and steering documents', async () => {
    const po = await w.newPage();
    po.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    await po.goto(w.url);
    const reg = form(po, 'Registrera en ny kommun');
    await press(po, reg.getByRole('button', { name: 'Registrera kommunen' }), 'Enter');
    await reg.locator('.error-summary').getByRole('link', { name: 'Ange kommunens namn' }).waitFor();
    expect(await reg.getByLabel('Kommunens namn').getAttribute('aria-describedby')).toMatch(/-err/);
    await check(po, 'owner-01-ny-kommun-fel');
    await typeInto(po, reg.getByLabel('Kommunens namn'), 'Tjörns kommun');
    await typeInto(po, reg.getByLabel('Kortnamn (frivilligt)'), 'tjorn');
    await typeInto(po, reg.getByLabel('Din e-postadress'), OWNER);
    // A malformed kommunkod is refused in Swedish at its field before anything is sent.
    await typeInto(po, reg.getByLabel('Kommunkod (frivilligt)'), '14a0');
    await press(po, reg.getByRole('button', { name: 'Registrera kommunen' }), 'Enter');
    await reg
      .locator('.error-summary')
      .getByRole('link', { name: 'Kommunkoden ska vara fyra siffror (t.ex. 1440)' })
      .waitFor();
    await typeInto(po, reg.getByLabel('Kommunkod (frivilligt)'), '1407');
    await press(po, reg.getByRole('button', { name: 'Registrera kommunen' }), 'Enter');
    await po.getByRole('heading', { level: 1, name: 'Organisation' }).waitFor();
    await po.getByText('Kommunkod: 1407').waitFor();

    const organ = form(po, 'Lägg till ett organ');
    for (const [name, short, kind] of [
      ['Kommunfullmäktige', 'KF', 'Kommunfullmäktige'],
      ['Kommunstyrelsen', 'KS', 'Kommunstyrelse'],
      [BUN, 'BUN', 'Nämnd'],
      ['Tjörns hamnar AB', 'THAB', 'Bolag'],
    ] as const) {
      await typeInto(po, organ.getByLabel('Organets namn'), name);
      await typeInto(po, organ.getByLabel('Förkortning'), short);
      await press(po, organ.getByRole('radio', { name: kind, exact: true }));
      await submitAndSee(organ, 'Lägg till organet', `${name} har lagts till.`);
    }
    // A second organ with the same short name is refused by the server, in Swedish, at the field.
    await typeInto(po, organ.getByLabel('Organets namn'), 'Barn- och ungdomsnämnden');
    await typeInto(po, organ.getByLabel('Förkortning'), 'BUN');
    await press(po, organ.getByRole('radio', { name: 'Nämnd', exact: true }));
    await press(po, organ.getByRole('button', { name: 'Lägg till organet' }), 'Enter');
    const refused = (await organ.locator('.error-summary').textContent()) ?? '';
    expect(refused.length).toBeGreaterThan(5);
    expect(refused).not.toMatch(/Invalid|expected/);
    const dept = form(po, 'Lägg till en sektor');
    await typeInto(po, dept.getByLabel('Sektorns namn'), 'Sektor utbildning');
    await choose(po, dept.getByLabel('Organ som sektorn arbetar för'), BUN);
    await submitAndSee(dept, 'Lägg till sektorn', 'Sektor utbildning har lagts till.');
    await po.getByRole('cell', { name: 'Tjörns hamnar AB' }).waitFor();
    await check(po, 'owner-02-organisation');

    await press(po, po.getByRole('link', { name: 'Personer och roller' }), 'Enter');
    await po.getByRole('heading', { level: 1, name: 'Personer och roller' }).waitFor();
    const sec = form(po, 'Utse en nämndsekreterare');
    await choose(po, sec.getByLabel('Organ'), BUN);
    await typeInto(po, sec.getByLabel('E-postadress'), 'sara.lind@tjorn.se');
    await submitAndSee(sec, 'Utse nämndsekreteraren', /sara.lind@tjorn.se är nämndsekreterare/);
    const auditor = form(po, 'Utse en revisor');
    await typeInto(po, auditor.getByLabel('E-postadress'), AUDITOR);
    await submitAndSee(auditor, 'Utse revisorn', `${AUDITOR} är revisor.`);
    const owner2 = form(po, 'Utse en processägare');
    await typeInto(po, owner2.getByLabel('E-postadress'), 'tillfallig@tjorn.se');
    await submitAndSee(owner2, 'Utse processägaren', 'tillfallig@tjorn.se är processägare.');
    await press(
      po,
      po.getByRole('button', { name: 'Ta bort tillfallig@tjorn.se som processägare' }),
      'Enter',
    );
    await po.getByText('tillfallig@tjorn.se är inte längre processägare.').waitFor();
    // The last process owner cannot be removed: the server's Swedish refusal is shown.
    await press(po, po.getByRole('button', { name: `Ta bort ${OWNER} som processägare` }), 'Enter');
    const last = po.getByRole('alert').filter({ hasText: /processägare/ });
    await last.waitFor();
    await check(po, 'owner-03-personer');

    await press(po, po.getByRole('link', { name: 'Styrdokument' }), 'Enter');
    await po.getByRole('heading', { level: 1, name: 'Styrdokument' }).waitFor();
    const vision = form(po, 'Fastställ visionen');
    await typeInto(po, vision.getByLabel('Visionen'), 'Tjörn – en levande ö året runt');
    await typeInto(po, vision.getByLabel('Från och med år'), '2026');
    await typeInto(po, vision.getByLabel('Till och med år'), '2033');
    await submitAndSee(vision, 'Fastställ visionen', 'Visionen är fastställd.');
    const goal = form(po, 'Anta ett riktningsmål');
    await typeInto(po, goal.getByLabel('Riktningsmålets rubrik'), 'Tjörn växer hållbart');
    await typeInto(po, goal.getByLabel('Från och med år'), '2027');
    await typeInto(po, goal.getByLabel('Till och med år'), '2026');
    await press(po, goal.getByRole('button', { name: 'Anta riktningsmålet' }), 'Enter');
    await goal.locator('.error-summary').getByText('Till och med år kan inte ligga före').waitFor();
    await check(po, 'owner-04-styrdokument-fel');
    await typeInto(po, goal.getByLabel('Till och med år'), '2030');
    const agenda = goal.getByRole('group', { name: 'Agenda 2030-mål (frivilligt)' });
    await press(po, agenda.getByRole('checkbox', { name: '11. Hållbara städer och samhällen' }));
    await press(
      po,
      agenda.getByRole('checkbox', { name: '8. Anständiga arbetsvillkor och ekonomisk tillväxt' }),
    );
    await submitAndSee(goal, 'Anta riktningsmålet', /är antaget/);
    await po
      .getByText(
        'Agenda 2030-mål: 8. Anständiga arbetsvillkor och ekonomisk tillväxt, 11. Hållbara städer och samhällen',
      )
      .waitFor();
    const factor = form(po, 'Anta en omvärldsfaktor');
    await typeInto(po, factor.getByLabel('Omvärldsfaktorns rubrik'), 'Demografi');
    await typeInto(po, factor.getByLabel('Från och med år'), '2027');
    await typeInto(po, factor.getByLabel('Till och med år'), '2030');
    await submitAndSee(factor, 'Anta omvärldsfaktorn', /är antagen/);
    await po.locator('li strong', { hasText: 'Tjörn växer hållbart' }).waitFor();
    await check(po, 'owner-05-styrdokument');

    // The calendar: one illegal date shows the rule and its verified citation, then it is fixed.
    await press(po, po.getByRole('link', { name: 'Ny cykel' }), 'Enter');
    await po.getByRole('heading', { level: 1, name: 'Planera en ny cykel' }).waitFor();
    await typeInto(po, po.getByLabel('Budgetår'), '2027');
    const proposal = po.getByLabel('Kommunstyrelsens budgetförslag', { exact: true });
    await expect.poll(() => proposal.inputValue(), { timeout: 20_000 }).toBe('2026-10-31');
    expect(await proposal.getAttribute('inputmode')).toBe('numeric');
    expect(await proposal.getAttribute('type')).toBe('text');
    await po.getByText('Kalendern följer lagens och ordningens regler.').waitFor();
    await typeInto(po, proposal, '2026-11-10');
    await po.getByText(/budgetförslag måste upprättas senast 2026-10-31/).waitFor();
    await po
      .getByText('Regel: Kommunstyrelsen ska upprätta budgetförslaget före oktober månads utgång.')
      .waitFor();
    // This rule's citation is not verified against the statute text, so it never reaches the browser.
    expect(await po.locator('.citation', { hasText: '11 kap. 8 §' }).count()).toBe(0);
    expect(await proposal.getAttribute('aria-invalid')).toBe('true');
    // A rule whose citation is verified shows it.
    const interim = po.getByLabel('Delårsrapporten till fullmäktige', { exact: true });
    const interimPlanned = await interim.inputValue();
    await typeInto(po, interim, '2027-11-15');
    await po.getByText('Lagrum: Kommunallagen (2017:725) 11 kap. 16 §').waitFor();
    await typeInto(po, interim, interimPlanned);
    await expect.poll(() => po.locator('.citation', { hasText: '11 kap. 16 §' }).count()).toBe(0);
    expect(await po.getByRole('button', { name: /Starta cykeln/ }).isDisabled()).toBe(true);
    await check(po, 'owner-06-kalender-fel');
    await typeInto(po, proposal, '2026-10-20');
    await po.getByText('Kalendern följer lagens och ordningens regler.').waitFor();
    await po.getByText('20 oktober 2026').waitFor();
    await press(po, po.getByRole('button', { name: 'Starta cykeln för budgetår 2027' }), 'Enter');
    await po.getByText('Cykeln för budgetår 2027 är startad.').waitFor();
    await check(po, 'owner-07-kalender-startad');

    // Record the decision the cycle waits for: the dialogues reported to KF.
    await press(po, po.getByRole('link', { name: 'Gå till cykelns beslut' }), 'Enter');
    await po.getByRole('heading', { level: 1, name: 'Beslut i cykeln' }).waitFor();
    const gate = po.getByText('Tillitsdialogernas resultat redovisade för kommunfullmäktige', {
      exact: false,
    });
    await expect
      .poll(
        async () => {
          await po.reload();
          await po.getByRole('heading', { level: 1, name: 'Beslut i cykeln' }).waitFor();
          await po.getByText('Laddar …').waitFor({ state: 'detached' });
          return gate.count();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    const dec = form(po, 'Tillitsdialogerna redovisade för kommunfullmäktige');
    await press(po, dec.getByRole('button', { name: 'Registrera beslutet' }), 'Enter');
    await press(
      po,
      dec.locator('.error-summary').getByRole('link', { name: 'Ange sammanträdesdatum' }),
      'Enter',
    );
    expect(
      await dec.getByLabel('Sammanträdesdatum').evaluate((el) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    await check(po, 'owner-08-beslut-fel');
    await typeInto(po, dec.getByLabel('Sammanträdesdatum'), '2026-06-22');
    await typeInto(po, dec.getByLabel('Paragraf (§)'), '45');
    await typeInto(po, dec.getByLabel('Diarienummer'), '2026.77');
    await typeInto(po, dec.getByLabel('Ärendemening'), 'Redovisning av tillitsdialoger 2027');
    await press(po, dec.getByRole('checkbox', { name: new RegExp(BUN) }));
    await submitAndSee(dec, 'Registrera beslutet', 'Beslutet är registrerat.');
    await po.getByRole('cell', { name: 'KF 2026-06-22 § 45' }).waitFor();
    await check(po, 'owner-09-beslut');

    // Move a due date: beyond the legal limit the server refuses, in Swedish; within it, it moves.
    await press(po, po.getByRole('link', { name: 'Sista dagar' }), 'Enter');
    await po.getByRole('heading', { level: 1, name: 'Sista dagar' }).waitFor();
    const move = form(po, 'Flytta en uppgifts sista dag');
    await move.waitFor({ timeout: 60_000 });
    const task = move.getByLabel('Uppgift');
    const option = task.locator('option', { hasText: `Nulägesanalys 2027 – ${BUN}` });
    await option.waitFor({ state: 'attached' });
    // The option names the law's limit once it is loaded.
    await expect.poll(() => option.textContent(), { timeout: 20_000 }).toContain('lagens gräns');
    await choose(po, task, (await option.textContent()) ?? '');
    await typeInto(po, move.getByLabel('Ny sista dag'), '2026-11-15');
    await typeInto(po, move.getByLabel('Skäl till flytten'), 'Nämnden sammanträder senare');
    await press(po, move.getByRole('button', { name: 'Flytta sista dag' }), 'Enter');
    await move
      .locator('.error-summary')
      .getByText(/senare än lagens gräns 20 oktober 2026/)
      .waitFor();
    await check(po, 'owner-10-sista-dag-nekad');
    await typeInto(po, move.getByLabel('Ny sista dag'), '2026-10-15');
    await submitAndSee(move, 'Flytta sista dag', 'Sista dag är nu 15 oktober 2026.');
    const row = po.getByRole('row', { name: new RegExp(`Nulägesanalys 2027 – ${BUN}`) });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('15 oktober 2026');
    await check(po, 'owner-11-sista-dagar');

    // Cancel a task with its reason, by keyboard; it then shows as Avbruten.
    const cancel = form(po, 'Avbryt en uppgift');
    const which = cancel.getByLabel('Uppgift att avbryta');
    const harbour = which.locator('option', { hasText: 'Nulägesanalys 2027 – Tjörns hamnar AB' });
    await harbour.waitFor({ state: 'attached' });
    await choose(po, which, (await harbour.textContent()) ?? '');
    await press(po, cancel.getByRole('button', { name: 'Avbryt uppgiften' }), 'Enter');
    await cancel.locator('.error-summary').getByRole('link').first().waitFor();
    await typeInto(po, cancel.getByLabel('Skäl till att uppgiften avbryts'), 'Bolaget avvecklas');
    await submitAndSee(cancel, 'Avbryt uppgiften', 'Uppgiften är avbruten.');
    const cancelled = po.getByRole('row', { name: /Nulägesanalys 2027 – Tjörns hamnar AB/ });
    await expect.poll(() => cancelled.textContent(), { timeout: 30_000 }).toContain('Avbruten');
    await check(po, 'owner-12-uppgift-avbruten');
  });

  it('the auditor downloads the export, reads the change log, and sees every page as of a date', async () => {
    const au = await w.newPage();
    await au.goto(w.url);
    await choose(au, au.getByLabel('Kommun', { exact: true }), 'Tjörns kommun (tjorn)');
    await press(au, au.getByRole('radio', { name: 'Revisor' }));
    await press(au, au.getByRole('button', { name: 'Logga in' }), 'Enter');
    await au.getByRole('heading', { level: 1, name: /Årshjulet/ }).waitFor();

    await press(au, au.getByRole('link', { name: 'Ändringslogg' }), 'Enter');
    await au.getByRole('heading', { level: 1, name: 'Ändringar i organisation och styrdokument' }).waitFor();
    const organRow = au.getByRole('row', { name: /Organ tillagt.*Barn- och utbildningsnämnden \(BUN\)/ });
    await organRow.waitFor();
    expect(await organRow.textContent()).toContain(OWNER);
    await au.getByRole('row', { name: /Processägare borttagen.*tillfallig@tjorn.se/ }).waitFor();
    await press(au, au.getByRole('radio', { name: 'Styrdokument' }));
    await au.getByRole('row', { name: /Riktningsmål antaget.*Tjörn växer hållbart \(2027–2030\)/ }).waitFor();
    expect(await au.getByRole('row', { name: /Organ tillagt/ }).count()).toBe(0);
    await check(au, 'auditor-01-andringslogg');

    const [download] = await Promise.all([
      au.waitForEvent('download'),
      press(au, au.getByRole('button', { name: 'Ladda ner händelserna (NDJSON)' }), 'Enter'),
    ]);
    const path = await download.path();
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    expect(download.suggestedFilename()).toBe('tjorn-handelser.ndjson');
    expect(lines.some((l) => l.includes('"OrganAdded"'))).toBe(true);
    await au.getByText(`Exporten är nedladdad (${lines.length} rader).`).waitFor();

    await press(au, au.getByRole('link', { name: 'Revision' }), 'Enter');
    await au.getByRole('heading', { level: 1, name: 'Revision' }).waitFor();
    await au.getByText(/^Visar \d+ av \d+ händelser\.$/).waitFor({ timeout: 30_000 });
    // The timeline shows 100 events a page, its position said beside Föregående and Nästa.
    const visar = (await au.getByText(/^Visar \d+ av \d+ händelser\.$/).textContent()) ?? '';
    const total = Number(/^Visar (\d+)/.exec(visar)?.[1]);
    const pager = au.getByRole('navigation', { name: 'Sidor i tidslinjen' });
    const pages = Math.ceil(total / 100);
    await pager.getByText(`Händelse 1–${Math.min(total, 100)} av ${total} (sida 1 av ${pages})`).waitFor();
    const timeline = au.getByRole('list', { name: 'Tidslinje' }).getByRole('listitem');
    expect(await timeline.count()).toBe(Math.min(total, 100));
    expect(await pager.getByRole('button', { name: 'Föregående' }).isDisabled()).toBe(true);
    console.log(`web: Revision shows ${total} events`);
    if (pages > 1) {
      await press(au, pager.getByRole('button', { name: 'Nästa' }), 'Enter');
      await pager
        .getByText(`Händelse 101–${Math.min(total, 200)} av ${total} (sida 2 av ${pages})`)
        .waitFor();
      expect(await timeline.count()).toBe(Math.min(total, 200) - 100);
      await press(au, pager.getByRole('button', { name: 'Föregående' }), 'Enter');
      await pager.getByText(`Händelse 1–100 av ${total}`, { exact: false }).waitFor();
    } else {
      expect(await pager.getByRole('button', { name: 'Nästa' }).isDisabled()).toBe(true);
    }
    await check(au, 'auditor-04a-revision-sidor');
    await press(au, au.getByRole('link', { name: 'Ändringslogg' }), 'Enter');
    await au.getByRole('heading', { level: 1, name: 'Ändringar i organisation och styrdokument' }).waitFor();

    // As of the day before the set-up: nothing had happened; the date follows to every page.
    const asOf = au.getByRole('form', { name: 'Läget per datum' });
    await typeInto(au, asOf.getByRole('textbox', { name: 'Visa läget per datum' }), '6/1 2026');
    await press(au, asOf.getByRole('button', { name: 'Visa läget', exact: true }), 'Enter');
    await asOf.getByText('Skriv datumet som ÅÅÅÅ-MM-DD').waitFor();
    await typeInto(au, asOf.getByRole('textbox', { name: 'Visa läget per datum' }), '2026-01-06');
    await press(au, asOf.getByRole('button', { name: 'Visa läget', exact: true }), 'Enter');
    await au.getByText('Du ser läget per 6 januari 2026.').waitFor();
    await press(au, au.getByRole('radio', { name: 'Alla ändringar' }));
    await au.getByRole('cell', { name: 'Inga ändringar.' }).waitFor();
    await check(au, 'auditor-02-per-datum-fore');
    await typeInto(au, au.getByRole('textbox', { name: 'Visa läget per datum' }), '2026-01-07');
    await press(au, au.getByRole('button', { name: 'Visa läget', exact: true }), 'Enter');
    await au.getByText('Du ser läget per 7 januari 2026.').waitFor();
    await press(au, au.getByRole('link', { name: 'Organisation' }), 'Enter');
    await au.getByRole('heading', { level: 1, name: 'Organisation' }).waitFor();
    await au.getByRole('cell', { name: BUN, exact: true }).first().waitFor();
    expect(await au.getByText('Du ser läget per 7 januari 2026.').count()).toBe(1);
    expect(await au.getByRole('form', { name: 'Lägg till ett organ' }).count()).toBe(0);
    await check(au, 'auditor-03-organisation-per-datum');
    await press(au, au.getByRole('link', { name: 'Revision' }), 'Enter');
    await au.getByRole('heading', { level: 1, name: 'Revision' }).waitFor();
    await au
      .getByRole('button', { name: /Ladda ner händelserna \(NDJSON\) till och med 7 januari 2026/ })
      .waitFor();
    await check(au, 'auditor-04-revision');
    await au.reload();
    await au.getByText('Du ser läget per 7 januari 2026.').waitFor();
  });

  it('axe-core finds no WCAG 2.1 AA violation on any page or form state', () => {
    expect(Object.keys(violations).length).toBeGreaterThanOrEqual(15);
    const found = Object.entries(violations).flatMap(([page, list]) =>
      list.map((v) => `${page}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    );
    expect(found).toEqual([]);
  });
});
