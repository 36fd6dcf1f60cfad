/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
import {
  emptySubmission,
  fillArsrapport,
  fillDelarsrapport,
  fillNulagesanalys,
  fillOmvarldsanalys,
  fillTillitsdialog,
  fillVerksamhetsplan,
  submitted,
} from './form-steps';
import { press, typeInto } from './keyboard';
import { capture, createWebHarness, SCREENSHOTS, signIn, type WebHarness } from './support';

const M = 'ale';
const owner = ALE_USERS.processOwner;
const morning = (date: string) => localTimeInstant(date, 9);
const participants = ALE_ORGANS.filter((o) => takesPartInCycle(o.kind));
const KS = aleOrgan(ALE_ORGAN.ks).name;
const BUN = aleOrgan(ALE_ORGAN.bun).name;

describe('every task kind has a form a secretary completes by keyboard alone (Chromium, real stack)', () => {
  let w: WebHarness;
  let port: CyclePort;
  const violations: Record<string, number> = {};

  /** Screenshot and axe-core (WCAG 2.1 A/AA and best practice): every violation counts, not only serious ones. */
  async function scan(page: Page, name: string) {
    await capture(page, name);
    const all = JSON.parse(await readFile(join(SCREENSHOTS, 'axe.json'), 'utf8')) as Record<
      string,
      { id: string }[]
    >;
    violations[name] = all[name]?.length ?? -1;
    if (all[name]?.length)
      console.log(
        name,
        all[name].map((v) => v.id),
      );
  }

  const tasksOf = async (phase: string) => {
    const planned = (await port.cycleView()).plannedTasks.find((p) => p.phase === phase)?.tasks ?? [];
    await Promise.all(planned.map((t) => port.waitForTask(t.taskId)));
    return planned;
  };
  const submitOthers = async (
    tasks: { taskId: string; organId: string }[],
    except: string,
    make: (organId: string, i: number) => unknown,
    by = (o: string) => aleSecretaryOf(o),
  ) => {
    for (const [i, t] of tasks.entries())
      if (t.taskId !== except) await port.submitTask(t.taskId, by(t.organId), make(t.organId, i));
  };
  const approveAll = (tasks: { taskId: string }[]) =>
    Promise.all(tasks.map((t) => port.approveTask(t.taskId, owner)));

  /** A secretary's page on the task's form. */
  async function openForm(organ: string, taskId: string): Promise<Page> {
    const page = await w.newPage();
    await signIn(page, w.url, 'Nämndsekreterare', organ);
    await page.goto(`${w.url}/#/uppgift/${encodeURIComponent(taskId)}`);
    await page.locator('form.task-form').waitFor();
    await page.getByRole('button', { name: 'Lämna in' }).waitFor();
    return page;
  }

  beforeAll(async () => {
    w = await createWebHarness('web_forms', M);
    port = httpCyclePort({
      client: w.client,
      municipalityId: M,
      budgetYear: 2027,
      tokenFor: w.tokenFor,
      readerToken: () => w.tokenFor(owner),
      time: w.time,
    });
    await port.startCycle(aleCycleInput());
  });
  afterAll(async () => {
    await w?.teardown();
  });

  it('omvärldsanalys: errors, a draft that survives a reload, a second tab told of the newer draft, submitted', async () => {
    const [omv] = await tasksOf('omvarldsdag');
    if (!omv) throw new Error('no omvärldsanalys task');
    await port.advanceTo(localTimeInstant(ALE_CALENDAR_2027.omvarldsdag.date, 16));
    const page = await openForm(KS, omv.taskId);
    await scan(page, 'forms-01-omvarldsanalys-tom');
    await emptySubmission(page, ['Ange sammanfattning', 'Ange analys']);
    await scan(page, 'forms-02-omvarldsanalys-fel');

    const summaryField = page.getByLabel('Sammanfattning *');
    await typeInto(page, summaryField, 'Demografin styr.');
    await page.getByText(/^Utkastet sparades/).waitFor();
    await page.reload();
    await page.locator('form.task-form').waitFor();
    await expect.poll(() => page.getByLabel('Sammanfattning *').inputValue()).toBe('Demografin styr.');
    // Typed and reloaded at once, before the pause that saves: the page saves its draft on the way out.
    await typeInto(page, page.getByLabel('Sammanfattning *'), 'Demografin styr allt.');
    await page.reload();
    await page.locator('form.task-form').waitFor();
    await expect.poll(() => page.getByLabel('Sammanfattning *').inputValue()).toBe('Demografin styr allt.');

    const savedDraft = async () =>
      (
        await w.client.request<{ version: number; content: { summary?: string } }>(
          'GET',
          `/municipalities/${M}/tasks/${omv.taskId}/draft`,
          { token: await w.tokenFor(aleSecretaryOf(ALE_ORGAN.ks)) },
        )
      ).body;
    // A second tab opens the same draft; the first saves again; the second's save is refused in Swedish.
    // The session lives per tab (sessionStorage): the second tab signs in as the same secretary.
    const second = await page.context().newPage();
    await signIn(second, w.url, 'Nämndsekreterare', KS);
    await second.goto(page.url());
    await second.locator('form.task-form').waitFor();
    await expect.poll(() => second.getByLabel('Sammanfattning *').inputValue()).toBe('Demografin styr allt.');
    const versionBefore = (await savedDraft()).version;
    await typeInto(page, page.getByLabel('Sammanfattning *'), 'Demografin styr mest.');
    // "Utkastet sparades" is already shown from the first save: wait for the server to hold the new one.
    await expect
      .poll(async () => (await savedDraft()).version, { timeout: 15_000 })
      .toBeGreaterThan(versionBefore);
    expect(JSON.stringify((await savedDraft()).content)).toContain('Demografin styr mest.');
    await typeInto(second, second.getByLabel('Sammanfattning *'), 'Annan text.');
    const conflict = second.locator('.conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Utkastet har sparats i en annan flik');
    await scan(second, 'forms-03-utkast-konflikt');
    await press(second, second.getByRole('button', { name: 'Visa det nyare utkastet' }), 'Enter');
    expect(await second.getByLabel('Sammanfattning *').inputValue()).toBe('Demografin styr mest.');
    await second.close();

    await fillOmvarldsanalys(page);
    await scan(page, 'forms-04-omvarldsanalys-ifylld');
    await submitted(page, 'Omvärldsanalysen är inlämnad.');
    const task = await port.task(omv.taskId);
    expect(task.status).toBe('submitted');
    const sent =
      task.status === 'submitted'
        ? (task.submission?.submission.content as { summary: string; sources: string[] })
        : null;
    expect(sent?.summary).toBe('Demografi och kompetensförsörjning påverkar mest.');
    expect(sent?.sources).toEqual(['SKR Ekonomirapporten', 'Konjunkturinstitutet']);
    await approveAll([omv]);
  });

  it('nulägesanalys: submitted by keyboard, returned with a reason shown beside the form, completed and resubmitted', async () => {
    await port.advanceTo(morning(ALE_CALENDAR_2027.nulagesanalys.start));
    const nul = await tasksOf('nulagesanalys');
    const mine = nul.find((t) => t.organId === ALE_ORGAN.bun);
    if (!mine) throw new Error('no BUN task');
    await port.advanceTo(morning('2026-03-20'));
    await submitOthers(nul, mine.taskId, (o) => content.nulagesanalys(aleOrgan(o)));
    const page = await openForm(BUN, mine.taskId);
    await scan(page, 'forms-05-nulagesanalys-tom');
    await emptySubmission(page, [
      'Ange verksamhetsbeskrivning',
      'Ange minst en risk eller möjlighet per omvärldsfaktor',
    ]);
    await scan(page, 'forms-06-nulagesanalys-fel');
    await fillNulagesanalys(page);
    await scan(page, 'forms-07-nulagesanalys-ifylld');
    await submitted(page, 'Nulägesanalysen är inlämnad.');

    await port.returnTask(mine.taskId, owner, 'Beskriv möjligheterna för digitaliseringen.');
    await page.reload();
    const aside = page.locator('aside.return-reason');
    await aside.waitFor();
    expect(await aside.textContent()).toContain('Beskriv möjligheterna för digitaliseringen.');
    expect(
      await page.getByLabel('Beskriv verksamhetens uppdrag och hur det utförs *').inputValue(),
    ).toContain('förskola');
    await scan(page, 'forms-08-nulagesanalys-returnerad');
    await typeInto(
      page,
      page.locator('fieldset.factor').first().getByLabel('Möjligheter'),
      'Digitala lärresurser',
    );
    await submitted(page, 'Nulägesanalysen är inlämnad.');
    const task = await port.task(mine.taskId);
    expect(task.status === 'submitted' && task.revision).toBe(2);
    await approveAll(nul);
    for (const o of participants)
      await port.cycleCommand(aleSecretaryOf(o.organId), {
        type: 'RecordDecision',
        decision: content.decision(o, '2026-04-22', 'Nulägesanalys 2027'),
      });
  });

  it('tillitsdialog: kind, date, participants, agreements and a proposal', async () => {
    await port.advanceTo(morning(ALE_CALENDAR_2027.tillitsdialog.start));
    const dialogues = await tasksOf('tillitsdialog');
    await port.advanceTo(morning('2026-05-20'));
    const [mine] = dialogues;
    if (!mine) throw new Error('no dialogue');
    const others = participants.filter((p) => p.organId !== ALE_ORGAN.ks);
    await submitOthers(
      dialogues,
      mine.taskId,
      (_o, i) => content.tillitsdialog(others[i] ?? aleOrgan(ALE_ORGAN.bun), '2026-05-18'),
      () => aleSecretaryOf(ALE_ORGAN.ks),
    );
    const page = await openForm(KS, mine.taskId);
    await scan(page, 'forms-09-tillitsdialog-tom');
    await emptySubmission(page, ['Välj typ', 'Ange datum']);
    await scan(page, 'forms-10-tillitsdialog-fel');
    await fillTillitsdialog(page);
    await scan(page, 'forms-11-tillitsdialog-ifylld');
    await submitted(page, 'Tillitsdialogen är inlämnad.');
    const task = await port.task(mine.taskId);
    const sent =
      task.status === 'submitted' ? (task.submission?.submission.content as Record<string, unknown>) : {};
    expect(sent).toMatchObject({
      kind: 'ks_with_organ',
      date: '2026-05-18',
      agreements: ['Gemensam uppföljning i höst'],
    });
    expect(sent.proposals).toEqual([
      { type: 'new_assignment', description: 'Utred gemensam lokalplanering' },
    ]);
    await approveAll(dialogues);
    await port.advanceTo(morning('2026-06-15'));
    await port.cycleCommand(owner, {
      type: 'ReportDialogueOutcomes',
      decision: content.decision(aleOrgan(ALE_ORGAN.kf), '2026-06-15', 'Redovisning av tillitsdialoger 2026'),
      dialogueTaskIds: dialogues.map((t) => t.taskId),
    });
  });

  it('verksamhetsplan: a nämndmål linked to a riktningsmål, an indicator, an activity, an internbudget line in kronor', async () => {
    await port.advanceTo(morning(ALE_CALENDAR_2027.budget.ksProposal));
    await port.cycleCommand(owner, {
      type: 'ProposeBudget',
      decision: content.decision(
        aleOrgan(ALE_ORGAN.ks),
        ALE_CALENDAR_2027.budget.ksProposal,
        'Förslag till budget 2027',
      ),
      ...ALE_BUDGET_2027,
    });
    await port.advanceTo(morning(ALE_CALENDAR_2027.budget.kfAdoption));
    await port.cycleCommand(owner, {
      type: 'AdoptBudget',
      decision: content.decision(aleOrgan(ALE_ORGAN.kf), ALE_CALENDAR_2027.budget.kfAdoption, 'Budget 2027'),
      ...ALE_BUDGET_2027,
    });
    const plans = await tasksOf('budget');
    await port.advanceTo(morning('2026-12-01'));
    const mine = plans.find((t) => t.organId === ALE_ORGAN.bun);
    if (!mine) throw new Error('no BUN plan');
    await submitOthers(plans, mine.taskId, (o) => content.verksamhetsplan(aleOrgan(o), 2027));
    const page = await openForm(BUN, mine.taskId);
    await scan(page, 'forms-12-verksamhetsplan-tom');
    await emptySubmission(page, ['Ange rubrik', 'Nämndmålet måste kopplas till minst ett riktningsmål']);
    await scan(page, 'forms-13-verksamhetsplan-fel');
    await fillVerksamhetsplan(page);
    await scan(page, 'forms-14-verksamhetsplan-ifylld');
    await submitted(page, 'Verksamhetsplanen är inlämnad.');
    const task = await port.task(mine.taskId);
    const plan =
      task.status === 'submitted'
        ? (task.submission?.submission.content as {
            organGoals: {
              councilGoalIds: string[];
              agenda2030Goals: number[];
              indicators: { unit: string; target: number }[];
              activities: { dueDate: string }[];
            }[];
            internalBudget: { amountOre: number }[];
          })
        : null;
    expect(plan?.organGoals[0]?.councilGoalIds).toEqual(['rm-livslangt-larande']);
    expect(plan?.organGoals[0]?.agenda2030Goals).toEqual([4]);
    expect(plan?.organGoals[0]?.indicators[0]).toMatchObject({ unit: 'procent', target: 92.5 });
    expect(plan?.organGoals[0]?.activities[0]?.dueDate).toBe('2027-06-30');
    expect(plan?.internalBudget[0]?.amountOre).toBe(123456789);
    await approveAll(plans);
    await port.advanceTo(morning('2026-12-10'));
    for (const t of plans)
      await port.cycleCommand(aleSecretaryOf(t.organId), {
        type: 'RecordPlanAdoption',
        organId: t.organId,
        taskId: t.taskId,
        decision: content.decision(aleOrgan(t.organId), '2026-12-10', 'Verksamhetsplan 2027'),
      });
  });

  it("delårsrapport and årsrapport: economy in kronor, goal fulfilment, and the plan's indicator values", async () => {
    await port.advanceTo(morning(ALE_CALENDAR_2027.delarsbokslut.periodEnd));
    const interim = await tasksOf('delarsbokslut');
    await port.advanceTo(morning('2027-09-20'));
    const mine = interim.find((t) => t.organId === ALE_ORGAN.bun);
    if (!mine) throw new Error('no BUN interim report');
    await submitOthers(interim, mine.taskId, (o) =>
      content.delarsrapport(aleOrgan(o), ALE_CALENDAR_2027.delarsbokslut.periodEnd),
    );
    const page = await openForm(BUN, mine.taskId);
    await scan(page, 'forms-15-delarsrapport-tom');
    await emptySubmission(page, ['Ange periodens slut', 'Ange måluppfyllelse för minst ett mål']);
    await scan(page, 'forms-16-delarsrapport-fel');
    await fillDelarsrapport(page, ALE_CALENDAR_2027.delarsbokslut.periodEnd);
    await scan(page, 'forms-17-delarsrapport-ifylld');
    await submitted(page, 'Delårsrapporten är inlämnad.');
    const interimTask = await port.task(mine.taskId);
    expect(interimTask.status === 'submitted' && interimTask.submission?.submission.content).toMatchObject({
      periodEnd: ALE_CALENDAR_2027.delarsbokslut.periodEnd,
      economy: { budgetOre: 105_430_000_000, outcomeOre: 70_000_000_050, forecastOre: 105_000_000_000 },
    });
    await approveAll(interim);
    await port.advanceTo(morning('2027-10-12'));
    await port.cycleCommand(owner, {
      type: 'SubmitInterimReport',
      periodEnd: ALE_CALENDAR_2027.delarsbokslut.periodEnd,
      decision: content.decision(aleOrgan(ALE_ORGAN.ks), '2027-10-12', 'Delårsrapport 2027'),
    });
    await port.advanceTo(morning(ALE_CALENDAR_2027.delarsbokslut.reportToKf));
    await port.cycleCommand(owner, {
      type: 'TreatInterimReport',
      decision: content.decision(
        aleOrgan(ALE_ORGAN.kf),
        ALE_CALENDAR_2027.delarsbokslut.reportToKf,
        'Delårsrapport 2027',
      ),
    });

    await port.advanceTo(morning('2027-12-31'));
    const annual = await tasksOf('bokslut');
    await port.advanceTo(morning('2028-02-15'));
    const mineA = annual.find((t) => t.organId === ALE_ORGAN.bun);
    if (!mineA) throw new Error('no BUN annual report');
    const annualPage = await openForm(BUN, mineA.taskId);
    await scan(annualPage, 'forms-18-arsrapport-tom');
    await emptySubmission(annualPage, ['Ange budget', 'Ange måluppfyllelse för minst ett mål']);
    await scan(annualPage, 'forms-19-arsrapport-fel');
    await fillArsrapport(annualPage);
    await scan(annualPage, 'forms-20-arsrapport-ifylld');
    await submitted(annualPage, 'Årsrapporten är inlämnad.');
    const annualTask = await port.task(mineA.taskId);
    const report =
      annualTask.status === 'submitted'
        ? (annualTask.submission?.submission.content as {
            economy: unknown;
            indicatorValues: { value: number }[];
            goalFulfilment: { goalType: string }[];
          })
        : null;
    expect(report?.economy).toEqual({
      budgetOre: 105_430_000_000,
      outcomeOre: 105_000_000_000,
      forecastNextYearOre: null,
    });
    expect(report?.indicatorValues.map((v) => v.value)).toEqual([91]);
    expect(report?.goalFulfilment.map((g) => g.goalType)).toEqual(['council', 'organ']);
  });

  it('axe-core finds no violations on any form in its empty, error and filled states', () => {
    expect(Object.keys(violations).length).toBe(20);
    expect(Object.entries(violations).filter(([, n]) => n !== 0)).toEqual([]);
  });
});
