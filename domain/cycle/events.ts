import { z } from 'zod';
import { CalendarMilestone, CycleCalendar, Phase } from '../calendar/schema';
import { Decision } from '../decision';
import { defineEvent } from '../event-schema';
import { lazySchema } from '../lazy-schema';
import { Ore } from '../money';
import { OrganKind } from '../municipality/organ';
import { Id, IsoDate, Text, Year } from '../primitives';
import { BudgetContent } from '../task/content';
import { BalanceExemption, DischargeMember, RecoveryMeasure } from './balance-schemas';
import { Deviations } from './deviations';

/** An organ taking part in the cycle, as known when the cycle started. */
export const CycleOrgan = lazySchema(() =>
  z.object({
    organId: Id,
    kind: OrganKind,
    name: Text,
    shortName: z.string().min(1),
  }),
);
export type CycleOrgan = z.infer<typeof CycleOrgan>;

/**
 * How the cycle's domain time maps to workflow time (workflows/clock.ts ResolvedClock), fixed when the
 * cycle starts. Stored with the start so readers know the cycle's time without asking its workflow.
 */
export const CycleClockRecord = lazySchema(() =>
  z.object({
    anchorDomainMs: z.number(),
    anchorWorkflowMs: z.number(),
    speedup: z.number().positive(),
    segments: z
      .array(
        z.object({ fromDomainMs: z.number(), fromWorkflowMs: z.number(), speedup: z.number().positive() }),
      )
      .optional(),
  }),
);
export type CycleClockRecord = z.infer<typeof CycleClockRecord>;

export const CycleStarted = defineEvent('CycleStarted', 1, () => ({
  municipalityId: Id,
  budgetYear: Year,
  calendar: CycleCalendar,
  organs: z.array(CycleOrgan),
  /** Absent on cycles started before the clock was stored (their workflow alone knows it). */
  clock: CycleClockRecord.optional(),
}));
export const PhaseOpened = defineEvent('PhaseOpened', 1, () => ({ phase: Phase }));
export const PhaseClosed = defineEvent('PhaseClosed', 1, () => ({ phase: Phase }));
export const CalendarDateChanged = defineEvent('CalendarDateChanged', 1, () => ({
  milestone: CalendarMilestone,
  previousDate: IsoDate.nullable(),
  date: IsoDate.nullable(),
  reason: Text,
}));
export const DecisionRecorded = defineEvent('DecisionRecorded', 1, () => ({ decision: Decision }));
/** The outcomes of tillitsdialoger reported to KF (redovisning till fullmäktige). */
export const DialogueOutcomesReported = defineEvent('DialogueOutcomesReported', 1, () => ({
  decision: Decision,
  dialogueTaskIds: z.array(Id).min(1),
}));
/**
 * KS's särskilda skäl to prepare the budget proposal in November (KL 11 kap 8 §): the reasons and the
 * decision that states them. May be recorded after the cycle has started.
 */
export const SpecialReasonsRecorded = defineEvent('SpecialReasonsRecorded', 1, () => ({
  decision: Decision,
  reasons: Text,
}));
/** KS's proposal of the tax rate (skattesats), a decision of its own (due by 31 Oct with särskilda skäl). */
export const TaxRateProposed = defineEvent('TaxRateProposed', 1, () => ({
  decision: Decision,
  /** Öre per 100 kr of taxable income (2223 = 22,23 kr). */
  taxRateOre: z.number().int().positive(),
  deviations: Deviations,
}));
/**
 * KS's budget proposal. v3: amounts in öre (v2 had whole kronor; v1 a map of frames in thousands, tkr).
 */
