/**
 * What each phase consists of, derived purely from the cycle's state: stages of tasks given to organs,
 * and gates that wait for decisions (§) recorded on the cycle. Deterministic, so workflow code can use it.
 */
import { addDays, compareDates } from '../calendar/dates';
import { PHASES, type Phase } from '../calendar/schema';
import { isSubjectToDischarge, takesPartInCycle } from '../municipality/organ';
import type { IsoDate } from '../primitives';
import { makeTaskId } from '../streams';
import type { TaskKind } from '../task/kinds';
import { dueDateLimit } from '../task/limits';
import { recoveryPlanInPlace } from './decide-balance';
import { phaseLabel } from './guards';
import type { CycleData } from './state';

export interface TaskSpec {
  taskId: string;
  kind: TaskKind;
  organId: string;
  title: string;
  dueDate: IsoDate;
  /** The latest due date the law allows for the kind (the domain's dueDateLimit). */
  legalLimit: IsoDate | null;
}

export interface Gate {
  id: string;
  /** Swedish: what the phase waits for. */
  label: string;
  /** When the decision is due by the calendar; after it the process owners are notified. */
  deadline: IsoDate | null;
  satisfied(cycle: CycleData): boolean;
}

export type Stage = { kind: 'tasks'; tasks: TaskSpec[] } | { kind: 'gate'; gate: Gate };

const minDate = (a: IsoDate, b: IsoDate) => (compareDates(a, b) <= 0 ? a : b);
const maxDate = (a: IsoDate, b: IsoDate) => (compareDates(a, b) >= 0 ? a : b);

function organsWhere(cycle: CycleData, keep: (kind: CycleData['organs'][string]['kind']) => boolean) {
  return Object.values(cycle.organs).filter((o) => keep(o.kind));
}

function organOfKind(cycle: CycleData, kind: 'council' | 'executive_board') {
  const organ = Object.values(cycle.organs).find((o) => o.kind === kind);
  if (!organ) throw new Error(`the cycle has no ${kind}`);
  return organ;
}

/**
 * Makes the phase's task specs. The legal limit depends only on the kind and the calendar, and its
 * date arithmetic (luxon, in Stockholm time) cost more than all the rest of a plan: worked out once per
 * kind and plan, not once per organ. A plan for 100 organs took seconds, and workflows ask for plans
 * in their queries and conditions (a cycle's workflow task then overran its 5 s limit for ever).
 */
function taskMaker(cycle: CycleData) {
  const limits = new Map<TaskKind, IsoDate | null>();
  const limitOf = (kind: TaskKind) => {
    if (!limits.has(kind)) limits.set(kind, dueDateLimit(kind, cycle.calendar));
    return limits.get(kind) ?? null;
  };
  return (kind: TaskKind, organId: string, title: string, dueDate: IsoDate, seq?: number): TaskSpec => ({
    taskId: makeTaskId({
      municipalityId: cycle.municipalityId,
      budgetYear: cycle.budgetYear,
      kind,
      organId,
      ...(seq === undefined ? {} : { seq }),
    }),
    kind,
    organId,
    title,
    dueDate,
    legalLimit: limitOf(kind),
  });
}

/**
 * The tillitsdialog tasks' numbers: each organ's place among the cycle's participants. Once an organ has
 * been removed the places are those of every organ the cycle has had (organOrder), so the others' task
 * ids (their workflow ids) do not shift.
 */
function dialogueSeqs(cycle: CycleData): Map<string, number> {
  const ids = cycle.organOrder ?? Object.keys(cycle.organs);
  const seqs = new Map<string, number>();
  let place = 0;
  for (const id of ids) {
    const o = cycle.organs[id] ?? cycle.removedOrgans?.[id];
    if (o === undefined || !takesPartInCycle(o.kind)) continue;
    if (!seqs.has(o.organId)) seqs.set(o.organId, place);
    place++;
  }
  return seqs;
}

/** The date a phase opens on; null = as soon as the previous phase has opened. */
export function phaseOpensOn(phase: Phase, cycle: CycleData): IsoDate | null {
  const cal = cycle.calendar;
  switch (phase) {
    case 'omvarldsdag':
      return null;
    case 'nulagesanalys':
      return cal.nulagesanalys.start;
    case 'tillitsdialog':
      return cal.tillitsdialog.start;
    case 'budget':
      return cal.tillitsdialog.end;
    case 'delarsbokslut':
      return cal.delarsbokslut.periodEnd;
    case 'bokslut':
      return `${cycle.budgetYear}-12-31`;
  }
}

