import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CyclePort } from '../../application/cycle-port';
import { httpCyclePort } from '../../demo/http-port';
import { localTimeInstant } from '../../domain/calendar/dates';
import {
  ALE_BUDGET_2027,
  ALE_CALENDAR_2027,
  ALE_ORGAN,
  ALE_ORGANS,
  ALE_USERS,
  aleOrgan,
  aleSecretaryOf,
} from '../../domain/examples/ale';
import { takesPartInCycle } from '../../domain/municipality/organ';
import * as content from '../../scenario/ale-content';
import { aleCycleInput } from '../../scenario/ale-scenario';
import { formatSek } from '../../web/src/format';
import { capture, createWebHarness, signIn, type WebHarness } from './support';

const M = 'ale';
const owner = ALE_USERS.processOwner;
const secretaryOf = aleSecretaryOf;
const organ = aleOrgan;
const participants = ALE_ORGANS.filter((o) => takesPartInCycle(o.kind));
const morning = (date: string) => localTimeInstant(date, 9);
const KFN = 'Kultur- och fritidsnämnden';
const KFN_TASK = `${M}.2027.nulagesanalys.${ALE_ORGAN.kfn}`;

/** Reloads the page and waits until it has loaded its data (no "Laddar …" left). */
async function reloaded(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForFunction("!document.querySelector('main')?.textContent?.includes('Laddar')");
}

