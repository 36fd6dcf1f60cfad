/**
 * The acceptance scenario of DOMAIN.md for Ale kommun, cycle 2027, from start to close, driven
 * through a CyclePort: the tests run it on the time-skipping server, the demo over the HTTP API.
 */

import type { CyclePort } from '../application/cycle-port';
import { localTimeInstant } from '../domain/calendar/dates';
import type { Phase } from '../domain/calendar/schema';
import type { CycleData } from '../domain/cycle/state';
import {
  ALE_BUDGET_2027,
  ALE_CALENDAR_2027,
  ALE_MUNICIPALITY_ID,
  ALE_ORGAN,
  ALE_ORGANS,
  ALE_USERS,
  aleOrgan,
  aleSecretaryOf,
} from '../domain/examples/ale';
import { isSubjectToDischarge, takesPartInCycle } from '../domain/municipality/organ';
import type { AnnualCycleInput } from '../workflows/annual-cycle';
import type { ClockOptions } from '../workflows/clock';
import * as content from './ale-content';

export interface AleScenarioOptions {
  port: CyclePort;
  clock?: ClockOptions;
  /** Overrides of the cycle's start input (e.g. an early continue-as-new in tests). */
  cycleInput?: Partial<AnnualCycleInput>;
  /** Told each step as it starts (Swedish, for a progress display). */
  onStep?: (step: string, index: number, total: number) => void;
  /** Stop on the auditors' report's day, before it is handed in (a test that does the rest itself). */
  stopBeforeAuditorsReport?: boolean;
}

export interface AleScenarioResult {
  cycle: CycleData;
  returnedTaskId: string;
  lateTaskId: string;
  taskIds: Record<Phase, string[]>;
}

const owner = ALE_USERS.processOwner;
const secretaryOf = aleSecretaryOf;
const organ = aleOrgan;
const ks = organ(ALE_ORGAN.ks);
const kf = organ(ALE_ORGAN.kf);
const participants = ALE_ORGANS.filter((o) => takesPartInCycle(o.kind));
/** KF's discharge meeting, moved a week on from the calendar's date while the cycle runs. */
export const ALE_DISCHARGE_MOVED_TO = '2028-06-19';
/** Every organ's secretary acts on their own, at the same time: as many requests at once. */
const each = <T>(items: readonly T[], act: (item: T, index: number) => Promise<unknown>) =>
  Promise.all(items.map(act));
/** 09:00 Stockholm time on a date. */
const morning = (date: string) => localTimeInstant(date, 9);

export const ALE_SCENARIO_STEPS = [
  'Processägaren startar cykel 2027 med Ales kalender',
  'Kommunstyrelsen håller omvärldsdagen',
  'Nämnder och bolag lämnar in nulägesanalyser (en returneras för komplettering, en är sen och eskaleras)',
  'Kommunstyrelsen håller tillitsdialoger; resultatet redovisas för fullmäktige',
  'Kommunstyrelsen föreslår och fullmäktige fastställer budgeten; nämnderna antar verksamhetsplaner',
  'Delårsbokslut: rapporter, kommunstyrelsens delårsrapport, fullmäktiges behandling',
  'Bokslut: årsredovisning, revisionsberättelse, godkännande och ansvarsfrihet; cykeln stängs',
] as const;

export function aleCycleInput(clock?: ClockOptions): AnnualCycleInput {
  return {
    municipalityId: ALE_MUNICIPALITY_ID,
    budgetYear: 2027,
    calendar: ALE_CALENDAR_2027,
    organs: [...ALE_ORGANS],
    startedBy: owner,
    clock: { startAt: '2026-01-12T08:00:00+01:00', ...clock },
  };
}

