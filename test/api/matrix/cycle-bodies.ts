import type { CycleOrgan } from '../../../domain/cycle/events';
import type { PersonCycleCommandType } from '../../../domain/cycle/person-commands';
import { organsRecordingOwnDecision } from '../../../domain/cycle/person-commands';
import { ALE_BUDGET_2027, ALE_CALENDAR_2027 } from '../../../domain/examples/ale';
import { isSubjectToDischarge, receivesFrame } from '../../../domain/municipality/organ';
import { decision } from '../../../scenario/ale-content';
import type { Stage, WriteBuilder, WriteScope } from './types';

/**
 * The domain instant a fresh cycle's clock starts at, and the phase that is open by then. Early: the
 * nulägesanalys is running (tasks given out, dialogues still ahead). Late: in the bokslut, with every
 * phase open, as none can close while its decisions and tasks are missing: what the budget, the
 * delårsbokslut and the bokslut decide is all possible (two stages, so few cycles run at once).
 */
export const STAGES: Record<Stage, { startAt: string; phase: string }> = {
  early: { startAt: '2026-02-10T09:00:00+01:00', phase: 'nulagesanalys' },
  late: { startAt: '2028-01-11T09:00:00+01:00', phase: 'bokslut' },
};

const ofKind = (scope: WriteScope, kind: CycleOrgan['kind']): CycleOrgan => {
  const organ = scope.organs.find((o) => o.kind === kind);
  if (!organ) throw new Error(`${scope.municipalityId} has no ${kind}`);
  return organ;
};
const ks = (s: WriteScope) => ofKind(s, 'executive_board');
const kf = (s: WriteScope) => ofKind(s, 'council');
const organ = (s: WriteScope) => s.organs.find((o) => o.organId === s.organId) ?? ks(s);
/** Budget content with a frame for every organ of the municipality that receives one. */
const budget = (s: WriteScope) => ({
  ...ALE_BUDGET_2027,
  frames: s.organs
    .filter((o) => receivesFrame(o.kind))
    .map((o) => ({
      organId: o.organId,
      amountOre: ALE_BUDGET_2027.frames.find((f) => f.organId === o.organId)?.amountOre ?? 1_000_000_000,
    })),
});
/** The annual report shows a deficit, so the balanskrav's åtgärdsplan applies. */
const DEFICIT_ORE = 4_000_000_000;

interface CycleBody {
  stage: Stage;
  /** Commands the cycle must have recorded first (sent by the process owner, or the auditor). */
  after?: readonly PersonCycleCommandType[];
  /** The body names the organ whose own decision it records. */
  namesOrgan?: boolean;
  sentBy?: WriteBuilder['sentBy'];
  body(scope: WriteScope): Record<string, unknown>;
}

