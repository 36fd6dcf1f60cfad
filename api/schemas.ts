import { z } from 'zod';
import { CycleCalendar } from '../domain/calendar/schema';
import {
  AdoptBudget,
  AdoptRecoveryPlan,
  ApproveAnnualReport,
  ChangeCalendarDate,
  DecideDischarge,
  ProposeBudget,
  ProposeTaxRate,
  RecordAnalysisDecision,
  RecordDecision,
  RecordOmvarldsdagAttendance,
  RecordPlanAdoption,
  RecordSpecialReasons,
  ReportDialogueOutcomes,
  ScheduleDialogue,
  SubmitAnnualReport,
  SubmitAuditReport,
  SubmitInterimReport,
  TreatInterimReport,
} from '../domain/cycle/commands';
import type { PersonCycleCommandType as CycleCommandType } from '../domain/cycle/person-commands';
import {
  AddActivity,
  AddDepartment,
  AddIndicator,
  AddOrgan,
  AdoptCouncilGoal,
  AdoptExternalFactor,
  AdoptOrganGoal,
  AssignAuditor,
  AssignProcessOwner,
  AssignSecretary,
  RecordExtraElection,
  RecordIndicatorValue,
  RegisterMunicipality,
  RemoveOrgan,
  RenameOrgan,
  SetValues,
  SetVision,
} from '../domain/municipality/commands';
import { Id, IsoDate, IsoInstant, Text, UserId, Year } from '../domain/primitives';

/** A command's schema as a request body: without `type`, `at` and `actor` (the API fills them in). */
const body = <S extends z.ZodObject>(schema: S) =>
  schema.omit({ type: true, at: true, actor: true }).strict();

export const MunicipalityParams = z.object({ municipalityId: Id });
export const CycleParams = MunicipalityParams.extend({ budgetYear: z.coerce.number().pipe(Year) });
export const TaskParams = MunicipalityParams.extend({ taskId: Id });
export const OrganParams = MunicipalityParams.extend({ organId: Id });
export const AsOfQuery = z.object({
  /** An instant or a date (a date means the end of that day, Stockholm time). */
  asOf: z.union([IsoInstant, IsoDate]).optional(),
});

export const RegisterMunicipalityBody = body(RegisterMunicipality);

/** A municipality command reachable over HTTP: its route and, for organ-level steering, its organ. */
export interface MunicipalityCommandRoute {
  type: string;
  path: string;
  summary: string;
  schema: z.ZodObject;
  /** Organ-level commands a secretary of that organ may send too. */
  organ?: (body: Record<string, unknown>, steering: OrganLookup) => string | undefined;
}

export interface OrganLookup {
  organGoals: Record<string, { organId: string }>;
  indicators: Record<string, { organGoalId: string }>;
}

const organOfGoal = (goalId: unknown, s: OrganLookup) =>
  typeof goalId === 'string' ? s.organGoals[goalId]?.organId : undefined;

