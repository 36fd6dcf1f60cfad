import { describe, expect, it } from 'vitest';
import { PHASES, type Phase } from '../../domain/calendar/schema';
import { type CycleData, initialCycleState } from '../../domain/cycle/index';
import {
  type Gate,
  phaseOpensOn,
  phasePlan,
  plannedTasks,
  type TaskSpec,
} from '../../domain/cycle/phase-plan';
import { ALE_CALENDAR_2027, ALE_ORGAN, ALE_ORGANS, aleStartCycle2027 } from '../../domain/examples/ale';
import {
  adopted,
  afterCommands,
  audited,
  budgetDone,
  cycleData,
  decision,
  discharged,
  interimDone,
  kf,
  ks,
  meta,
  open,
  proposed,
  started,
  untilBudget,
} from './cycle-fixtures';

/**
 * Expected dates are worked out by hand from ALE_CALENDAR_2027 and the rules phase-plan.ts documents:
 * omvärldsanalys due 14 days after the omvärldsdag; delårsrapport due 21 days before KS's report to KF,
 * but at least 14 and at most 30 days after the period's end; årsrapport due 30 days before the annual
 * report to KF, but not before 31 January N+1.
 */

const startedCycle = cycleData(started);
const KS = ALE_ORGAN.ks;
/** Every organ but KF takes part like a nämnd, in Ale's order. */
const PARTICIPANTS = ALE_ORGANS.filter((o) => o.kind !== 'council');
const COMMITTEES = ALE_ORGANS.filter((o) => o.kind === 'committee');

function tasksOf(phase: Phase, cycle: CycleData = startedCycle): TaskSpec[] {
  return phasePlan(phase, cycle).flatMap((s) => (s.kind === 'tasks' ? s.tasks : []));
}

function gatesOf(phase: Phase, cycle: CycleData = startedCycle): Gate[] {
  return phasePlan(phase, cycle).flatMap((s) => (s.kind === 'gate' ? [s.gate] : []));
}

function gate(phase: Phase, id: string): Gate {
  const found = gatesOf(phase).find((g) => g.id === id);
  if (!found) throw new Error(`phase ${phase} has no gate ${id}`);
  return found;
}

/** The stages of a phase as `tasks:<kind>` or `gate:<id>`, to check their order. */
function stageOutline(phase: Phase, cycle: CycleData = startedCycle): string[] {
  return phasePlan(phase, cycle).map((s) =>
    s.kind === 'gate' ? `gate:${s.gate.id}` : `tasks:${[...new Set(s.tasks.map((t) => t.kind))].join(',')}`,
  );
}

/** The same cycle started with some calendar dates replaced (the decider validates the calendar). */
function startedWith(calendar: Partial<typeof ALE_CALENDAR_2027>): CycleData {
  return afterCommands(initialCycleState(), [
    { ...aleStartCycle2027(), calendar: { ...ALE_CALENDAR_2027, ...calendar } },
  ]);
}

const changeDate = (milestone: string, date: string) => ({
  type: 'ChangeCalendarDate',
  ...meta,
  milestone,
  date,
  reason: 'Sammanträdesplanen ändrad',
});

describe('phaseOpensOn', () => {
  it('opens each phase on its calendar date; the omvärldsdag as soon as the cycle starts', () => {
    expect(PHASES.map((p) => [p, phaseOpensOn(p, startedCycle)])).toEqual([
      ['omvarldsdag', null],
      ['nulagesanalys', '2026-02-09'],
      ['tillitsdialog', '2026-04-27'],
      // The budget phase opens when the dialogues end; the bokslut on the budget year's last day.
      ['budget', '2026-06-05'],
      ['delarsbokslut', '2027-08-31'],
      ['bokslut', '2027-12-31'],
    ]);
  });

  it('follows a changed calendar date', () => {
    const moved = afterCommands(startedCycle, [changeDate('tillitsdialog.start', '2026-05-04')]);
    expect(phaseOpensOn('tillitsdialog', moved)).toBe('2026-05-04');
    expect(phaseOpensOn('tillitsdialog', startedCycle)).toBe('2026-04-27');
  });
});