/** The stages of a phase, in order. */
export function phasePlan(phase: Phase, cycle: CycleData): Stage[] {
  const cal = cycle.calendar;
  const year = cycle.budgetYear;
  const ks = organOfKind(cycle, 'executive_board');
  const participants = organsWhere(cycle, takesPartInCycle);
  const committees = organsWhere(cycle, (k) => k === 'committee');
  const task = taskMaker(cycle);
  const gate = (
    id: string,
    label: string,
    deadline: IsoDate | null,
    satisfied: (c: CycleData) => boolean,
  ): Stage => ({
    kind: 'gate',
    gate: { id, label, deadline, satisfied },
  });

  switch (phase) {
    case 'omvarldsdag':
      return [
        {
          kind: 'tasks',
          tasks: [
            task(
              'omvarldsanalys',
              ks.organId,
              `Omvärldsanalys ${year} (omvärldsdag ${cal.omvarldsdag.date})`,
              addDays(cal.omvarldsdag.date, 14),
            ),
          ],
        },
      ];
    case 'nulagesanalys':
      return [
        {
          kind: 'tasks',
          tasks: participants.map((o) =>
            task('nulagesanalys', o.organId, `Nulägesanalys ${year} – ${o.name}`, cal.nulagesanalys.due),
          ),
        },
      ];
    case 'tillitsdialog': {
      const seqs = dialogueSeqs(cycle);
      return [
        {
          kind: 'tasks',
          // KS holds a tillitsdialog with each organ (uppsiktsplikt, KL 6 kap 1 §); KS's secretaries record them.
          tasks: participants
            .filter((o) => o.organId !== ks.organId)
            .map((o) =>
              task(
                'tillitsdialog',
                ks.organId,
                `Tillitsdialog ${year}: KS – ${o.name}`,
                cal.tillitsdialog.end,
                seqs.get(o.organId) ?? -1,
              ),
            ),
        },
        gate(
          'dialogues-reported',
          'Tillitsdialogernas resultat redovisade för kommunfullmäktige',
          addDays(cal.tillitsdialog.end, 30),
          (c) => c.dialogueReports.length > 0,
        ),
      ];
    }
    case 'budget':
      return [
        gate(
          'budget-proposed',
          'Kommunstyrelsens budgetförslag',
          cal.budget.ksProposal,
          (c) => c.budget.proposal !== null,
        ),
        gate(
          'budget-adopted',
          'Kommunfullmäktiges beslut om budget',
          cal.budget.kfAdoption,
          (c) => c.budget.adoption !== null,
        ),
        {
          kind: 'tasks',
          tasks: committees.map((o) =>
            task(
              'verksamhetsplan',
              o.organId,
              `Verksamhetsplan ${year} – ${o.name}`,
              cal.budget.planAdoption,
            ),
          ),
        },
        gate('plans-adopted', 'Nämndernas beslut om verksamhetsplan', cal.budget.planAdoption, (c) =>
          committees.every((o) => c.planAdoptions[o.organId] !== undefined),
        ),
      ];
    case 'delarsbokslut': {
      // Organs report in time for KS to consolidate before it hands the report to KF (KL 11 kap 16 §).
      const due = maxDate(
        addDays(cal.delarsbokslut.periodEnd, 14),
        minDate(addDays(cal.delarsbokslut.reportToKf, -21), addDays(cal.delarsbokslut.periodEnd, 30)),
      );
      return [
        {
          kind: 'tasks',
          tasks: participants.map((o) =>
            task('delarsrapport', o.organId, `Delårsrapport ${year} – ${o.name}`, due),
          ),
        },
        gate(
          'interim-submitted',
          'Kommunstyrelsens delårsrapport till fullmäktige och revisorerna',
          cal.delarsbokslut.reportToKf,
          (c) => c.interimReport.submitted !== null,
        ),
        gate(
          'interim-treated',
          'Kommunfullmäktiges behandling av delårsrapporten',
          null,
          (c) => c.interimReport.treated !== null,
        ),
      ];
    }
    case 'bokslut': {
      const due = maxDate(`${year + 1}-01-31`, addDays(cal.bokslut.annualReportToKf, -30));
      const dischargeOrgans = organsWhere(cycle, isSubjectToDischarge);
      return [
        {
          kind: 'tasks',
          tasks: participants.map((o) =>
            task('arsrapport', o.organId, `Årsrapport ${year} – ${o.name}`, due),
          ),
        },
        gate(
          'annual-submitted',
          'Kommunstyrelsens årsredovisning till fullmäktige och revisorerna',
          cal.bokslut.annualReportToKf,
          (c) => c.annualReport.submitted !== null,
        ),
        gate(
          'annual-approved',
          'Kommunfullmäktiges godkännande av årsredovisningen',
          cal.bokslut.kfApproval,
          (c) => c.annualReport.approved !== null,
        ),
        // A negative balanskravsresultat keeps the phase open until KF adopts its åtgärdsplan.
        gate(
          'discharge',
          'Kommunfullmäktiges beslut om ansvarsfrihet',
          cal.bokslut.discharge,
          (c) =>
            dischargeOrgans.every((o) => c.discharges[o.organId] !== undefined) && recoveryPlanInPlace(c),
        ),
      ];
    }
  }
}

/** Every task a cycle will give out, phase by phase (for queries and inboxes before a phase opens). */
export function plannedTasks(cycle: CycleData): { phase: Phase; label: string; tasks: TaskSpec[] }[] {
  return PHASES.map((phase) => ({
    phase,
    label: phaseLabel(phase),
    tasks: phasePlan(phase, cycle).flatMap((s) => (s.kind === 'tasks' ? s.tasks : [])),
  }));
}