export const MUNICIPALITY_COMMAND_ROUTES: readonly MunicipalityCommandRoute[] = [
  {
    type: 'AddOrgan',
    path: '/organs',
    summary: 'Lägg till ett organ (KF, KS, nämnd, bolag)',
    schema: body(AddOrgan),
  },
  {
    type: 'RenameOrgan',
    path: '/organs/renames',
    summary: 'Byt namn på ett organ (id, uppgifter och historik behålls)',
    schema: body(RenameOrgan),
  },
  {
    type: 'RemoveOrgan',
    path: '/organs/removals',
    summary: 'Ta bort ett organ (inte KF eller KS), med skäl',
    schema: body(RemoveOrgan),
  },
  {
    type: 'AddDepartment',
    path: '/departments',
    summary: 'Lägg till en sektor',
    schema: body(AddDepartment),
  },
  {
    type: 'AssignSecretary',
    path: '/secretaries',
    summary: 'Utse en nämndsekreterare för ett organ',
    schema: body(AssignSecretary),
  },
  {
    type: 'AssignProcessOwner',
    path: '/process-owners',
    summary: 'Utse en processägare',
    schema: body(AssignProcessOwner),
  },
  { type: 'AssignAuditor', path: '/auditors', summary: 'Utse en revisor', schema: body(AssignAuditor) },
  { type: 'SetVision', path: '/steering/vision', summary: 'Fastställ visionen', schema: body(SetVision) },
  { type: 'SetValues', path: '/steering/values', summary: 'Fastställ värdegrunden', schema: body(SetValues) },
  {
    type: 'AdoptCouncilGoal',
    path: '/steering/council-goals',
    summary: 'Anta ett riktningsmål',
    schema: body(AdoptCouncilGoal),
  },
  {
    type: 'AdoptExternalFactor',
    path: '/steering/external-factors',
    summary: 'Anta en omvärldsfaktor',
    schema: body(AdoptExternalFactor),
  },
  {
    type: 'AdoptOrganGoal',
    path: '/steering/organ-goals',
    summary: 'Anta ett nämndmål (kopplat till minst ett riktningsmål)',
    schema: body(AdoptOrganGoal),
    organ: (b) => (typeof b.organId === 'string' ? b.organId : undefined),
  },
  {
    type: 'AddIndicator',
    path: '/steering/indicators',
    summary: 'Lägg till en indikator under ett nämndmål',
    schema: body(AddIndicator),
    organ: (b, s) => organOfGoal(b.organGoalId, s),
  },
  {
    type: 'RecordIndicatorValue',
    path: '/steering/indicator-values',
    summary: 'Registrera ett uppmätt värde för en indikator',
    schema: body(RecordIndicatorValue),
    organ: (b, s) =>
      typeof b.indicatorId === 'string'
        ? organOfGoal(s.indicators[b.indicatorId]?.organGoalId, s)
        : undefined,
  },
  {
    type: 'AddActivity',
    path: '/steering/activities',
    summary: 'Lägg till en aktivitet under ett nämndmål',
    schema: body(AddActivity),
    organ: (b, s) => organOfGoal(b.organGoalId, s),
  },
  {
    type: 'RecordExtraElection',
    path: '/mandate/extra-elections',
    summary: 'Registrera ett extra val till fullmäktige (beslut, valdag, mandatperiodens början)',
    schema: body(RecordExtraElection),
  },
];

const Speedup = z.number().positive().max(10_000_000);

export const ClockBody = z
  .object({
    startAt: IsoInstant.optional(),
    speedup: Speedup.optional(),
    /** A piecewise-linear clock (workflows/clock.ts): from each instant on, its speedup; ascending. */
    segments: z
      .array(z.object({ from: IsoInstant, speedup: Speedup }).strict())
      .max(1_000)
      .optional(),
  })
  .strict()
  .superRefine((clock, ctx) => {
    // The workflow resolves the clock once at the cycle's start; an unordered plan must never reach it.
    let previous = clock.startAt ? Date.parse(clock.startAt) : Number.NEGATIVE_INFINITY;
    for (const [index, segment] of (clock.segments ?? []).entries()) {
      const from = Date.parse(segment.from);
      if (!(from > previous)) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index, 'from'],
          message: 'Klockans avsnitt ska börja efter startAt och efter föregående avsnitt',
        });
      }
      previous = from;
    }
  });

export const StartCycleBody = z
  .object({
    /** Defaults to the calendar's budget year; when given it must match it. */
    budgetYear: Year.optional(),
    calendar: CycleCalendar,
    /** Demo and tests only (see ApiDeps.allowClockOverride). */
    clock: ClockBody.optional(),
  })
  .strict();

/** A cycle command reachable over HTTP. */
export interface CycleCommandRoute {
  type: CycleCommandType;
  path: string;
  summary: string;
  schema: z.ZodObject;
}