describe('the web app in Chromium against the real stack (API, worker on the time-skipping server, Postgres)', () => {
  let w: WebHarness;
  let port: CyclePort;
  const serious: Record<string, unknown[]> = {};

  async function check(page: Page, name: string) {
    serious[name] = await capture(page, name);
  }

  beforeAll(async () => {
    w = await createWebHarness('web_cycle', M);
    port = httpCyclePort({
      client: w.client,
      municipalityId: M,
      budgetYear: 2027,
      tokenFor: w.tokenFor,
      readerToken: () => w.tokenFor(owner),
      time: w.time,
    });
    // Steps 1–2 of the acceptance scenario over the API: start, omvärldsdag; nulägesanalys given out.
    await port.startCycle(aleCycleInput());
    const view = await port.cycleView();
    const omv = view.plannedTasks.find((p) => p.phase === 'omvarldsdag')?.tasks[0];
    if (!omv) throw new Error('no omvärldsanalys task');
    await port.waitForTask(omv.taskId);
    await port.advanceTo(localTimeInstant(ALE_CALENDAR_2027.omvarldsdag.date, 16));
    await port.submitTask(omv.taskId, secretaryOf(ALE_ORGAN.ks), content.omvarldsanalys());
    await port.approveTask(omv.taskId, owner);
    await port.advanceTo(morning(ALE_CALENDAR_2027.nulagesanalys.start));
    await port.waitForTask(KFN_TASK);
    await port.advanceTo(morning('2026-03-20'));
  });
  afterAll(async () => {
    await w?.teardown();
  });

  it('a secretary submits a nulägesanalys, the process owner returns it, the secretary resubmits, the process owner approves', async () => {
    // Sign-in page.
    const sec = await w.newPage();
    await sec.goto(w.url);
    expect(await sec.getAttribute('html', 'lang')).toBe('sv');
    await sec.getByRole('heading', { name: 'Logga in' }).waitFor();
    await check(sec, '01-inloggning');

    await signIn(sec, w.url, 'Nämndsekreterare', KFN);
    const nav = sec.getByRole('navigation', { name: 'Huvudmeny' });
    expect(await nav.getByRole('link').allTextContents()).not.toContain('Revision');

    // Årshjulet on 20 March 2026: cycle 2027's nulägesanalys is running.
    await sec.goto(`${w.url}/#/arshjul?datum=2026-03-20`);
    const segment = sec.getByRole('link', { name: /^Nulägesanalys för budgetår 2027.*Pågår$/ });
    await segment.waitFor();
    expect(await sec.getByRole('heading', { level: 1 }).textContent()).toBe('Årshjulet 2026');
    await check(sec, '02-arshjulet');
    // The phase is reachable by keyboard: Tab through the wheel to it and press Enter.
    await segment.focus();
    await sec.keyboard.press('Enter');
    await sec.getByRole('heading', { level: 1, name: 'Nulägesanalys – budgetår 2027' }).waitFor();
    await sec.getByRole('cell', { name: KFN, exact: true }).waitFor();
    await check(sec, '03-fas-nulagesanalys');

    // Inkorg: the task, due 17 April 2026, to do.
    await nav.getByRole('link', { name: 'Inkorg' }).click();
    await sec.getByRole('heading', { level: 1, name: `Inkorg – ${KFN}` }).waitFor();
    const row = sec.getByRole('row', { name: /Nulägesanalys/ });
    await expect
      .poll(async () => (await row.first().textContent()) ?? '', { timeout: 20_000 })
      .toContain('Att göra');
    expect(await row.first().textContent()).toContain('17 april 2026');
    await check(sec, '04-inkorg');

    // The form: submitting it empty shows Swedish validation messages.
    await row.first().getByRole('link').click();
    const form = sec.getByRole('form', { name: /Nulägesanalys/ });
    await form.waitFor();
    await sec.getByRole('button', { name: 'Lämna in' }).click();
    const summary = sec.locator('.error-summary');
    await summary.waitFor();
    const messages = (await summary.textContent()) ?? '';
    expect(messages).toContain('Formuläret behöver kompletteras');
    expect(messages).toContain('Ange verksamhetsbeskrivning');
    expect(messages).toContain('Ange minst en risk eller möjlighet per omvärldsfaktor');
    expect(messages).toContain('Ange måluppfyllelse för minst ett mål');
    expect(
      await sec.getByLabel('Beskriv verksamhetens uppdrag och hur det utförs *').getAttribute('aria-invalid'),
    ).toBe('true');
    await check(sec, '05-nulagesanalys-validering');

    // Fill in the three parts; save a draft; it survives a reload.
    await sec
      .getByLabel('Beskriv verksamhetens uppdrag och hur det utförs *')
      .fill(
        'Kultur- och fritidsnämnden ansvarar för bibliotek, kulturskola, fritidsgårdar och föreningsstöd.',
      );
    const factorSets = form.locator('fieldset.factor');
    const factorCount = await factorSets.count();
    expect(factorCount).toBe(5);
    for (let i = 0; i < factorCount; i++) {
      await factorSets
        .nth(i)
        .getByLabel('Risker')
        .fill(`Risk ${i + 1}: ökade kostnader`);
    }
    const goalSelects = form.locator('.goal-row select');
    for (let i = 0; i < (await goalSelects.count()); i++) {
      await goalSelects.nth(i).selectOption({ label: 'Delvis uppfyllt' });
    }
    await sec.getByRole('button', { name: 'Lägg till nämndmål' }).click();
    await sec.getByLabel('Rubrik *').fill('Fler unga deltar i kultur- och fritidsaktiviteter');
    // A proposed goal without a riktningsmål is refused, in Swedish.
    await sec.getByRole('button', { name: 'Lämna in' }).click();
    await expect
      .poll(async () => (await summary.textContent()) ?? '')
      .toContain('Nämndmålet måste kopplas till minst ett riktningsmål');
    await sec
      .getByRole('checkbox', { name: 'Alla i Ale ges förutsättningar för ett livslångt lärande' })
      .check();
    await sec.getByRole('button', { name: 'Spara utkast' }).click();
    await sec.getByText(/Utkastet sparades/).waitFor();
    await sec.reload();
    await form.waitFor();
    expect(await sec.getByLabel('Rubrik *').inputValue()).toBe(
      'Fler unga deltar i kultur- och fritidsaktiviteter',
    );

    await sec.getByRole('button', { name: 'Lämna in' }).click();
    await sec.getByText('Nulägesanalysen är inlämnad.').waitFor();
    expect(await sec.locator('.facts .badge').first().textContent()).toBe('Inlämnad');
    await check(sec, '06-inlamnad');

    // The process owner reviews: a return needs a reason.
    const po = await w.newPage();
    await signIn(po, w.url, 'Processägare');
    expect(
      await po.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link').allTextContents(),
    ).toContain('Revision');
    await po.goto(`${w.url}/#/uppgift/${KFN_TASK}`);
    await po.getByRole('heading', { name: 'Granska' }).waitFor();
    await check(po, '07-granska');
    await po.getByRole('button', { name: 'Returnera för komplettering' }).click();
    await po.getByText('Ange ett skäl till returen.').waitFor();
    await po.getByLabel('Skäl till returen').fill('Omvärldsanalysen saknar möjligheter per omvärldsfaktor.');
    await po.getByRole('button', { name: 'Returnera för komplettering' }).click();
    await po.getByText('Uppgiften är returnerad till organet för komplettering.').waitFor();
    expect(await po.locator('.facts .badge').first().textContent()).toBe('Returnerad');

    // A week later the secretary sees the return in the inbox and completes the analysis.
    await port.advanceTo(morning('2026-03-27'));
    await sec.goto(`${w.url}/#/inkorg/${ALE_ORGAN.kfn}`);
    await expect
      .poll(
        async () => {
          await reloaded(sec);
          return (await sec.locator('main').textContent()) ?? '';
        },
        { timeout: 20_000 },
      )
      .toContain('Returnerad: Omvärldsanalysen saknar möjligheter per omvärldsfaktor.');
    await check(sec, '08-inkorg-returnerad');
    await sec.goto(`${w.url}/#/uppgift/${KFN_TASK}`);
    await form.waitFor();
    expect(await sec.getByRole('heading', { name: 'Returer' }).isVisible()).toBe(true);
    // The form starts from the last submission.
    expect(await factorSets.first().getByLabel('Risker').inputValue()).toBe('Risk 1: ökade kostnader');
    for (let i = 0; i < factorCount; i++) {
      await factorSets
        .nth(i)
        .getByLabel('Möjligheter')
        .fill(`Möjlighet ${i + 1}: nya samarbeten`);
    }
    await check(sec, '09-komplettering');
    await sec.getByRole('button', { name: 'Lämna in' }).click();
    await sec.getByText('Nulägesanalysen är inlämnad.').waitFor();
    expect(await sec.locator('.facts').textContent()).toContain('inlämning 2');

    // The process owner approves (the page is still open on the task: load it afresh).
    await po.reload();
    await po.getByRole('heading', { name: 'Granska' }).waitFor();
    expect(await po.locator('.submission').textContent()).toContain('Möjlighet 1: nya samarbeten');
    await po.getByRole('button', { name: 'Godkänn' }).click();
    await po.getByText('Uppgiften är godkänd.').waitFor();
    expect(await po.locator('.facts .badge').first().textContent()).toBe('Godkänd');
    await check(po, '10-godkand');

    const task = await port.task(KFN_TASK);
    expect(task.status === 'approved' && task.revision).toBe(2);
    expect(task.status === 'approved' && task.returns.map((r) => r.reason)).toEqual([
      'Omvärldsanalysen saknar möjligheter per omvärldsfaktor.',
    ]);
  });

  it('the other pages show the dialogues, budget frames, goals and deadline compliance once the cycle reaches the budget', async () => {
    // The rest of steps 3–5 over the API: the other organs' analyses, dialogues, budget.
    const nul = (await port.cycleView()).plannedTasks.find((p) => p.phase === 'nulagesanalys')?.tasks ?? [];
    for (const t of nul.filter((t) => t.taskId !== KFN_TASK)) {
      await port.submitTask(t.taskId, secretaryOf(t.organId), content.nulagesanalys(organ(t.organId)));
      await port.approveTask(t.taskId, owner);
    }
    for (const o of participants) {
      await port.cycleCommand(secretaryOf(o.organId), {
        type: 'RecordDecision',
        decision: content.decision(o, '2026-04-14', 'Nulägesanalys 2027'),
      });
    }
    await port.advanceTo(morning(ALE_CALENDAR_2027.tillitsdialog.start));
    const dialogues =
      (await port.cycleView()).plannedTasks.find((p) => p.phase === 'tillitsdialog')?.tasks ?? [];
    await Promise.all(dialogues.map((t) => port.waitForTask(t.taskId)));
    await port.advanceTo(morning('2026-05-20'));
    const others = participants.filter((p) => p.organId !== ALE_ORGAN.ks);
    for (const [i, t] of dialogues.entries()) {
      await port.submitTask(
        t.taskId,
        secretaryOf(ALE_ORGAN.ks),
        content.tillitsdialog(others[i] ?? organ(t.organId), '2026-05-18'),
      );
      await port.approveTask(t.taskId, owner);
    }
    await port.advanceTo(morning('2026-06-15'));
    await port.cycleCommand(owner, {
      type: 'ReportDialogueOutcomes',
      decision: content.decision(organ(ALE_ORGAN.kf), '2026-06-15', 'Redovisning av tillitsdialoger 2026'),
      dialogueTaskIds: dialogues.map((t) => t.taskId),
    });
    await port.advanceTo(morning(ALE_CALENDAR_2027.budget.ksProposal));
    await port.cycleCommand(owner, {
      type: 'ProposeBudget',
      decision: content.decision(
        organ(ALE_ORGAN.ks),
        ALE_CALENDAR_2027.budget.ksProposal,
        'Förslag till budget 2027',
      ),
      ...ALE_BUDGET_2027,
    });

    const po = await w.newPage();
    await signIn(po, w.url, 'Processägare');
    const nav = po.getByRole('navigation', { name: 'Huvudmeny' });

    await po.goto(`${w.url}/#/arshjul?datum=2026-10-27`);
    await po.getByRole('link', { name: /^Budget för budgetår 2027.*Pågår$/ }).waitFor();
    await check(po, '11-arshjulet-budget');

    await nav.getByRole('link', { name: 'Tillitsdialoger' }).click();
    await expect
      .poll(
        async () => {
          await reloaded(po);
          return po.locator('article.card').count();
        },
        { timeout: 20_000 },
      )
      .toBe(dialogues.length);
    await check(po, '12-tillitsdialoger');

    await nav.getByRole('link', { name: 'Budgetramar' }).click();
    const frames = po.getByRole('table', { name: 'Ramar budgetår 2027' });
    await expect
      .poll(
        async () => {
          await reloaded(po);
          return frames.count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    const bun = ALE_BUDGET_2027.frames.find((f) => f.organId === ALE_ORGAN.bun)?.amountOre ?? 0;
    const expected = formatSek(String(bun));
    expect(
      (await frames.getByRole('row', { name: /Barn- och utbildningsnämnden/ }).textContent())?.replace(
        /\s/g,
        ' ',
      ),
    ).toContain(expected.replace(/\s/g, ' '));
    await check(po, '13-budget');

    await nav.getByRole('link', { name: 'Mål och måluppfyllelse' }).click();
    await po
      .getByRole('heading', { level: 2, name: 'Alla i Ale ges förutsättningar för ett livslångt lärande' })
      .waitFor();
    await expect
      .poll(async () => (await po.locator('main').textContent()) ?? '')
      .toContain('Delvis uppfyllt');
    await check(po, '14-mal');

    await nav.getByRole('link', { name: 'Inlämning i tid' }).click();
    const table = po.getByRole('table', { name: /Inlämning i tid per organ/ });
    await table.waitFor();
    expect(await table.getByRole('row', { name: new RegExp(KFN) }).textContent()).toMatch(/\d/);
    expect(await po.locator('svg.chart rect').count()).toBeGreaterThan(0);
    await check(po, '15-foljsamhet');
  });

  it('an auditor sees the events in the timeline, the state as of a date before the approval, and an intact hash chain', async () => {
    const au = await w.newPage();
    await signIn(au, w.url, 'Revisor');
    const nav = au.getByRole('navigation', { name: 'Huvudmeny' });
    await nav.getByRole('link', { name: 'Revision' }).click();
    await au.getByText(/^Visar \d+ av \d+ händelser\.$/).waitFor();

    // Filter: KFN's nulägesanalys events, in order.
    await au.getByLabel('Organ', { exact: true }).selectOption({ label: KFN });
    await au.getByLabel('Fas', { exact: true }).selectOption({ label: 'Nulägesanalys' });
    const timeline = au.getByRole('list', { name: 'Tidslinje' });
    const kinds = async () =>
      (await timeline.locator('li strong').allTextContents()).filter((t) => t.startsWith('Uppgift'));
    expect(await kinds()).toEqual([
      'Uppgift tilldelad',
      'Uppgift inlämnad',
      'Uppgift returnerad för komplettering',
      'Uppgift inlämnad',
      'Uppgift godkänd',
    ]);
    expect(await timeline.textContent()).toContain(
      'Skäl: Omvärldsanalysen saknar möjligheter per omvärldsfaktor.',
    );
    await au.getByLabel('Händelsetyp').selectOption({ label: 'Uppgift returnerad för komplettering' });
    expect(await timeline.locator('li').count()).toBe(1);
    await au.getByLabel('Från datum').fill('2026-03-21');
    expect(await timeline.locator('li').count()).toBe(0);
    await au.getByLabel('Från datum').fill('');
    await au.getByLabel('Händelsetyp').selectOption({ label: 'Alla typer' });
    await check(au, '16-revision-tidslinje');

    // The state as of 26 March 2026, before the resubmission and approval: returned.
    await au.getByLabel('Datum', { exact: true }).fill('2026-03-26');
    await au.getByRole('button', { name: 'Visa tillståndet' }).click();
    const asOf = au.getByRole('table', { name: /Uppgifternas status 26 mars 2026/ });
    await asOf.waitFor();
    expect(await asOf.getByRole('row', { name: new RegExp(KFN) }).textContent()).toContain('Returnerad');
    expect(await au.getByText('Som det var vid dagens slut 26 mars 2026').isVisible()).toBe(true);

    await au.getByRole('button', { name: 'Kontrollera hashkedjan' }).click();
    await au.getByText(/^Hashkedjan är obruten: \d+ händelser kontrollerade/).waitFor();
    await check(au, '17-revision-per-datum');

    // No action buttons for the auditor on a task.
    await au.goto(`${w.url}/#/uppgift/${KFN_TASK}`);
    await au.getByRole('heading', { level: 1 }).waitFor();
    await au.locator('.submission').waitFor();
    expect(await au.getByRole('button', { name: /Godkänn|Returnera|Lämna in/ }).count()).toBe(0);
    await check(au, '18-revisor-uppgift');
  });

  it('axe-core finds no serious or critical violations on any page', () => {
    expect(Object.keys(serious).length).toBeGreaterThanOrEqual(18);
    const found = Object.entries(serious).filter(([, v]) => v.length > 0);
    expect(found).toEqual([]);
  });
});
