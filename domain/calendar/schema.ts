import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { IsoDate, Year } from '../primitives';

/** The six phases of a cycle, in their order. */
export const PHASES = [
  'omvarldsdag',
  'nulagesanalys',
  'tillitsdialog',
  'budget',
  'delarsbokslut',
  'bokslut',
] as const;
export const Phase = lazySchema(() => z.enum(PHASES));
export type Phase = z.infer<typeof Phase>;

/** The dates of every phase of the cycle for budget year N (cycle calendar, årshjul). */
export const CycleCalendar = lazySchema(() =>
  z.object({
    budgetYear: Year,
    /** Omvärldsdag: the day KS arranges for all organs. */
    omvarldsdag: z.object({ date: IsoDate }),
    /** Nulägesanalys: tasks given out on `start`, due on `due`. */
    nulagesanalys: z.object({ start: IsoDate, due: IsoDate }),
    /** Tillitsdialog: the dialogue period. */
    tillitsdialog: z.object({ start: IsoDate, end: IsoDate }),
    budget: z.object({
      /** KS's budget proposal (budgetförslag). */
      ksProposal: IsoDate,
      /** Särskilda skäl: lets KS propose the budget in November (then the tax rate by 31 Oct). */
      specialReasons: z.boolean(),
      /** KS's proposal of the tax rate (skattesats); required when the budget proposal is in November. */
      taxRateProposal: IsoDate.nullable(),
      /** KF adopts the budget (fastställer budgeten). */
      kfAdoption: IsoDate,
      /** Each nämnd adopts its verksamhetsplan / internbudget. */
      planAdoption: IsoDate,
    }),
    /** Delårsbokslut. */
    delarsbokslut: z.object({
      /** Last day of the interim period (books closed). */
      periodEnd: IsoDate,
      /** KS hands the delårsrapport to KF and the auditors. */
      reportToKf: IsoDate,
    }),
    /** Bokslut. */
    bokslut: z.object({
      /** KS hands the årsredovisning to KF and the auditors. */
      annualReportToKf: IsoDate,
      /** KF approves the årsredovisning (godkänner). */
      kfApproval: IsoDate,
      /** KF decides on discharge (ansvarsfrihet). */
      discharge: IsoDate,
      /**
       * Revisorerna hand in their revisionsberättelse, before KF decides on discharge. Null only in
       * calendars of cycles started before it was planned: those cycles keep the rules they ran under.
       */
      auditReport: IsoDate.nullable().default(null),
    }),
  }),
);
export type CycleCalendar = z.infer<typeof CycleCalendar>;

/** Every date field of the calendar, as 'phase.field'. */
export const CALENDAR_MILESTONES = [
  'omvarldsdag.date',
  'nulagesanalys.start',
  'nulagesanalys.due',
  'tillitsdialog.start',
  'tillitsdialog.end',
  'budget.ksProposal',
  'budget.taxRateProposal',
  'budget.kfAdoption',
  'budget.planAdoption',
  'delarsbokslut.periodEnd',
  'delarsbokslut.reportToKf',
  'bokslut.annualReportToKf',
  'bokslut.kfApproval',
  'bokslut.discharge',
  'bokslut.auditReport',
] as const;
export const CalendarMilestone = lazySchema(() => z.enum(CALENDAR_MILESTONES));
export type CalendarMilestone = z.infer<typeof CalendarMilestone>;

/** Swedish labels of the milestones, for messages shown to users. */
export const MILESTONE_LABELS_SV: { readonly [M in CalendarMilestone]: string } = {
  'omvarldsdag.date': 'omvärldsdagen',
  'nulagesanalys.start': 'nulägesanalysens start',
  'nulagesanalys.due': 'sista dag för nulägesanalysen',
  'tillitsdialog.start': 'tillitsdialogernas start',
  'tillitsdialog.end': 'tillitsdialogernas slut',
  'budget.ksProposal': 'kommunstyrelsens budgetförslag',
  'budget.taxRateProposal': 'förslaget till skattesats',
  'budget.kfAdoption': 'fullmäktiges fastställande av budgeten',
  'budget.planAdoption': 'nämndernas antagande av verksamhetsplaner',
  'delarsbokslut.periodEnd': 'delårsperiodens slut',
  'delarsbokslut.reportToKf': 'delårsrapporten till fullmäktige',
  'bokslut.annualReportToKf': 'årsredovisningen till fullmäktige och revisorerna',
  'bokslut.kfApproval': 'fullmäktiges godkännande av årsredovisningen',
  'bokslut.discharge': 'beslutet om ansvarsfrihet',
  'bokslut.auditReport': 'revisorernas revisionsberättelse',
};

/** The phase a milestone belongs to. */
export function phaseOfMilestone(milestone: CalendarMilestone): Phase {
  return Phase.parse(milestone.split('.')[0]);
}

/** The date of a milestone (null for an absent tax-rate proposal or an unplanned auditors' report). */
export function milestoneDate(cal: CycleCalendar, milestone: CalendarMilestone): IsoDate | null {
  const [phase, field] = milestone.split('.') as [Phase, string];
  const group = cal[phase] as Record<string, unknown>;
  const value = group[field];
  return typeof value === 'string' ? value : null;
}

/** A copy of the calendar with one milestone moved. */
export function withMilestoneDate(
  cal: CycleCalendar,
  milestone: CalendarMilestone,
  date: IsoDate | null,
): CycleCalendar {
  const [phase, field] = milestone.split('.') as [Phase, string];
  return { ...cal, [phase]: { ...cal[phase], [field]: date } };
}

/** All milestones with their dates, sorted by date: what a workflow schedules timers on. */
export function milestoneSchedule(
  cal: CycleCalendar,
): { milestone: CalendarMilestone; phase: Phase; date: IsoDate }[] {
  return CALENDAR_MILESTONES.flatMap((milestone) => {
    const date = milestoneDate(cal, milestone);
    return date === null ? [] : [{ milestone, phase: phaseOfMilestone(milestone), date }];
  }).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