export const BudgetProposed = defineEvent('BudgetProposed', 3, () => ({
  decision: Decision,
  ...BudgetContent.shape,
  /** Limits the proposal passed (recorded, not refused); absent in events stored before. */
  deviations: Deviations,
  /** Synnerliga skäl for a budget year in deficit; absent when the budget balances. */
  balanceExemption: BalanceExemption.optional(),
}));
/** KF's adoption of the budget (fastställd budget). v2: amounts in öre (v1: whole kronor). */
export const BudgetAdopted = defineEvent('BudgetAdopted', 2, () => ({
  decision: Decision,
  ...BudgetContent.shape,
  deviations: Deviations,
  /** KF's synnerliga skäl for a budget year in deficit (KL 11 kap 5 §); absent when it balances. */
  balanceExemption: BalanceExemption.optional(),
}));
/** A nämnd adopted its verksamhetsplan / internbudget. */
export const OrganPlanAdopted = defineEvent('OrganPlanAdopted', 1, () => ({
  organId: Id,
  decision: Decision,
  taskId: Id.nullable(),
}));
/** KS handed the delårsrapport to KF and the auditors. */
export const InterimReportSubmitted = defineEvent('InterimReportSubmitted', 1, () => ({
  decision: Decision,
  periodEnd: IsoDate,
  deviations: Deviations,
}));
/** KF treated the delårsrapport. */
export const InterimReportTreated = defineEvent('InterimReportTreated', 1, () => ({ decision: Decision }));
/** KS handed the årsredovisning to KF and the auditors. */
export const AnnualReportSubmitted = defineEvent('AnnualReportSubmitted', 1, () => ({
  decision: Decision,
  deviations: Deviations,
  /** Balanskravsresultatet in öre; absent where it was not reported (events stored before). */
  balanceResultOre: Ore.optional(),
}));
/** KF adopted an åtgärdsplan to restore a negative balanskravsresultat within three years. */
export const RecoveryPlanAdopted = defineEvent('RecoveryPlanAdopted', 1, () => ({
  decision: Decision,
  /** The deficit the plan restores (öre, positive). */
  deficitOre: Ore,
  measures: z.array(RecoveryMeasure).min(1),
}));
/** A nämnd (or a bolag's board) decided on its own nulägesanalys. */
export const AnalysisDecisionRecorded = defineEvent('AnalysisDecisionRecorded', 1, () => ({
  organId: Id,
  decision: Decision,
  taskId: Id.nullable(),
}));
/** Attendance at the omvärldsdag, per organ. */
export const OmvarldsdagAttendanceRecorded = defineEvent('OmvarldsdagAttendanceRecorded', 1, () => ({
  attendance: z.array(z.object({ organId: Id, attendees: z.array(Text) })).min(1),
}));
/** KF approved the årsredovisning. */
export const AnnualReportApproved = defineEvent('AnnualReportApproved', 1, () => ({ decision: Decision }));
/** The auditors' finding on one organ: tillstyrker or avstyrker ansvarsfrihet, and any anmärkning. */
export const AuditFinding = lazySchema(() =>
  z.object({
    organId: Id,
    /** grant: tillstyrker ansvarsfrihet; refuse: avstyrker. */
    recommendation: z.enum(['grant', 'refuse']),
    /** Anmärkning (a remark) with its reason, or null. */
    remark: z.object({ reason: Text }).nullable().default(null),
  }),
);
export type AuditFinding = z.infer<typeof AuditFinding>;
/** Revisorerna handed in their revisionsberättelse: a finding for every organ subject to discharge. */
export const AuditReportSubmitted = defineEvent('AuditReportSubmitted', 1, () => ({
  /** The day the auditors signed and handed it in. */
  date: IsoDate,
  findings: z.array(AuditFinding).min(1),
}));
/** KF granted or refused discharge (ansvarsfrihet) for one organ. */
export const DischargeDecided = defineEvent('DischargeDecided', 1, () => ({
  organId: Id,
  granted: z.boolean(),
  decision: Decision,
  deviations: Deviations,
  /** KF's anmärkning against the nämnd; absent when none was made. */
  remark: z.object({ reason: Text }).optional(),
  /** Discharge per member; absent when KF tried the nämnd as a whole. */
  members: z.array(DischargeMember).optional(),
}));
export const CycleClosed = defineEvent('CycleClosed', 1, () => ({}));
/** How a tillitsdialog is held: on site (på plats), digitally or both. */
export const DialogueFormat = lazySchema(() => z.enum(['on_site', 'digital', 'hybrid']));
/** A tillitsdialog between KS and an organ, scheduled before it is held (rule dialogue.scheduled). */
export const DialogueScheduled = defineEvent('DialogueScheduled', 1, () => ({
  dialogueId: Id,
  organId: Id,
  date: IsoDate,
  /** Local time in Europe/Stockholm, 'HH:MM'. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  place: Text,
  format: DialogueFormat,
}));

/**
 * A decision the cycle waits for was not recorded by its deadline (the end of that day, Stockholm time):
 * the phase's gate timer states it, so the process owners are told once (rule cycle.decision-overdue).
 */
export const DecisionOverdue = defineEvent('DecisionOverdue', 1, () => ({
  gateId: Id,
  label: Text,
  deadline: IsoDate,
}));

/**
 * The cycle follows its municipality's organisation (rule organ.change-during-cycle): an organ added
 * takes part from now on (the phases' tasks not yet given out), a renamed one keeps its id, a removed
 * one gives no more tasks and its open tasks are cancelled with the removal's reason.
 */
export const CycleOrganAdded = defineEvent('CycleOrganAdded', 1, () => ({ organ: CycleOrgan }));
export const CycleOrganRenamed = defineEvent('CycleOrganRenamed', 1, () => ({
  organId: Id,
  name: Text,
  shortName: z.string().min(1),
}));
export const CycleOrganRemoved = defineEvent('CycleOrganRemoved', 1, () => ({ organId: Id, reason: Text }));

export const CYCLE_EVENT_SCHEMAS = [
  CycleStarted,
  PhaseOpened,
  PhaseClosed,
  CalendarDateChanged,
  DecisionRecorded,
  DialogueOutcomesReported,
  SpecialReasonsRecorded,
  TaxRateProposed,
  BudgetProposed,
  BudgetAdopted,
  OrganPlanAdopted,
  InterimReportSubmitted,
  InterimReportTreated,
  AnnualReportSubmitted,
  RecoveryPlanAdopted,
  AnalysisDecisionRecorded,
  OmvarldsdagAttendanceRecorded,
  AnnualReportApproved,
  AuditReportSubmitted,
  DischargeDecided,
  CycleClosed,
  DialogueScheduled,
  DecisionOverdue,
  CycleOrganAdded,
  CycleOrganRenamed,
  CycleOrganRemoved,
] as const;

export const CycleEvent = lazySchema(() => z.discriminatedUnion('type', CYCLE_EVENT_SCHEMAS));
export type CycleEvent = z.infer<typeof CycleEvent>;
