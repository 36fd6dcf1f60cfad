import { type BudgetContent, type Decision, formatDecisionCitation, sumOre } from '../../domain';
import { type DocKind, type Docs, setFirst } from '../fold';
import type { Projection } from '../types';
import { cycleOf } from './keys';

const BUDGET = 'rm_budget';
const FRAMES = 'rm_budget_frames';
const PLAN_YEARS = 'rm_budget_plan_years';
const ORGAN_PLANS = 'rm_budget_organ_plans';

const BUDGET_KEY = ['municipality_id', 'budget_year', 'stage'];

/** A budget as proposed or adopted, with its frames and plan years. */
const budgetDoc: DocKind = {
  name: 'budget',
  tables: [
    {
      table: BUDGET,
      key: BUDGET_KEY,
      columns: [
        ...BUDGET_KEY,
        'tax_rate_ore',
        'total_frames_ore',
        'decision_citation',
        'decided_on',
        'case_number',
      ],
    },
    { table: FRAMES, key: BUDGET_KEY, columns: [...BUDGET_KEY, 'organ_id', 'amount_ore'] },
    {
      table: PLAN_YEARS,
      key: BUDGET_KEY,
      columns: [...BUDGET_KEY, 'plan_year', 'tax_revenue_ore', 'net_cost_ore', 'result_ore'],
    },
  ],
};

/** A nämnd's adoption of its verksamhetsplan. */
const organPlan: DocKind = {
  name: 'organ_plan',
  tables: [
    {
      table: ORGAN_PLANS,
      key: ['municipality_id', 'budget_year', 'organ_id'],
      columns: ['municipality_id', 'budget_year', 'organ_id', 'decision_citation', 'decided_on', 'task_id'],
    },
  ],
};

function replaceBudget(
  docs: Docs,
  streamId: string,
  stage: 'proposed' | 'adopted',
  data: BudgetContent & { decision: Decision },
): void {
  const { municipalityId, budgetYear } = cycleOf(streamId);
  const key = { municipality_id: municipalityId, budget_year: budgetYear, stage };
  const doc = docs.get(budgetDoc, [municipalityId, budgetYear, stage]);
  setFirst(doc, BUDGET, {
    ...key,
    tax_rate_ore: data.taxRateOre ?? null,
    // Exact at any size: bigint here, numeric in SQL (a plain number sum loses öre beyond 2^53).
    total_frames_ore: sumOre(data.frames.map((f) => f.amountOre)).toString(),
    decision_citation: formatDecisionCitation(data.decision),
    decided_on: data.decision.date,
    case_number: data.decision.caseNumber,
  });
  doc[FRAMES] = data.frames.map((f) => ({ ...key, organ_id: f.organId, amount_ore: String(f.amountOre) }));
  doc[PLAN_YEARS] = data.plan.map((p) => ({
    ...key,
    plan_year: p.year,
    tax_revenue_ore: String(p.taxRevenueOre),
    net_cost_ore: String(p.netCostOre),
    result_ore: String(p.resultOre),
  }));
}

/**
 * Budget frames (ramar) per organ and year, as KS proposed and KF adopted them, with the three-year
 * economic plan and the tax rate (amounts in öre, numeric); and each nämnd's adoption of its verksamhetsplan.
 */
export const budget: Projection = {
  name: 'budget',
  description: 'budgetramar per organ och år, med treårsplanen',
  tables: [ORGAN_PLANS, PLAN_YEARS, FRAMES, BUDGET],
  eventTypes: ['BudgetProposed', 'BudgetAdopted', 'OrganPlanAdopted'],
  docs: [budgetDoc, organPlan],
  fold({ event, streamId }, docs) {
    switch (event.type) {
      case 'BudgetProposed':
        replaceBudget(docs, streamId, 'proposed', event.data);
        return;
      case 'BudgetAdopted':
        replaceBudget(docs, streamId, 'adopted', event.data);
        return;
      case 'OrganPlanAdopted': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const d = event.data;
        setFirst(docs.get(organPlan, [municipalityId, budgetYear, d.organId]), ORGAN_PLANS, {
          municipality_id: municipalityId,
          budget_year: budgetYear,
          organ_id: d.organId,
          decision_citation: formatDecisionCitation(d.decision),
          decided_on: d.decision.date,
          task_id: d.taskId ?? null,
        });
        return;
      }
      default:
        return;
    }
  },
};
