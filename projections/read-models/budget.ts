import { type BudgetContent, type Decision, formatDecisionCitation, sumOre } from '../../domain';
import type { Projection, Tx } from '../types';
import { cycleOf } from './keys';

async function replaceBudget(
  tx: Tx,
  streamId: string,
  stage: 'proposed' | 'adopted',
  data: BudgetContent & { decision: Decision },
): Promise<void> {
  const { municipalityId, budgetYear } = cycleOf(streamId);
  const key = [municipalityId, budgetYear, stage];
  // Exact at any size: bigint here, numeric in SQL (a plain number sum loses öre beyond 2^53).
  const total = sumOre(data.frames.map((f) => f.amountOre)).toString();
  await tx.query(
    `insert into rm_budget (municipality_id, budget_year, stage, tax_rate_ore, total_frames_ore,
                            decision_citation, decided_on, case_number)
     values ($1, $2, $3, $4, $5::numeric, $6, $7, $8)
     on conflict (municipality_id, budget_year, stage) do update
     set tax_rate_ore = excluded.tax_rate_ore, total_frames_ore = excluded.total_frames_ore,
         decision_citation = excluded.decision_citation, decided_on = excluded.decided_on,
         case_number = excluded.case_number`,
    [
      ...key,
      data.taxRateOre,
      total,
      formatDecisionCitation(data.decision),
      data.decision.date,
      data.decision.caseNumber,
    ],
  );
  await tx.query(
    'delete from rm_budget_frames where municipality_id = $1 and budget_year = $2 and stage = $3',
    key,
  );
  await tx.query(
    `insert into rm_budget_frames (municipality_id, budget_year, stage, organ_id, amount_ore)
     select $1, $2, $3, f.organ_id, f.amount from unnest($4::text[], $5::numeric[]) as f(organ_id, amount)`,
    [...key, data.frames.map((f) => f.organId), data.frames.map((f) => String(f.amountOre))],
  );
  await tx.query(
    'delete from rm_budget_plan_years where municipality_id = $1 and budget_year = $2 and stage = $3',
    key,
  );
  await tx.query(
    `insert into rm_budget_plan_years (municipality_id, budget_year, stage, plan_year, tax_revenue_ore,
                                       net_cost_ore, result_ore)
     select $1, $2, $3, p.y, p.rev, p.cost, p.res
     from unnest($4::int[], $5::numeric[], $6::numeric[], $7::numeric[]) as p(y, rev, cost, res)`,
    [
      ...key,
      data.plan.map((p) => p.year),
      data.plan.map((p) => String(p.taxRevenueOre)),
      data.plan.map((p) => String(p.netCostOre)),
      data.plan.map((p) => String(p.resultOre)),
    ],
  );
}

/**
 * Budget frames (ramar) per organ and year, as KS proposed and KF adopted them, with the three-year
 * economic plan and the tax rate (amounts in öre, numeric); and each nämnd's adoption of its verksamhetsplan.
 */
export const budget: Projection = {
  name: 'budget',
  description: 'budgetramar per organ och år, med treårsplanen',
  tables: ['rm_budget_organ_plans', 'rm_budget_plan_years', 'rm_budget_frames', 'rm_budget'],
  eventTypes: ['BudgetProposed', 'BudgetAdopted', 'OrganPlanAdopted'],
  async handle({ event, streamId }, tx) {
    switch (event.type) {
      case 'BudgetProposed':
        await replaceBudget(tx, streamId, 'proposed', event.data);
        return;
      case 'BudgetAdopted':
        await replaceBudget(tx, streamId, 'adopted', event.data);
        return;
      case 'OrganPlanAdopted': {
        const { municipalityId, budgetYear } = cycleOf(streamId);
        const d = event.data;
        await tx.query(
          `insert into rm_budget_organ_plans (municipality_id, budget_year, organ_id, decision_citation,
                                              decided_on, task_id)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (municipality_id, budget_year, organ_id) do update
           set decision_citation = excluded.decision_citation, decided_on = excluded.decided_on,
               task_id = excluded.task_id`,
          [
            municipalityId,
            budgetYear,
            d.organId,
            formatDecisionCitation(d.decision),
            d.decision.date,
            d.taskId,
          ],
        );
        return;
      }
      default:
        return;
    }
  },
};
