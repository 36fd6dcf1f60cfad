/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CyclePort } from '../../application/cycle-port';
import { localTimeInstant } from '../../domain/calendar/dates';
import type { Phase } from '../../domain/calendar/schema';
import {
  ALE_BUDGET_2027,
  ALE_CALENDAR_2027,
  ALE_ORGAN,
  ALE_ORGANS,
  ALE_USERS,
  aleOrgan,
} from '../../domain/examples/ale';
import { isSubjectToDischarge, takesPartInCycle } from '../../domain/municipality/organ';
import * as content from '../../scenario/ale-content';
import { ALE_DISCHARGE_MOVED_TO, aleCycleInput } from '../../scenario/ale-scenario';
import {
  type DecisionArgs,
  handInAuditorsReport,
  moveCalendarDate,
  review,
  startCycle,
  typeBudget,
  typeCalendar,
} from './ale-browser/owner-steps';
import { openFromMenu, registerAleInBrowser } from './ale-browser/register';
import { browserOrganId, type Roles, reloadUntil, scenarioOrgan } from './ale-browser/roles';
import { aleBrowserSuite } from './ale-browser/session';
import * as fill from './ale-browser/task-forms';
import { signIn, type WebHarness } from './support';

/**
 * Ale's cycle 2027 in the browser, each role in its own browser context. The test itself only reads
 * state (task ids, assertions) and moves the time-skipping server's clock on, as the scenario does.
 */