/** A valid body for every cycle command a person sends, and where in the cycle it is possible. */
export const CYCLE_BODIES: Record<PersonCycleCommandType, CycleBody> = {
  ChangeCalendarDate: {
    stage: 'early',
    body: () => ({ milestone: 'bokslut.discharge', date: '2028-06-19', reason: 'Sammanträdet flyttas' }),
  },
  RecordDecision: {
    stage: 'early',
    namesOrgan: true,
    body: (s) => ({ decision: decision(organ(s), '2026-02-10', `Matrisbeslut ${s.tag}`) }),
  },
  RecordAnalysisDecision: {
    stage: 'early',
    namesOrgan: true,
    body: (s) => ({ organId: s.organId, decision: decision(organ(s), '2026-04-22', 'Nulägesanalys 2027') }),
  },
  RecordOmvarldsdagAttendance: {
    stage: 'early',
    body: (s) => ({ attendance: [{ organId: ks(s).organId, attendees: ['Kommunstyrelsens presidium'] }] }),
  },
  ScheduleDialogue: {
    stage: 'early',
    body: (s) => ({
      dialogueId: `matrix-dialog-${s.tag}`,
      organId: s.organs.find((o) => o.kind === 'committee')?.organId ?? ks(s).organId,
      date: '2026-05-12',
      time: '13:30',
      place: 'Kommunhuset, Nödinge',
      format: 'on_site',
    }),
  },
  RecordSpecialReasons: {
    stage: 'early',
    body: (s) => ({
      decision: decision(ks(s), '2026-09-15', 'Särskilda skäl för budgetförslag i november'),
      reasons: 'Skatteunderlagsprognosen kommer sent',
    }),
  },
  ProposeTaxRate: {
    stage: 'early',
    body: (s) => ({
      decision: decision(ks(s), '2026-10-20', 'Förslag till skattesats 2027'),
      taxRateOre: 2223,
    }),
  },
  ReportDialogueOutcomes: {
    stage: 'late',
    body: (s) => ({
      decision: decision(kf(s), '2026-06-15', 'Redovisning av tillitsdialoger'),
      dialogueTaskIds: [`matrix-dialogue-${s.tag}`],
    }),
  },
  ProposeBudget: {
    stage: 'late',
    body: (s) => ({ decision: decision(ks(s), '2026-10-27', 'Förslag till budget 2027'), ...budget(s) }),
  },
  AdoptBudget: {
    stage: 'late',
    after: ['ProposeBudget'],
    body: (s) => ({ decision: decision(kf(s), '2026-11-23', 'Budget 2027'), ...budget(s) }),
  },
  RecordPlanAdoption: {
    stage: 'late',
    after: ['ProposeBudget', 'AdoptBudget'],
    namesOrgan: true,
    body: (s) => ({ organId: s.organId, decision: decision(organ(s), '2026-12-10', 'Verksamhetsplan 2027') }),
  },
  SubmitInterimReport: {
    stage: 'late',
    body: (s) => ({
      periodEnd: ALE_CALENDAR_2027.delarsbokslut.periodEnd,
      decision: decision(ks(s), '2027-10-12', 'Delårsrapport per augusti 2027'),
    }),
  },
  TreatInterimReport: {
    stage: 'late',
    after: ['SubmitInterimReport'],
    body: (s) => ({ decision: decision(kf(s), '2027-10-25', 'Delårsrapport per augusti 2027') }),
  },
  SubmitAnnualReport: {
    stage: 'late',
    body: (s) => ({
      decision: decision(ks(s), '2028-03-25', 'Årsredovisning 2027'),
      balanceResultOre: -DEFICIT_ORE,
    }),
  },
  ApproveAnnualReport: {
    stage: 'late',
    after: ['SubmitAnnualReport'],
    body: (s) => ({ decision: decision(kf(s), '2028-04-24', 'Årsredovisning 2027') }),
  },
  SubmitAuditReport: {
    stage: 'late',
    after: ['SubmitAnnualReport'],
    sentBy: 'auditor',
    body: (s) => ({
      date: '2028-04-14',
      findings: s.organs
        .filter((o) => isSubjectToDischarge(o.kind))
        .map((o) => ({ organId: o.organId, recommendation: 'grant', remark: null })),
    }),
  },
  AdoptRecoveryPlan: {
    stage: 'late',
    after: ['SubmitAnnualReport'],
    body: (s) => ({
      decision: decision(kf(s), '2028-04-24', 'Åtgärdsplan för balanskravet'),
      measures: [{ year: 2028, amountOre: DEFICIT_ORE, description: 'Lokalförändringar' }],
    }),
  },
  DecideDischarge: {
    stage: 'late',
    after: ['SubmitAnnualReport', 'ApproveAnnualReport', 'SubmitAuditReport'],
    body: (s) => ({
      organId: ks(s).organId,
      granted: true,
      decision: decision(kf(s), '2028-06-12', `Ansvarsfrihet för kommunstyrelsen ${s.tag}`),
    }),
  },
};

/** The builder of a cycle command's route: what `authorize` is asked is the cycle's own question. */
export function cycleCommandBuilder(type: PersonCycleCommandType): WriteBuilder {
  const spec = CYCLE_BODIES[type];
  return {
    fixture: { kind: 'cycle', stage: spec.stage, command: type, after: spec.after },
    namesOrgan: spec.namesOrgan,
    sentBy: spec.sentBy,
    action: (s) => ({
      type: 'cycle.command',
      command: type,
      ownDecisionOf: organsRecordingOwnDecision(type, spec.body(s)),
    }),
    body: spec.body,
    stores: 'events',
  };
}
