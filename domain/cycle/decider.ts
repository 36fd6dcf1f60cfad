import { type MandateHistory, NO_EXTRA_ELECTIONS } from '../calendar/mandate';
import type { Decider } from '../decider';
import { fail } from '../errors';
import { assertNever } from '../primitives';
import { CycleCommand } from './commands';
import { submitAuditReport } from './decide-audit';
import { adoptRecoveryPlan } from './decide-balance';
import {
  adoptBudget,
  proposeBudget,
  recordDecision,
  recordPlanAdoption,
  reportDialogueOutcomes,
} from './decide-budget';
import { scheduleDialogue } from './decide-dialogues';
import { recordAnalysisDecision, recordOmvarldsdagAttendance } from './decide-organ-facts';
import { recordDecisionOverdue } from './decide-overdue';
import { changeCalendarDate, closeCycle, closePhase, openPhase, startCycle } from './decide-phases';
import {
  approveAnnualReport,
  decideDischarge,
  submitAnnualReport,
  submitInterimReport,
  treatInterimReport,
} from './decide-reports';
import { proposeTaxRate, recordSpecialReasons } from './decide-special-reasons';
import type { CycleEvent } from './events';
import { followOrganisation } from './organ-changes';
import { type CycleState, evolveCycle, initialCycleState } from './state';

/** What a cycle decision reads beyond the cycle's own events, from the municipality's state then. */
export interface CycleDecisionContext {
  /** The municipality's extra elections (default none): the election-year rule reads its mandate periods. */
  mandates?: MandateHistory | undefined;
}

export function decideCycle(
  command: CycleCommand,
  state: CycleState,
  context: CycleDecisionContext = {},
): CycleEvent[] {
  const mandates = context.mandates ?? NO_EXTRA_ELECTIONS;
  if (command.type === 'StartCycle') return startCycle(command, state, mandates);
  if (state.status === 'not_started') {
    return fail('NOT_FOUND', 'cycle.started', 'Cykeln är inte startad');
  }
  if (state.status === 'closed') {
    return fail('INVALID_STATE', 'cycle.closed', `Cykeln för ${state.budgetYear} är stängd`, {
      budgetYear: state.budgetYear,
    });
  }
  switch (command.type) {
    case 'OpenPhase':
      return openPhase(command, state);
    case 'ClosePhase':
      return closePhase(command, state);
    case 'ChangeCalendarDate':
      return changeCalendarDate(command, state, mandates);
    case 'RecordDecision':
      return recordDecision(command, state);
    case 'ReportDialogueOutcomes':
      return reportDialogueOutcomes(command, state);
    case 'RecordSpecialReasons':
      return recordSpecialReasons(command, state);
    case 'ProposeTaxRate':
      return proposeTaxRate(command, state);
    case 'ProposeBudget':
      return proposeBudget(command, state);
    case 'AdoptBudget':
      return adoptBudget(command, state, mandates);
    case 'RecordPlanAdoption':
      return recordPlanAdoption(command, state);
    case 'SubmitInterimReport':
      return submitInterimReport(command, state);
    case 'TreatInterimReport':
      return treatInterimReport(command, state);
    case 'SubmitAnnualReport':
      return submitAnnualReport(command, state);
    case 'AdoptRecoveryPlan':
      return adoptRecoveryPlan(command, state);
    case 'RecordAnalysisDecision':
      return recordAnalysisDecision(command, state);
    case 'RecordOmvarldsdagAttendance':
      return recordOmvarldsdagAttendance(command, state);
    case 'ApproveAnnualReport':
      return approveAnnualReport(command, state);
    case 'SubmitAuditReport':
      return submitAuditReport(command, state);
    case 'DecideDischarge':
      return decideDischarge(command, state);
    case 'RecordDecisionOverdue':
      return recordDecisionOverdue(command, state);
    case 'CloseCycle':
      return closeCycle(command, state);
    case 'ScheduleDialogue':
      return scheduleDialogue(command, state);
    case 'FollowOrganisation':
      return followOrganisation(command, state);
    default:
      return assertNever(command);
  }
}

/** The cycle aggregate: one municipality's årshjul for one budget year. */
export const cycleDecider: Decider<CycleCommand, CycleEvent, CycleState> = {
  commandSchema: CycleCommand,
  decide: decideCycle,
  evolve: evolveCycle,
  initialState: initialCycleState,
};

/** The cycle decider deciding with what the municipality's state says now (its mandate periods). */
export function cycleDeciderWith(
  context: CycleDecisionContext,
): Decider<CycleCommand, CycleEvent, CycleState> {
  return { ...cycleDecider, decide: (command, state) => decideCycle(command, state, context) };
}