describe('phasePlan: tasks', () => {
  it('omvärldsdag: KS writes the omvärldsanalys, due two weeks after the day', () => {
    expect(phasePlan('omvarldsdag', startedCycle)).toEqual([
      {
        kind: 'tasks',
        tasks: [
          {
            taskId: 'ale.2027.omvarldsanalys.ale-ks',
            kind: 'omvarldsanalys',
            organId: KS,
            title: 'Omvärldsanalys 2027 (omvärldsdag 2026-02-05)',
            dueDate: '2026-02-19',
            // The analyses feed KS's budget proposal, so they may not move past its date.
            legalLimit: '2026-10-27',
          },
        ],
      },
    ]);
  });

  it('omvärldsdag: the due date moves with the day', () => {
    const moved = afterCommands(startedCycle, [changeDate('omvarldsdag.date', '2026-01-29')]);
    expect(tasksOf('omvarldsdag', moved)).toMatchObject([
      { title: 'Omvärldsanalys 2027 (omvärldsdag 2026-01-29)', dueDate: '2026-02-12' },
    ]);
  });

  it('nulägesanalys: every organ but KF, due on the calendar date, limited by the budget proposal', () => {
    const tasks = tasksOf('nulagesanalys');
    expect(tasks.map((t) => t.organId)).toEqual([
      ALE_ORGAN.ks,
      ALE_ORGAN.bun,
      ALE_ORGAN.kfn,
      ALE_ORGAN.sbn,
      ALE_ORGAN.sn,
      ALE_ORGAN.alebyggen,
      ALE_ORGAN.fjarrvarme,
    ]);
    expect(tasks[1]).toEqual({
      taskId: 'ale.2027.nulagesanalys.ale-bun',
      kind: 'nulagesanalys',
      organId: ALE_ORGAN.bun,
      title: 'Nulägesanalys 2027 – Barn- och utbildningsnämnden',
      dueDate: '2026-04-17',
      legalLimit: '2026-10-27',
    });
    expect(new Set(tasks.map((t) => `${t.dueDate} ${t.legalLimit}`))).toEqual(
      new Set(['2026-04-17 2026-10-27']),
    );
  });

  it('the analysis and dialogue tasks are limited by a moved budget proposal date', () => {
    const moved = afterCommands(startedCycle, [changeDate('budget.ksProposal', '2026-10-20')]);
    for (const phase of ['omvarldsdag', 'nulagesanalys', 'tillitsdialog'] as const) {
      expect(tasksOf(phase, moved).map((t) => t.legalLimit)).toEqual(tasksOf(phase).map(() => '2026-10-20'));
    }
  });

  it('tillitsdialog: KS records one dialogue with each other organ, numbered by the organ', () => {
    const tasks = tasksOf('tillitsdialog');
    expect(tasks.map((t) => [t.taskId, t.title])).toEqual([
      ['ale.2027.tillitsdialog.ale-ks.1', 'Tillitsdialog 2027: KS – Barn- och utbildningsnämnden'],
      ['ale.2027.tillitsdialog.ale-ks.2', 'Tillitsdialog 2027: KS – Kultur- och fritidsnämnden'],
      ['ale.2027.tillitsdialog.ale-ks.3', 'Tillitsdialog 2027: KS – Samhällsbyggnadsnämnden'],
      ['ale.2027.tillitsdialog.ale-ks.4', 'Tillitsdialog 2027: KS – Socialnämnden'],
      ['ale.2027.tillitsdialog.ale-ks.5', 'Tillitsdialog 2027: KS – AB Alebyggen'],
      ['ale.2027.tillitsdialog.ale-ks.6', 'Tillitsdialog 2027: KS – Ale Fjärrvärme AB'],
    ]);
    for (const t of tasks) {
      expect(t).toMatchObject({
        kind: 'tillitsdialog',
        organId: KS,
        dueDate: '2026-06-05',
        legalLimit: '2026-10-27',
      });
    }
  });

  it('budget: each nämnd adopts its verksamhetsplan by the calendar date, with no legal limit', () => {
    expect(tasksOf('budget')).toEqual(
      COMMITTEES.map((o) => ({
        taskId: `ale.2027.verksamhetsplan.${o.organId}`,
        kind: 'verksamhetsplan',
        organId: o.organId,
        title: `Verksamhetsplan 2027 – ${o.name}`,
        dueDate: '2026-12-15',
        legalLimit: null,
      })),
    );
  });

  it('delårsbokslut: every organ but KF reports 21 days before KS reports to KF, at most 30 days after the period', () => {
    const tasks = tasksOf('delarsbokslut');
    expect(tasks.map((t) => t.organId)).toEqual(PARTICIPANTS.map((o) => o.organId));
    // 25 Oct − 21 days = 4 Oct, later than 31 Aug + 30 days = 30 Sep: capped at 30 Sep.
    // The law: KS hands the report to KF within two months of the period's end (31 Oct).
    expect(tasks[0]).toEqual({
      taskId: 'ale.2027.delarsrapport.ale-ks',
      kind: 'delarsrapport',
      organId: KS,
      title: 'Delårsrapport 2027 – Kommunstyrelsen',
      dueDate: '2027-09-30',
      legalLimit: '2027-10-31',
    });
  });

  it('delårsbokslut: 21 days before the report to KF, but never sooner than 14 days after the period', () => {
    const dueWith = (reportToKf: string) =>
      tasksOf(
        'delarsbokslut',
        afterCommands(startedCycle, [changeDate('delarsbokslut.reportToKf', reportToKf)]),
      )[0]?.dueDate;
    expect(dueWith('2027-10-10')).toBe('2027-09-19');
    // 20 Sep − 21 days = 30 Aug, before the period ends: 31 Aug + 14 days.
    expect(dueWith('2027-09-20')).toBe('2027-09-14');
  });

  it('delårsbokslut: a half-year period end moves the due date and the legal limit', () => {
    const cycle = startedWith({ delarsbokslut: { periodEnd: '2027-06-30', reportToKf: '2027-08-25' } });
    // 25 Aug − 21 days = 4 Aug, capped at 30 Jun + 30 days = 30 Jul; two months after 30 Jun is 30 Aug.
    expect(tasksOf('delarsbokslut', cycle)[0]).toMatchObject({
      dueDate: '2027-07-30',
      legalLimit: '2027-08-30',
    });
    expect(phaseOpensOn('delarsbokslut', cycle)).toBe('2027-06-30');
  });

  it('bokslut: every organ but KF reports 30 days before the annual report goes to KF', () => {
    const tasks = tasksOf('bokslut');
    expect(tasks.map((t) => t.organId)).toEqual(PARTICIPANTS.map((o) => o.organId));
    // 31 Mar 2028 − 30 days = 1 Mar (2028 is a leap year); the law: 15 April N+1.
    expect(tasks[6]).toEqual({
      taskId: 'ale.2027.arsrapport.ale-fjarrvarme',
      kind: 'arsrapport',
      organId: ALE_ORGAN.fjarrvarme,
      title: 'Årsrapport 2027 – Ale Fjärrvärme AB',
      dueDate: '2028-03-01',
      legalLimit: '2028-04-15',
    });
  });

  it('bokslut: never due before 31 January after the budget year', () => {
    const moved = afterCommands(startedCycle, [changeDate('bokslut.annualReportToKf', '2028-02-15')]);
    expect(tasksOf('bokslut', moved).map((t) => t.dueDate)).toEqual(PARTICIPANTS.map(() => '2028-01-31'));
  });
});

