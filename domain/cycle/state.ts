import { type CycleCalendar, PHASES, type Phase, withMilestoneDate } from '../calendar/schema';
import type { Decision } from '../decision';
import { assertNever, type IsoInstant } from '../primitives';
import type { BudgetContent } from '../task/content';
import type { DischargeMember, RecoveryMeasure } from './balance-schemas';
import type { AuditFinding, CycleEvent, CycleOrgan } from './events';

export type PhaseStatus = 'pending' | 'open' | 'closed';

/** A budget decision: the decision and its content (frames in whole kronor, three-year plan). */
export interface BudgetRecord extends BudgetContent {
  decision: Decision;
}

export interface CycleData {
  status: 'running' | 'closed';
  municipalityId: string;
  budgetYear: number;
  calendar: CycleCalendar;
  organs: Record<string, CycleOrgan>;
  phases: Record<Phase, PhaseStatus>;
  /** Every decision recorded in the cycle, in order. */
  decisions: Decision[];
  dialogueReports: { decision: Decision; dialogueTaskIds: string[] }[];
  budget: { proposal: BudgetRecord | null; adoption: BudgetRecord | null };
  /** KS's särskilda skäl for a November proposal, once recorded. */
  specialReasons: { decision: Decision; reasons: string } | null;
  /** KS's proposal of the tax rate, once decided. */
  taxRateProposal: { decision: Decision; taxRateOre: number } | null;
  planAdoptions: Record<string, { decision: Decision; taskId: string | null }>;
  interimReport: { submitted: Decision | null; periodEnd: string | null; treated: Decision | null };
  annualReport: { submitted: Decision | null; approved: Decision | null };
  /** Revisorernas revisionsberättelse, once handed in. */
  auditReport: { date: string; findings: AuditFinding[] } | null;
  discharges: Record<
    string,
    { granted: boolean; decision: Decision; remark?: { reason: string }; members?: DischargeMember[] }
  >;
  /** Balanskrav: the year's balanskravsresultat (öre) once reported, and KF's åtgärdsplan. */
  balance: {
    resultOre: number | null;
    recoveryPlan: { decision: Decision; deficitOre: number; measures: RecoveryMeasure[] } | null;
  };
  /** Each organ's decision on its own nulägesanalys. */
  analysisDecisions: Record<string, { decision: Decision; taskId: string | null }>;
  /** Who attended the omvärldsdag, per organ. */
  omvarldsdagAttendance: Record<string, string[]>;
  closedAt: IsoInstant | null;
  /** Tillitsdialoger scheduled, by dialogue id (absent in states built before DialogueScheduled). */
  scheduledDialogues?: Record<string, ScheduledDialogue>;
  /** Every organ the cycle has had, in order, once one was removed (keeps dialogue task ids stable). */
  organOrder?: string[];
  /** Organs removed during the cycle (CycleOrganRemoved), kept so history still names them. */
  removedOrgans?: Record<string, CycleOrgan>;
  /** Decisions stated overdue by their gate, `{gateId}@{deadline}` (absent before DecisionOverdue). */
  overdueDecisions?: string[];
}

export interface ScheduledDialogue {
  dialogueId: string;
  organId: string;
  date: string;
  time: string;
  place: string;
  format: 'on_site' | 'digital' | 'hybrid';
}

/** State of the cycle aggregate (the årshjul of one municipality and budget year). */
export type CycleState = { status: 'not_started' } | CycleData;

export function initialCycleState(): CycleState {
  return { status: 'not_started' };
}

function allPhases(status: PhaseStatus): Record<Phase, PhaseStatus> {
  return Object.fromEntries(PHASES.map((p) => [p, status])) as Record<Phase, PhaseStatus>;
}

function withDecision(s: CycleData, decision: Decision): CycleData {
  return { ...s, decisions: [...s.decisions, decision] };
}

