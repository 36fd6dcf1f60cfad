import { z } from 'zod';
import { CalendarMilestone, CycleCalendar, Phase } from '../calendar/schema';
import { Decision } from '../decision';
import { lazyDiscriminatedUnion, lazySchema } from '../lazy-schema';
import { Ore } from '../money';
import { CommandMeta, Id, IsoDate, Text, Year } from '../primitives';
import { BudgetContent } from '../task/content';
import { BalanceExemption, DischargeMember, RecoveryMeasure } from './balance-schemas';
import { AuditFinding, CycleClockRecord, CycleOrgan, DialogueFormat } from './events';

const command = <const T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...CommandMeta, ...shape });

export const StartCycle = lazySchema(() =>
  command('StartCycle', {
    municipalityId: Id,
    budgetYear: Year,
    calendar: CycleCalendar,
    /** The organs (from the municipality aggregate): KF, KS, nämnder, bolag. */
    organs: z.array(CycleOrgan).min(2),
    /** The clock the cycle's workflow resolved at its start, stored with the start. */
    clock: CycleClockRecord.optional(),
  }),
);
export const OpenPhase = lazySchema(() => command('OpenPhase', { phase: Phase }));
export const ClosePhase = lazySchema(() => command('ClosePhase', { phase: Phase }));
export const ChangeCalendarDate = lazySchema(() =>
  command('ChangeCalendarDate', {
    milestone: CalendarMilestone,
    date: IsoDate.nullable(),
    reason: Text,
  }),
);
export const RecordDecision = lazySchema(() => command('RecordDecision', { decision: Decision }));
export const ReportDialogueOutcomes = lazySchema(() =>
  command('ReportDialogueOutcomes', {
    decision: Decision,
    dialogueTaskIds: z.array(Id).min(1),
  }),
);
export const RecordSpecialReasons = lazySchema(() =>
  command('RecordSpecialReasons', { decision: Decision, reasons: Text }),
);
export const ProposeTaxRate = lazySchema(() =>
  command('ProposeTaxRate', {
    decision: Decision,
    taxRateOre: z
      .number({ error: 'Skattesatsen anges i öre per 100 kr, t.ex. 2223 för 22,23 kr' })
      .int({ error: 'Skattesatsen anges i hela öre per 100 kr, t.ex. 2223 för 22,23 kr' })
      .positive({ error: 'Skattesatsen måste vara större än noll' }),
  }),
);
export const ProposeBudget = lazySchema(() =>
  command('ProposeBudget', {
    decision: Decision,
    ...BudgetContent.shape,
    balanceExemption: BalanceExemption.optional(),
  }),
);
export const AdoptBudget = lazySchema(() =>
  command('AdoptBudget', {
    decision: Decision,
    ...BudgetContent.shape,
    balanceExemption: BalanceExemption.optional(),
  }),
);
export const RecordPlanAdoption = lazySchema(() =>
  command('RecordPlanAdoption', {
    organId: Id,
    decision: Decision,
    taskId: Id.nullable().default(null),
  }),
);
export const SubmitInterimReport = lazySchema(() =>
  command('SubmitInterimReport', { decision: Decision, periodEnd: IsoDate }),
);
export const TreatInterimReport = lazySchema(() => command('TreatInterimReport', { decision: Decision }));
export const SubmitAnnualReport = lazySchema(() =>
  command('SubmitAnnualReport', {
    decision: Decision,
    /** Balanskravsresultatet (LKBR 11 kap 10 §) in öre, when reported. */
    balanceResultOre: Ore.optional(),
  }),
);
/** KF's åtgärdsplan for a negative balanskravsresultat (KL 11 kap 12 §). */
export const AdoptRecoveryPlan = lazySchema(() =>
  command('AdoptRecoveryPlan', {
    decision: Decision,
    measures: z.array(RecoveryMeasure).min(1, { error: 'Åtgärdsplanen ska ha minst en åtgärd' }),
  }),
);
/** A nämnd's (or bolag's board's) decision on its own nulägesanalys. */
export const RecordAnalysisDecision = lazySchema(() =>
  command('RecordAnalysisDecision', {
    organId: Id,
    decision: Decision,
    taskId: Id.nullable().default(null),
  }),
);
/** Who attended the omvärldsdag, per organ of the cycle. */
export const RecordOmvarldsdagAttendance = lazySchema(() =>
  command('RecordOmvarldsdagAttendance', {
    attendance: z
      .array(z.object({ organId: Id, attendees: z.array(Text).default([]) }))
      .min(1, { error: 'Ange närvaron för minst ett organ' }),
  }),
);
export const ApproveAnnualReport = lazySchema(() => command('ApproveAnnualReport', { decision: Decision }));
/** Revisorerna's revisionsberättelse (sent by an auditor of the municipality). */
export const SubmitAuditReport = lazySchema(() =>
  command('SubmitAuditReport', {
    date: IsoDate,
    findings: z.array(AuditFinding).min(1, { error: 'Revisionsberättelsen ska pröva minst ett organ' }),
  }),
);
export const DecideDischarge = lazySchema(() =>
  command('DecideDischarge', {
    organId: Id,
    granted: z.boolean(),
    decision: Decision,
    /** KF's anmärkning against the nämnd as a whole, with its reason. */
    remark: z.object({ reason: Text }).optional(),
    /** Discharge per member (ledamot), when KF tries them one by one. */
    members: z.array(DischargeMember).optional(),
  }),
);
export const CloseCycle = lazySchema(() => command('CloseCycle', {}));
/** A process owner schedules a tillitsdialog between KS and an organ (rule dialogue.scheduled). */
export const ScheduleDialogue = lazySchema(() =>
  command('ScheduleDialogue', {
    dialogueId: Id,
    organId: Id,
    date: IsoDate,
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Tid skrivs TT:MM, t.ex. 13:30' }),
    place: Text,
    format: DialogueFormat,
  }),
);

/** Sent by the phase's gate timer only, never by a person (not a person command). */
export const RecordDecisionOverdue = lazySchema(() =>
  command('RecordDecisionOverdue', {
    gateId: Id,
    label: Text,
    deadline: IsoDate,
  }),
);

/**
 * Sent by the cycle itself when its municipality's organisation changed (never by a person): the
 * organs that take part now and those removed, as the municipality's stream has them.
 */
export const FollowOrganisation = lazySchema(() =>
  command('FollowOrganisation', {
    organs: z.array(CycleOrgan),
    removed: z.array(z.object({ organId: Id, reason: Text })),
  }),
);

export const CycleCommand = lazyDiscriminatedUnion('type', () => ({
  StartCycle,
  OpenPhase,
  ClosePhase,
  ChangeCalendarDate,
  RecordDecision,
  ReportDialogueOutcomes,
  RecordSpecialReasons,
  ProposeTaxRate,
  ProposeBudget,
  AdoptBudget,
  RecordPlanAdoption,
  SubmitInterimReport,
  TreatInterimReport,
  SubmitAnnualReport,
  AdoptRecoveryPlan,
  RecordAnalysisDecision,
  RecordOmvarldsdagAttendance,
  ApproveAnnualReport,
  SubmitAuditReport,
  DecideDischarge,
  CloseCycle,
  ScheduleDialogue,
  RecordDecisionOverdue,
  FollowOrganisation,
}));
export type CycleCommand = z.infer<typeof CycleCommand>;
export type CycleCommandInput = z.input<typeof CycleCommand>;