const M = 'ale';
const C = ALE_CALENDAR_2027;
const morning = (date: string) => localTimeInstant(date, 9);
const participants = ALE_ORGANS.filter((o) => takesPartInCycle(o.kind));
const examined = ALE_ORGANS.filter((o) => isSubjectToDischarge(o.kind));
const kf = aleOrgan(ALE_ORGAN.kf);
const ks = aleOrgan(ALE_ORGAN.ks);
const RETURN_REASON = 'Omvärldsanalysen saknar möjligheter per omvärldsfaktor.';
// Each step is a phase of the cycle: on a busy shared machine one may take minutes.
describe('Ale cycle 2027 from registration to the auditor’s check, in the browser only', {
  timeout: 300_000,
}, () => {
  const session = aleBrowserSuite(M, 2027);
  let w: WebHarness;
  let port: CyclePort;
  let roles: Roles;
  let po: Page;
  beforeAll(() => {
    ({ w, port, roles } = session());
  });
  const tasksOf = (phase: Phase) => session().tasksOf(phase);
  const decide = (...args: DecisionArgs) => session().decide(...args);
  /** The process owner's keyboard: these forms are filled in by keyboard alone. */
  const keys = () => session().keys();

  it('the process owner registers Ale, plans cycle 2027 against the law and starts it', async () => {
    po = await session().processOwner();
    await registerAleInBrowser(po, w.url, (name) => roles.visit(po, name));
    await openFromMenu(po, 'Ny cykel', 'Planera en ny cykel');
    await typeCalendar(po, C);
    await roles.visit(po, 'ale-05-ny-cykel');
    await startCycle(po, M, aleCycleInput().clock ?? {});
    expect((await port.cycleView()).cycle.status).toBe('running');
  });

  it('omvärldsdag and nulägesanalys: one returned for komplettering, one late and escalated', async () => {
    const [omv] = await tasksOf('omvarldsdag');
    if (!omv) throw new Error('no omvärldsanalys task');
    await port.advanceTo(localTimeInstant(C.omvarldsdag.date, 16));
    const ksPage = await roles.secretaryOf(omv.organId);
    await roles.visit(ksPage, 'ale-06-sekreterare-arshjulet');
    await roles.handIn(
      ksPage,
      omv.taskId,
      'Omvärldsanalysen är inlämnad.',
      (p) => fill.fillOmvarldsanalys(p, content.omvarldsanalys()),
      'ale-07-omvarldsanalys',
    );
    await review(po, w.url, omv.taskId, undefined, keys());
    await roles.visit(po, 'ale-08-granska-godkand');

    await port.advanceTo(morning(C.nulagesanalys.start));
    const nul = await tasksOf('nulagesanalys');
    const byOrgan = new Map(nul.map((t) => [scenarioOrgan(t.organId).organId, t.taskId]));
    const returned = byOrgan.get(ALE_ORGAN.kfn) as string;
    const late = byOrgan.get(ALE_ORGAN.sn) as string;
    await port.advanceTo(morning('2026-03-20'));
    const onTime = nul.filter((t) => t.taskId !== late);
    await Promise.all(
      onTime.map(async (t, i) => {
        const page = await roles.secretaryOf(t.organId);
        if (i === 0) {
          await openFromMenu(page, 'Inkorg', /Inkorg/);
          await page
            .getByRole('row', { name: /Nulägesanalys/ })
            .first()
            .waitFor({ timeout: 30_000 });
          await roles.visit(page, 'ale-09-inkorg');
        }
        const organ = scenarioOrgan(t.organId);
        await roles.handIn(
          page,
          t.taskId,
          'Nulägesanalysen är inlämnad.',
          (p) => fill.fillNulagesanalys(p, content.nulagesanalys(organ)),
          i === 0 ? 'ale-10-nulagesanalys' : undefined,
        );
      }),
    );
    await review(po, w.url, returned, RETURN_REASON, keys());
    await port.advanceTo(morning('2026-03-27'));
    const kfn = await roles.secretaryOf(browserOrganId(aleOrgan(ALE_ORGAN.kfn)));
    await roles.handIn(
      kfn,
      returned,
      'Nulägesanalysen är inlämnad.',
      async (p) => {
        await p.getByText(RETURN_REASON).first().waitFor();
        await fill.fillNulagesanalys(p, content.nulagesanalys(aleOrgan(ALE_ORGAN.kfn), 2));
      },
      'ale-11-komplettering',
    );
    await roles.approveAll(onTime.map((t) => t.taskId));
    await port.advanceTo(morning('2026-04-22')); // SN has missed 17 April: escalated to the process owner
    await openFromMenu(po, 'Sista dagar', 'Sista dagar');
    // The late task shows as escalated once the read model has the escalation.
    await reloadUntil(po, po.getByRole('row', { name: /Socialnämnden/ }).first(), 'Eskalerad');
    await roles.visit(po, 'ale-12-sista-dagar-eskalerad');
    const sn = await roles.secretaryOf(browserOrganId(aleOrgan(ALE_ORGAN.sn)));
    await roles.handIn(sn, late, 'Nulägesanalysen är inlämnad.', (p) =>
      fill.fillNulagesanalys(p, content.nulagesanalys(aleOrgan(ALE_ORGAN.sn))),
    );
    await review(po, w.url, late);
    await roles.decisions();
    for (const o of participants) {
      await decide(
        'En nämnds beslut om sin nulägesanalys',
        content.decision(o, '2026-04-22', 'Nulägesanalys 2027'),
        (f, hands) => hands.pick(f.getByLabel('Nämnd eller bolag'), o.name),
      );
    }
    await roles.visit(po, 'ale-13-beslut-nulagesanalys');
    expect((await port.task(returned)).status).toBe('approved');
  });

  it('tillitsdialoger reported to KF; KF’s discharge meeting moved a week', async () => {
    await port.advanceTo(morning(C.tillitsdialog.start));
    const dialogues = await tasksOf('tillitsdialog');
    await port.advanceTo(morning('2026-05-20'));
    const counterparts = participants.filter((p) => p.organId !== ks.organId);
    const ksPage = await roles.secretaryOf(browserOrganId(ks));
    for (const [i, t] of dialogues.entries()) {
      const other = counterparts[i];
      if (!other) throw new Error('dialogue without counterpart');
      await roles.handIn(
        ksPage,
        t.taskId,
        'Tillitsdialogen är inlämnad.',
        (p) => fill.fillTillitsdialog(p, content.tillitsdialog(other, '2026-05-18')),
        i === 0 ? 'ale-14-tillitsdialog' : undefined,
      );
    }
    await roles.approveAll(dialogues.map((t) => t.taskId));
    await port.advanceTo(morning('2026-06-15'));
    await roles.decisions();
    await decide(
      'Tillitsdialogerna redovisade för kommunfullmäktige',
      content.decision(kf, '2026-06-15', 'Redovisning av tillitsdialoger 2026'),
      async (f, hands) => {
        const boxes = f.getByRole('checkbox');
        for (let i = 0; i < (await boxes.count()); i++) await hands.tick(boxes.nth(i));
      },
      keys(),
    );
    await roles.visit(po, 'ale-15-beslut-tillitsdialoger');
    await openFromMenu(po, 'Sista dagar', 'Sista dagar');
    await moveCalendarDate(
      po,
      'Beslutet om ansvarsfrihet',
      ALE_DISCHARGE_MOVED_TO,
      'Fullmäktiges junisammanträde flyttas en vecka',
    );
    await roles.visit(po, 'ale-16-flytta-datum');
  });

  it('budget proposed and adopted; every nämnd hands in and adopts its verksamhetsplan', async () => {
    await port.advanceTo(morning(C.budget.ksProposal));
    await roles.decisions();
    await decide(
      'Kommunstyrelsens budgetförslag',
      content.decision(ks, C.budget.ksProposal, 'Förslag till budget 2027 och plan 2028–2029'),
      typeBudget(ALE_BUDGET_2027),
      keys(),
    );
    await roles.visit(po, 'ale-17-budgetforslag');
    await port.advanceTo(morning(C.budget.kfAdoption));
    await roles.decisions();
    await decide(
      'Kommunfullmäktiges beslut om budget',
      content.decision(kf, C.budget.kfAdoption, 'Budget 2027 och plan 2028–2029'),
      typeBudget(ALE_BUDGET_2027),
    );
    const plans = await tasksOf('budget');
    await port.advanceTo(morning('2026-12-01'));
    await Promise.all(
      plans.map(async (t, i) => {
        const organ = scenarioOrgan(t.organId);
        await roles.handIn(
          await roles.secretaryOf(t.organId),
          t.taskId,
          'Verksamhetsplanen är inlämnad.',
          (p) => fill.fillVerksamhetsplan(p, content.verksamhetsplan(organ, 2027)),
          i === 0 ? 'ale-18-verksamhetsplan' : undefined,
        );
      }),
    );
    await roles.approveAll(plans.map((t) => t.taskId));
    await port.advanceTo(morning('2026-12-10'));
    await roles.decisions();
    for (const t of plans) {
      const organ = scenarioOrgan(t.organId);
      await decide(
        'En nämnds beslut om verksamhetsplan',
        content.decision(organ, '2026-12-10', 'Verksamhetsplan och internbudget 2027'),
        (f, hands) => hands.pick(f.getByLabel('Nämnd', { exact: true }), organ.name),
        // The first by keyboard alone.
        t === plans[0] ? keys() : undefined,
      );
    }
    await roles.visit(po, 'ale-19-beslut-verksamhetsplaner');
    await openFromMenu(po, 'Budgetramar', /Budget/);
    await po.getByRole('table', { name: 'Ramar budgetår 2027' }).waitFor({ timeout: 30_000 });
    await roles.visit(po, 'ale-20-budgetramar');
  });

  it('delårsbokslut: every report in, KS’s delårsrapport and KF’s treatment', async () => {
    await port.advanceTo(morning(C.delarsbokslut.periodEnd));
    const interim = await tasksOf('delarsbokslut');
    await port.advanceTo(morning('2027-09-20'));
    await Promise.all(
      interim.map(async (t, i) => {
        const organ = scenarioOrgan(t.organId);
        await roles.handIn(
          await roles.secretaryOf(t.organId),
          t.taskId,
          'Delårsrapporten är inlämnad.',
          (p) => fill.fillDelarsrapport(p, content.delarsrapport(organ, C.delarsbokslut.periodEnd)),
          i === 0 ? 'ale-21-delarsrapport' : undefined,
        );
      }),
    );
    await roles.approveAll(interim.map((t) => t.taskId));
    await port.advanceTo(morning('2027-10-12'));
    await roles.decisions();
    await decide(
      'Kommunstyrelsens delårsrapport till fullmäktige och revisorerna',
      content.decision(ks, '2027-10-12', 'Delårsrapport per augusti 2027'),
      undefined,
      keys(),
    );
    await port.advanceTo(morning(C.delarsbokslut.reportToKf));
    await roles.decisions();
    await decide(
      'Kommunfullmäktiges behandling av delårsrapporten',
      content.decision(kf, C.delarsbokslut.reportToKf, 'Delårsrapport per augusti 2027'),
      undefined,
      keys(),
    );
    await roles.visit(po, 'ale-22-beslut-delarsbokslut');
  });

  it('bokslut: årsrapporter, årsredovisning, revisionsberättelse, approval and discharge; the cycle closes', async () => {
    await port.advanceTo(morning('2027-12-31'));
    const annual = await tasksOf('bokslut');
    await port.advanceTo(morning('2028-02-15'));
    await Promise.all(
      annual.map(async (t, i) => {
        const organ = scenarioOrgan(t.organId);
        await roles.handIn(
          await roles.secretaryOf(t.organId),
          t.taskId,
          'Årsrapporten är inlämnad.',
          (p) => fill.fillArsrapport(p, content.arsrapport(organ)),
          i === 0 ? 'ale-23-arsrapport' : undefined,
        );
      }),
    );
    await roles.approveAll(annual.map((t) => t.taskId));
    await port.advanceTo(morning('2028-03-25'));
    await roles.decisions();
    await decide(
      'Kommunstyrelsens årsredovisning till fullmäktige och revisorerna',
      content.decision(ks, '2028-03-25', 'Årsredovisning 2027'),
      undefined,
      keys(),
    );

    const auditDate = C.bokslut.auditReport ?? '';
    await port.advanceTo(morning(auditDate));
    const au = await w.newPage();
    await signIn(au, w.url, 'Revisor');
    await openFromMenu(au, 'Ansvarsprövning', 'Revisionsberättelse');
    await handInAuditorsReport(au, auditDate, examined, (page) =>
      roles.visit(page, 'ale-24-revisionsberattelse'),
    );

    await port.advanceTo(morning(C.bokslut.kfApproval));
    await roles.decisions();
    await decide(
      'Kommunfullmäktiges godkännande av årsredovisningen',
      content.decision(kf, C.bokslut.kfApproval, 'Årsredovisning 2027'),
      undefined,
      keys(),
    );
    await port.advanceTo(morning(ALE_DISCHARGE_MOVED_TO));
    await roles.decisions();
    for (const o of examined) {
      await decide(
        'Kommunfullmäktiges beslut om ansvarsfrihet',
        content.decision(kf, ALE_DISCHARGE_MOVED_TO, `Ansvarsfrihet 2027 för ${o.name}`),
        async (f, hands) => {
          await hands.pick(f.getByLabel('Organ som prövas'), o.name);
          await hands.tick(f.getByRole('radio', { name: 'Ja, ansvarsfrihet beviljas' }));
        },
      );
    }
    expect((await port.cycleResult()).status).toBe('closed');
    await po.reload();
    await po.getByText('Cykeln är stängd.').waitFor({ timeout: 30_000 });
    await roles.visit(po, 'ale-25-cykeln-stangd');
  });

  it('the auditor reads the timeline, checks the hash chain and downloads the export', async () => {
    const au = await w.newPage();
    await signIn(au, w.url, 'Revisor');
    await openFromMenu(au, 'Revision', 'Revision');
    await au.getByText(/^Visar \d+ av \d+ händelser\.$/).waitFor({ timeout: 30_000 });
    await au.getByRole('button', { name: 'Kontrollera hashkedjan' }).click();
    await au.getByText(/^Hashkedjan är obruten: \d+ händelser kontrollerade/).waitFor({ timeout: 30_000 });
    await roles.visit(au, 'ale-26-revision');
    const [download] = await Promise.all([
      au.waitForEvent('download'),
      au.getByRole('button', { name: 'Ladda ner händelserna (NDJSON)' }).click(),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).split('\n').filter(Boolean);
    expect(lines.some((l) => l.includes('"CycleClosed"'))).toBe(true);
    await openFromMenu(au, 'Ändringslogg', 'Ändringar i organisation och styrdokument');
    await au.getByRole('row', { name: /Organ tillagt.*Socialnämnden/ }).waitFor({ timeout: 30_000 });
    await roles.visit(au, 'ale-27-andringslogg');

    // Every task of the cycle was handed in and approved in the browser; none by the API.
    const tasks = await w.client.ok<{ tasks: { status: string }[] }>(
      'GET',
      `/municipalities/${M}/tasks?budgetYear=2027`,
      { token: await w.tokenFor(ALE_USERS.auditor) },
    );
    expect(tasks.tasks).toHaveLength(32);
    expect(tasks.tasks.every((t) => t.status === 'approved')).toBe(true);
  });

  it('axe-core finds no violation on any page visited', () => {
    expect(roles.visited.length).toBeGreaterThanOrEqual(27);
    expect(roles.violations()).toEqual([]);
  });
});
