import { type DeadlineDeviation, type Decision, formatDecisionCitation } from '../../domain';
import type { Projection, Tx } from '../types';
import { cycleOf } from './keys';

async function recordDeviations(
  tx: Tx,
  streamId: string,
  eventType: string,
  data: { decision: Decision; deviations: DeadlineDeviation[]; organId?: string },
): Promise<void> {
  const { municipalityId, budgetYear } = cycleOf(streamId);
  for (const d of data.deviations) {
    await tx.query(
      `insert into rm_decision_deviations (municipality_id, budget_year, event_type, organ_id,
                                           decision_citation, subject, decided_on, rule, limit_kind,
                                           deadline, days_late)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       on conflict (municipality_id, budget_year, decision_citation, rule, limit_kind) do nothing`,
      [
        municipalityId,
        budgetYear,
        eventType,
        data.organId ?? data.decision.organId,
        formatDecisionCitation(data.decision),
        data.decision.subject,
        d.decidedOn,
        d.rule,
        d.limit,
        d.deadline,
        d.daysLate,
      ],
    );
  }
}

/**
 * Decisions (§) taken after the planned date or the legal limit: the deadline-compliance report's
 * decisions part (tasks are in deadline_compliance).
 */
export const decisionDeviations: Projection = {
  name: 'decision_deviations',
  description: 'beslut fattade efter planerad dag eller lagens sista dag',
  tables: ['rm_decision_deviations'],
  eventTypes: [
    'BudgetProposed',
    'BudgetAdopted',
    'InterimReportSubmitted',
    'AnnualReportSubmitted',
    'DischargeDecided',
  ],
  async handle({ event, streamId }, tx) {
    switch (event.type) {
      case 'BudgetProposed':
      case 'BudgetAdopted':
      case 'InterimReportSubmitted':
      case 'AnnualReportSubmitted':
      case 'DischargeDecided':
        await recordDeviations(tx, streamId, event.type, event.data);
        return;
      default:
        return;
    }
  },
};