export async function runAleScenario({
  port,
  clock,
  cycleInput,
  onStep,
  stopBeforeAuditorsReport,
}: AleScenarioOptions): Promise<AleScenarioResult> {
  const total = ALE_SCENARIO_STEPS.length;
  const step = (i: number) => onStep?.(ALE_SCENARIO_STEPS[i] as string, i + 1, total);
  const tasksOf = async (phase: Phase) => {
    const view = await port.cycleView();
    const planned = view.plannedTasks.find((p) => p.phase === phase)?.tasks ?? [];
    // One after another: a phase gives out its tasks together, so while the first is awaited the others
    // need no looks of their own (290 municipalities looking for every task at once made 86,790 GETs).
    for (const t of planned) await port.waitForTask(t.taskId);
    return planned;
  };
  const approveAll = (taskIds: string[]) => Promise.all(taskIds.map((id) => port.approveTask(id, owner)));
  const taskIds = {} as Record<Phase, string[]>;

  // 1. Start.
  step(0);
  await port.startCycle({ ...aleCycleInput(clock), ...cycleInput });

  // 2. Omvärldsdag: KS writes the common omvärldsanalys on the day.
  step(1);
  const [omv] = await tasksOf('omvarldsdag');
  if (!omv) throw new Error('no omvärldsanalys task');
  await port.advanceTo(localTimeInstant(ALE_CALENDAR_2027.omvarldsdag.date, 16));
  await port.submitTask(omv.taskId, secretaryOf(ks.organId), content.omvarldsanalys());
  await port.approveTask(omv.taskId, owner);
  taskIds.omvarldsdag = [omv.taskId];

  // 3. Nulägesanalys: everyone but KF; KFN is returned once; SN is late and escalated.
  step(2);
  await port.advanceTo(morning(ALE_CALENDAR_2027.nulagesanalys.start));
  const nul = await tasksOf('nulagesanalys');
  const byOrgan = new Map(nul.map((t) => [t.organId, t.taskId]));
  const returnedTaskId = byOrgan.get(ALE_ORGAN.kfn) as string;
  const lateTaskId = byOrgan.get(ALE_ORGAN.sn) as string;
  await port.advanceTo(morning('2026-03-20'));
  await each(
    participants.filter((p) => p.organId !== ALE_ORGAN.sn),
    (o) =>
      port.submitTask(byOrgan.get(o.organId) as string, secretaryOf(o.organId), content.nulagesanalys(o)),
  );
  await port.returnTask(returnedTaskId, owner, 'Omvärldsanalysen saknar möjligheter per omvärldsfaktor.');
  await port.advanceTo(morning('2026-03-27'));
  await port.submitTask(
    returnedTaskId,
    secretaryOf(ALE_ORGAN.kfn),
    content.nulagesanalys(organ(ALE_ORGAN.kfn), 2),
  );
  await approveAll(nul.map((t) => t.taskId).filter((id) => id !== lateTaskId));
  await port.advanceTo(morning('2026-04-22')); // SN has missed 17 April: escalated to the process owner
  await port.submitTask(lateTaskId, secretaryOf(ALE_ORGAN.sn), content.nulagesanalys(organ(ALE_ORGAN.sn)));
  await port.approveTask(lateTaskId, owner);
  await each(participants, (o) =>
    port.cycleCommand(secretaryOf(o.organId), {
      type: 'RecordDecision',
      decision: content.decision(o, '2026-04-22', `Nulägesanalys ${2027}`),
    }),
  );
  taskIds.nulagesanalys = nul.map((t) => t.taskId);

  // 4. Tillitsdialog: KS with each organ; KF receives the outcomes.
  step(3);
  await port.advanceTo(morning(ALE_CALENDAR_2027.tillitsdialog.start));
  const dialogues = await tasksOf('tillitsdialog');
  await port.advanceTo(morning('2026-05-20'));
  const counterparts = participants.filter((p) => p.organId !== ks.organId);
  await each(dialogues, (t, i) => {
    const other = counterparts[i];
    if (!other) throw new Error('dialogue without counterpart');
    return port.submitTask(t.taskId, secretaryOf(ks.organId), content.tillitsdialog(other, '2026-05-18'));
  });
  await approveAll(dialogues.map((t) => t.taskId));
  await port.advanceTo(morning('2026-06-15'));
  // The same morning the process owner moves KF's discharge meeting a week on: the two reach the
  // cycle together, and each phase must end up with both.
  await Promise.all([
    port.cycleCommand(owner, {
      type: 'ReportDialogueOutcomes',
      decision: content.decision(kf, '2026-06-15', 'Redovisning av tillitsdialoger 2026'),
      dialogueTaskIds: dialogues.map((t) => t.taskId),
    }),
    port.cycleCommand(owner, {
      type: 'ChangeCalendarDate',
      milestone: 'bokslut.discharge',
      date: ALE_DISCHARGE_MOVED_TO,
      reason: 'Fullmäktiges junisammanträde flyttas en vecka',
    }),
  ]);
  taskIds.tillitsdialog = dialogues.map((t) => t.taskId);

  // 5. Budget: KS proposes by 31 Oct, the newly elected KF adopts by 30 Nov; nämnder adopt plans.
  step(4);
  await port.advanceTo(morning(ALE_CALENDAR_2027.budget.ksProposal));
  await port.cycleCommand(owner, {
    type: 'ProposeBudget',
    decision: content.decision(
      ks,
      ALE_CALENDAR_2027.budget.ksProposal,
      'Förslag till budget 2027 och plan 2028–2029',
    ),
    ...ALE_BUDGET_2027,
  });
  await port.advanceTo(morning(ALE_CALENDAR_2027.budget.kfAdoption));
  await port.cycleCommand(owner, {
    type: 'AdoptBudget',
    decision: content.decision(kf, ALE_CALENDAR_2027.budget.kfAdoption, 'Budget 2027 och plan 2028–2029'),
    ...ALE_BUDGET_2027,
  });
  const plans = await tasksOf('budget');
  await port.advanceTo(morning('2026-12-01'));
  await each(plans, (t) =>
    port.submitTask(t.taskId, secretaryOf(t.organId), content.verksamhetsplan(organ(t.organId), 2027)),
  );
  await approveAll(plans.map((t) => t.taskId));
  await port.advanceTo(morning('2026-12-10'));
  // Every nämnd meets on the same evening: their adoptions reach the cycle together.
  await Promise.all(
    plans.map((t) =>
      port.cycleCommand(secretaryOf(t.organId), {
        type: 'RecordPlanAdoption',
        organId: t.organId,
        taskId: t.taskId,
        decision: content.decision(organ(t.organId), '2026-12-10', 'Verksamhetsplan och internbudget 2027'),
      }),
    ),
  );
  taskIds.budget = plans.map((t) => t.taskId);

  // 6. Delårsbokslut per 31 August 2027.
  step(5);
  await port.advanceTo(morning(ALE_CALENDAR_2027.delarsbokslut.periodEnd));
  const interim = await tasksOf('delarsbokslut');
  await port.advanceTo(morning('2027-09-20'));
  await each(interim, (t) =>
    port.submitTask(
      t.taskId,
      secretaryOf(t.organId),
      content.delarsrapport(organ(t.organId), ALE_CALENDAR_2027.delarsbokslut.periodEnd),
    ),
  );
  await approveAll(interim.map((t) => t.taskId));
  await port.advanceTo(morning('2027-10-12'));
  await port.cycleCommand(owner, {
    type: 'SubmitInterimReport',
    periodEnd: ALE_CALENDAR_2027.delarsbokslut.periodEnd,
    decision: content.decision(ks, '2027-10-12', 'Delårsrapport per augusti 2027'),
  });
  await port.advanceTo(morning(ALE_CALENDAR_2027.delarsbokslut.reportToKf));
  await port.cycleCommand(owner, {
    type: 'TreatInterimReport',
    decision: content.decision(
      kf,
      ALE_CALENDAR_2027.delarsbokslut.reportToKf,
      'Delårsrapport per augusti 2027',
    ),
  });
  taskIds.delarsbokslut = interim.map((t) => t.taskId);

  // 7. Bokslut: årsredovisning, the auditors' report, approval, discharge; the cycle closes.
  step(6);
  await port.advanceTo(morning('2027-12-31'));
  const annual = await tasksOf('bokslut');
  await port.advanceTo(morning('2028-02-15'));
  await each(annual, (t) =>
    port.submitTask(t.taskId, secretaryOf(t.organId), content.arsrapport(organ(t.organId))),
  );
  await approveAll(annual.map((t) => t.taskId));
  await port.advanceTo(morning('2028-03-25'));
  await port.cycleCommand(owner, {
    type: 'SubmitAnnualReport',
    decision: content.decision(ks, '2028-03-25', 'Årsredovisning 2027'),
  });
  // Revisorerna hand in their revisionsberättelse before KF approves and decides on discharge.
  const auditDate = ALE_CALENDAR_2027.bokslut.auditReport ?? ALE_CALENDAR_2027.bokslut.kfApproval;
  await port.advanceTo(morning(auditDate));
  taskIds.bokslut = annual.map((t) => t.taskId);
  if (stopBeforeAuditorsReport) {
    const running = (await port.cycleView()).cycle as CycleData;
    return { cycle: running, returnedTaskId, lateTaskId, taskIds };
  }
  await port.cycleCommand(ALE_USERS.auditor, {
    type: 'SubmitAuditReport',
    date: auditDate,
    findings: ALE_ORGANS.filter((x) => isSubjectToDischarge(x.kind)).map((o) => ({
      organId: o.organId,
      recommendation: 'grant',
      remark: null,
    })),
  });
  await port.advanceTo(morning(ALE_CALENDAR_2027.bokslut.kfApproval));
  await port.cycleCommand(owner, {
    type: 'ApproveAnnualReport',
    decision: content.decision(kf, ALE_CALENDAR_2027.bokslut.kfApproval, 'Årsredovisning 2027'),
  });
  await port.advanceTo(morning(ALE_DISCHARGE_MOVED_TO));
  // KF decides on every organ's discharge at one meeting: sent together, so a sped-up clock does not
  // carry the later ones past the day.
  await Promise.all(
    ALE_ORGANS.filter((x) => isSubjectToDischarge(x.kind)).map((o) =>
      port.cycleCommand(owner, {
        type: 'DecideDischarge',
        organId: o.organId,
        granted: true,
        decision: content.decision(kf, ALE_DISCHARGE_MOVED_TO, `Ansvarsfrihet 2027 för ${o.name}`),
      }),
    ),
  );

  return { cycle: await port.cycleResult(), returnedTaskId, lateTaskId, taskIds };
}