export const CYCLE_COMMAND_ROUTES: readonly CycleCommandRoute[] = [
  {
    type: 'ChangeCalendarDate',
    path: '/calendar-changes',
    summary: 'Ändra ett datum i cykelns kalender',
    schema: body(ChangeCalendarDate),
  },
  {
    type: 'RecordDecision',
    path: '/decisions',
    summary: 'Registrera ett beslut (§)',
    schema: body(RecordDecision),
  },
  {
    type: 'ReportDialogueOutcomes',
    path: '/dialogue-reports',
    summary: 'Redovisa tillitsdialogerna för fullmäktige',
    schema: body(ReportDialogueOutcomes),
  },
  {
    type: 'ScheduleDialogue',
    path: '/dialogues',
    summary: 'Planera en tillitsdialog mellan kommunstyrelsen och ett organ (datum, tid, plats, form)',
    schema: body(ScheduleDialogue),
  },
  {
    type: 'RecordSpecialReasons',
    path: '/budget/special-reasons',
    summary: 'Kommunstyrelsens särskilda skäl för budgetförslag i november, med beslutet',
    schema: body(RecordSpecialReasons),
  },
  {
    type: 'ProposeTaxRate',
    path: '/budget/tax-rate-proposal',
    summary: 'Kommunstyrelsens förslag till skattesats (beslut)',
    schema: body(ProposeTaxRate),
  },
  {
    type: 'ProposeBudget',
    path: '/budget/proposal',
    summary: 'Kommunstyrelsens budgetförslag med ramar',
    schema: body(ProposeBudget),
  },
  {
    type: 'AdoptBudget',
    path: '/budget/adoption',
    summary: 'Fullmäktiges budgetbeslut med ramar',
    schema: body(AdoptBudget),
  },
  {
    type: 'RecordPlanAdoption',
    path: '/plan-adoptions',
    summary: 'Registrera att en nämnd antagit sin verksamhetsplan',
    schema: body(RecordPlanAdoption),
  },
  {
    type: 'SubmitInterimReport',
    path: '/interim-report',
    summary: 'Kommunstyrelsens delårsrapport',
    schema: body(SubmitInterimReport),
  },
  {
    type: 'TreatInterimReport',
    path: '/interim-report/treatment',
    summary: 'Fullmäktiges behandling av delårsrapporten',
    schema: body(TreatInterimReport),
  },
  {
    type: 'SubmitAnnualReport',
    path: '/annual-report',
    summary: 'Kommunstyrelsens årsredovisning',
    schema: body(SubmitAnnualReport),
  },
  {
    type: 'AdoptRecoveryPlan',
    path: '/balance/recovery-plan',
    summary: 'Fullmäktiges åtgärdsplan för ett negativt balanskravsresultat (KL 11 kap. 12 §)',
    schema: body(AdoptRecoveryPlan),
  },
  {
    type: 'RecordAnalysisDecision',
    path: '/analysis-decisions',
    summary: 'Registrera nämndens beslut om sin nulägesanalys',
    schema: body(RecordAnalysisDecision),
  },
  {
    type: 'RecordOmvarldsdagAttendance',
    path: '/omvarldsdag/attendance',
    summary: 'Registrera närvaron vid omvärldsdagen per organ',
    schema: body(RecordOmvarldsdagAttendance),
  },
  {
    type: 'ApproveAnnualReport',
    path: '/annual-report/approval',
    summary: 'Fullmäktiges godkännande av årsredovisningen',
    schema: body(ApproveAnnualReport),
  },
  {
    type: 'SubmitAuditReport',
    path: '/auditors-report',
    summary:
      'Revisorernas revisionsberättelse: tillstyrker eller avstyrker ansvarsfrihet per organ (revisor)',
    schema: body(SubmitAuditReport),
  },
  {
    type: 'DecideDischarge',
    path: '/discharges',
    summary: 'Fullmäktiges beslut om ansvarsfrihet för ett organ',
    schema: body(DecideDischarge),
  },
];

export const SubmitTaskBody = z.object({ content: z.record(z.string(), z.unknown()) }).strict();
export const ReturnTaskBody = z.object({ reason: Text }).strict();
export const ApproveTaskBody = z.object({}).strict();
export const ChangeDueDateBody = z.object({ dueDate: IsoDate, reason: Text }).strict();
export const CancelTaskBody = z.object({ reason: Text }).strict();

export const TaskListQuery = AsOfQuery.extend({
  budgetYear: z.coerce.number().pipe(Year).optional(),
  organId: Id.optional(),
  open: z.enum(['true', 'false']).optional(),
});

export const HistoryQuery = AsOfQuery.extend({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  stream: z.string().min(1).max(300).optional(),
});

export const VerifyQuery = z.object({ from: z.coerce.number().int().min(1).optional() });

export const UserIdParam = OrganParams.extend({ userId: UserId });
/** A process owner of a municipality, in a path. */
export const ProcessOwnerParam = MunicipalityParams.extend({ userId: UserId });