describe('phasePlan: stages and gates', () => {
  it('orders the stages of each phase', () => {
    expect(PHASES.map((p) => [p, stageOutline(p)])).toEqual([
      ['omvarldsdag', ['tasks:omvarldsanalys']],
      ['nulagesanalys', ['tasks:nulagesanalys']],
      ['tillitsdialog', ['tasks:tillitsdialog', 'gate:dialogues-reported']],
      [
        'budget',
        ['gate:budget-proposed', 'gate:budget-adopted', 'tasks:verksamhetsplan', 'gate:plans-adopted'],
      ],
      ['delarsbokslut', ['tasks:delarsrapport', 'gate:interim-submitted', 'gate:interim-treated']],
      ['bokslut', ['tasks:arsrapport', 'gate:annual-submitted', 'gate:annual-approved', 'gate:discharge']],
    ]);
  });

  it('gives each gate its deadline from the calendar', () => {
    const deadlines = PHASES.flatMap((p) => gatesOf(p).map((g) => [g.id, g.deadline]));
    expect(deadlines).toEqual([
      // 30 days after the dialogues end on 5 June.
      ['dialogues-reported', '2026-07-05'],
      ['budget-proposed', '2026-10-27'],
      ['budget-adopted', '2026-11-23'],
      ['plans-adopted', '2026-12-15'],
      ['interim-submitted', '2027-10-25'],
      // KF treats the interim report when it meets; the calendar sets no date.
      ['interim-treated', null],
      ['annual-submitted', '2028-03-31'],
      ['annual-approved', '2028-04-24'],
      ['discharge', '2028-06-12'],
    ]);
    for (const g of PHASES.flatMap((p) => gatesOf(p))) expect(g.label).not.toBe('');
  });

  it('dialogues-reported: satisfied once KF has had the outcomes reported', () => {
    const atDialogues = afterCommands(startedCycle, [
      open('omvarldsdag'),
      open('nulagesanalys'),
      open('tillitsdialog'),
    ]);
    const reported = afterCommands(atDialogues, [
      {
        type: 'ReportDialogueOutcomes',
        ...meta,
        decision: kf('2026-06-15', 'Tillitsdialogernas resultat'),
        dialogueTaskIds: ['ale.2027.tillitsdialog.ale-ks.1'],
      },
    ]);
    const reportedGate = gate('tillitsdialog', 'dialogues-reported');
    expect(reportedGate.satisfied(atDialogues)).toBe(false);
    expect(reportedGate.satisfied(reported)).toBe(true);
  });

  it('budget gates: satisfied once KS has proposed and KF has adopted', () => {
    const proposedGate = gate('budget', 'budget-proposed');
    const adoptedGate = gate('budget', 'budget-adopted');
    expect([proposedGate, adoptedGate].map((g) => g.satisfied(cycleData(untilBudget)))).toEqual([
      false,
      false,
    ]);
    expect([proposedGate, adoptedGate].map((g) => g.satisfied(cycleData(proposed)))).toEqual([true, false]);
    expect([proposedGate, adoptedGate].map((g) => g.satisfied(cycleData(adopted)))).toEqual([true, true]);
  });

  it('plans-adopted: satisfied once every nämnd has adopted its plan', () => {
    const plan = (organId: string, shortName: string) => ({
      type: 'RecordPlanAdoption',
      ...meta,
      organId,
      decision: decision(organId, shortName, '2026-12-10', 'Verksamhetsplan 2027'),
    });
    const [last, ...others] = [...COMMITTEES].reverse();
    if (!last) throw new Error('Ale has nämnder');
    const allButOne = afterCommands(cycleData(adopted), [
      plan(KS, 'KS'),
      ...others.map((o) => plan(o.organId, o.shortName)),
    ]);
    const plansGate = gate('budget', 'plans-adopted');
    expect(plansGate.satisfied(cycleData(adopted))).toBe(false);
    expect(plansGate.satisfied(allButOne)).toBe(false);
    expect(plansGate.satisfied(afterCommands(allButOne, [plan(last.organId, last.shortName)]))).toBe(true);
  });

  it('interim gates: satisfied once KS has submitted and KF has treated the report', () => {
    const submitted = afterCommands(cycleData(budgetDone), [
      { type: 'SubmitInterimReport', ...meta, decision: ks('2027-10-05'), periodEnd: '2027-08-31' },
    ]);
    const treated = afterCommands(submitted, [
      { type: 'TreatInterimReport', ...meta, decision: kf('2027-10-25') },
    ]);
    const gates = [gate('delarsbokslut', 'interim-submitted'), gate('delarsbokslut', 'interim-treated')];
    expect(gates.map((g) => g.satisfied(cycleData(budgetDone)))).toEqual([false, false]);
    expect(gates.map((g) => g.satisfied(submitted))).toEqual([true, false]);
    expect(gates.map((g) => g.satisfied(treated))).toEqual([true, true]);
  });

  it('bokslut gates: annual report submitted, approved, and discharge decided for KS and every nämnd', () => {
    const gates = ['annual-submitted', 'annual-approved', 'discharge'].map((id) => gate('bokslut', id));
    const beforeAnnualReport = cycleData(interimDone.slice(0, -1));
    const approved = cycleData(audited);
    const exceptSn = afterCommands(
      approved,
      [KS, ALE_ORGAN.bun, ALE_ORGAN.kfn, ALE_ORGAN.sbn].map((organId) => ({
        type: 'DecideDischarge',
        ...meta,
        organId,
        granted: true,
        decision: kf('2028-06-12', `Ansvarsfrihet ${organId}`),
      })),
    );
    expect(gates.map((g) => g.satisfied(beforeAnnualReport))).toEqual([false, false, false]);
    expect(gates.map((g) => g.satisfied(cycleData(interimDone)))).toEqual([true, false, false]);
    expect(gates.map((g) => g.satisfied(approved))).toEqual([true, true, false]);
    // Bolag are not subject to discharge, so Socialnämnden is the only one missing here.
    expect(gates.map((g) => g.satisfied(exceptSn))).toEqual([true, true, false]);
    expect(gates.map((g) => g.satisfied(cycleData(discharged)))).toEqual([true, true, true]);
  });
});

describe('plannedTasks', () => {
  it('lists every task of the cycle phase by phase, before any phase has opened', () => {
    const planned = plannedTasks(startedCycle);
    expect(planned.map((p) => [p.phase, p.label, p.tasks.length])).toEqual([
      ['omvarldsdag', 'Omvärldsdag', 1],
      ['nulagesanalys', 'Nulägesanalys', 7],
      ['tillitsdialog', 'Tillitsdialog', 6],
      ['budget', 'Budget', 4],
      ['delarsbokslut', 'Delårsbokslut', 7],
      ['bokslut', 'Bokslut', 7],
    ]);
    for (const p of planned) expect(p.tasks).toEqual(tasksOf(p.phase));
    const ids = planned.flatMap((p) => p.tasks.map((t) => t.taskId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives KF no task', () => {
    const organs = plannedTasks(startedCycle).flatMap((p) => p.tasks.map((t) => t.organId));
    expect(organs).not.toContain(ALE_ORGAN.kf);
  });
});
