import { type DeadlineDeviation, type Decision, formatDecisionCitation } from '../../domain';
import type { DocKind, Docs } from '../fold';
import type { Projection } from '../types';
import { cycleOf } from './keys';

const DEVIATIONS = 'rm_decision_deviations';

/** A decision's deviations, by municipality, budget year and citation. */
const decision: DocKind = {
  name: 'decision',
  tables: [
    {
      table: DEVIATIONS,
      key: ['municipality_id', 'budget_year', 'decision_citation'],
      columns: [
        'municipality_id',
        'budget_year',
        'event_type',
        'organ_id',
        'decision_citation',
        'subject',
        'decided_on',
        'rule',
        'limit_kind',
        'deadline',
        'days_late',
      ],
    },
  ],
};

function recordDeviations(
  docs: Docs,
  streamId: string,
  eventType: string,
  data: { decision: Decision; deviations: DeadlineDeviation[]; organId?: string },
): void {
  const { municipalityId, budgetYear } = cycleOf(streamId);
  const citation = formatDecisionCitation(data.decision);
  const doc = docs.get(decision, [municipalityId, budgetYear, citation]);
  const rows = doc[DEVIATIONS] ?? [];
  for (const d of data.deviations) {
    // The first record of a rule and kind of limit stands.
    if (rows.some((r) => r.rule === d.rule && r.limit_kind === d.limit)) continue;
    rows.push({
      municipality_id: municipalityId,
      budget_year: budgetYear,
      event_type: eventType,
      organ_id: data.organId ?? data.decision.organId,
      decision_citation: citation,
      subject: data.decision.subject,
      decided_on: d.decidedOn,
      rule: d.rule,
      limit_kind: d.limit,
      deadline: d.deadline,
      days_late: d.daysLate,
    });
  }
  doc[DEVIATIONS] = rows;
}

/**
 * Decisions (§) taken after the planned date or the legal limit: the deadline-compliance report's
 * decisions part (tasks are in deadline_compliance).
 */
export const decisionDeviations: Projection = {
  name: 'decision_deviations',
  description: 'beslut fattade efter planerad dag eller lagens sista dag',
  tables: [DEVIATIONS],
  eventTypes: [
    'BudgetProposed',
    'BudgetAdopted',
    'InterimReportSubmitted',
    'AnnualReportSubmitted',
    'DischargeDecided',
  ],
  docs: [decision],
  fold({ event, streamId }, docs) {
    switch (event.type) {
      case 'BudgetProposed':
      case 'BudgetAdopted':
      case 'InterimReportSubmitted':
      case 'AnnualReportSubmitted':
      case 'DischargeDecided':
        recordDeviations(docs, streamId, event.type, event.data);
        return;
      default:
        return;
    }
  },
};