function evolveRunning(s: CycleData, event: CycleEvent): CycleData {
  switch (event.type) {
    case 'CycleStarted':
      return s;
    case 'PhaseOpened':
      return { ...s, phases: { ...s.phases, [event.data.phase]: 'open' } };
    case 'PhaseClosed':
      return { ...s, phases: { ...s.phases, [event.data.phase]: 'closed' } };
    case 'CalendarDateChanged':
      return { ...s, calendar: withMilestoneDate(s.calendar, event.data.milestone, event.data.date) };
    case 'CycleOrganAdded': {
      const { organ } = event.data;
      const organOrder = s.organOrder ? { organOrder: [...s.organOrder, organ.organId] } : {};
      return { ...s, ...organOrder, organs: { ...s.organs, [organ.organId]: organ } };
    }
    case 'CycleOrganRenamed': {
      const organ = s.organs[event.data.organId];
      if (!organ) return s;
      const renamed = { ...organ, name: event.data.name, shortName: event.data.shortName };
      return { ...s, organs: { ...s.organs, [organ.organId]: renamed } };
    }
    case 'CycleOrganRemoved': {
      const { [event.data.organId]: removed, ...organs } = s.organs;
      if (!removed) return s;
      const organOrder = s.organOrder ?? Object.keys(s.organs);
      return { ...s, organs, organOrder, removedOrgans: { ...s.removedOrgans, [removed.organId]: removed } };
    }
    case 'DecisionOverdue':
      return { ...s, overdueDecisions: [...(s.overdueDecisions ?? []), overdueKey(event.data)] };
    case 'DialogueScheduled': {
      const { at: _at, by: _by, ...dialogue } = event.data;
      return { ...s, scheduledDialogues: { ...s.scheduledDialogues, [dialogue.dialogueId]: dialogue } };
    }
    case 'DecisionRecorded':
      return withDecision(s, event.data.decision);
    case 'DialogueOutcomesReported': {
      const { decision, dialogueTaskIds } = event.data;
      return {
        ...withDecision(s, decision),
        dialogueReports: [...s.dialogueReports, { decision, dialogueTaskIds }],
      };
    }
    case 'SpecialReasonsRecorded': {
      const { decision, reasons } = event.data;
      return { ...withDecision(s, decision), specialReasons: { decision, reasons } };
    }
    case 'TaxRateProposed': {
      const { decision, taxRateOre } = event.data;
      return { ...withDecision(s, decision), taxRateProposal: { decision, taxRateOre } };
    }
    case 'BudgetProposed': {
      const { decision, frames, plan, taxRateOre } = event.data;
      return {
        ...withDecision(s, decision),
        budget: { ...s.budget, proposal: { decision, frames, plan, taxRateOre } },
      };
    }
    case 'BudgetAdopted': {
      const { decision, frames, plan, taxRateOre } = event.data;
      return {
        ...withDecision(s, decision),
        budget: { ...s.budget, adoption: { decision, frames, plan, taxRateOre } },
      };
    }
    case 'OrganPlanAdopted': {
      const { organId, decision, taskId } = event.data;
      return {
        ...withDecision(s, decision),
        planAdoptions: { ...s.planAdoptions, [organId]: { decision, taskId } },
      };
    }
    case 'InterimReportSubmitted': {
      const { decision, periodEnd } = event.data;
      return {
        ...withDecision(s, decision),
        interimReport: { ...s.interimReport, submitted: decision, periodEnd },
      };
    }
    case 'InterimReportTreated':
      return {
        ...withDecision(s, event.data.decision),
        interimReport: { ...s.interimReport, treated: event.data.decision },
      };
    case 'AnnualReportSubmitted':
      return {
        ...withDecision(s, event.data.decision),
        annualReport: { ...s.annualReport, submitted: event.data.decision },
        balance: { ...s.balance, resultOre: event.data.balanceResultOre ?? null },
      };
    case 'RecoveryPlanAdopted': {
      const { decision, deficitOre, measures } = event.data;
      return {
        ...withDecision(s, decision),
        balance: { ...s.balance, recoveryPlan: { decision, deficitOre, measures } },
      };
    }
    case 'AnalysisDecisionRecorded': {
      const { organId, decision, taskId } = event.data;
      return {
        ...withDecision(s, decision),
        analysisDecisions: { ...s.analysisDecisions, [organId]: { decision, taskId } },
      };
    }
    case 'OmvarldsdagAttendanceRecorded': {
      const next = { ...s.omvarldsdagAttendance };
      for (const a of event.data.attendance) next[a.organId] = a.attendees;
      return { ...s, omvarldsdagAttendance: next };
    }
    case 'AnnualReportApproved':
      return {
        ...withDecision(s, event.data.decision),
        annualReport: { ...s.annualReport, approved: event.data.decision },
      };
    case 'AuditReportSubmitted':
      return { ...s, auditReport: { date: event.data.date, findings: event.data.findings } };
    case 'DischargeDecided': {
      const { organId, granted, decision, remark, members } = event.data;
      const extra = { ...(remark ? { remark } : {}), ...(members ? { members } : {}) };
      return {
        ...withDecision(s, decision),
        discharges: { ...s.discharges, [organId]: { granted, decision, ...extra } },
      };
    }
    case 'CycleClosed':
      return { ...s, status: 'closed', closedAt: event.data.at };
    default:
      return assertNever(event);
  }
}

export function evolveCycle(state: CycleState, event: CycleEvent): CycleState {
  if (state.status === 'not_started') {
    if (event.type !== 'CycleStarted') return state;
    const { municipalityId, budgetYear, calendar, organs } = event.data;
    return {
      status: 'running',
      municipalityId,
      budgetYear,
      calendar,
      organs: Object.fromEntries(organs.map((o) => [o.organId, o])),
      phases: allPhases('pending'),
      decisions: [],
      dialogueReports: [],
      budget: { proposal: null, adoption: null },
      specialReasons: null,
      taxRateProposal: null,
      planAdoptions: {},
      interimReport: { submitted: null, periodEnd: null, treated: null },
      annualReport: { submitted: null, approved: null },
      auditReport: null,
      discharges: {},
      balance: { resultOre: null, recoveryPlan: null },
      analysisDecisions: {},
      omvarldsdagAttendance: {},
      closedAt: null,
    };
  }
  return evolveRunning(state, event);
}

/** The identity of an overdue decision: its gate and the deadline it missed. */
export const overdueKey = (d: { gateId: string; deadline: string }) => `${d.gateId}@${d.deadline}`;
