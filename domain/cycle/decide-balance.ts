import type { z } from 'zod';
import { fail } from '../errors';
import type { PlanYear } from '../task/content';
import type { BalanceExemption } from './balance-schemas';
import type { AdoptRecoveryPlan } from './commands';
import type { CycleEvent } from './events';
import { requireBody, requireNewDecision, requireOnOrAfter, requirePhaseOpen } from './guards';
import type { CycleData } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

/**
 * Balanskrav for the budget (rule balance.budget-in-balance, KL 11 kap 5 §): a budget year whose
 * result is negative needs KF's synnerliga skäl, recorded with the budget decision itself.
 */
export function requireBudgetBalance(
  s: CycleData,
  plan: readonly PlanYear[],
  exemption: BalanceExemption | undefined,
): void {
  const budgetYear = plan.find((p) => p.year === s.budgetYear);
  if (budgetYear === undefined || budgetYear.resultOre >= 0 || exemption !== undefined) return;
  fail(
    'INVALID_CONTENT',
    'balance.budget-in-balance',
    `Balanskravet: budgeten för ${s.budgetYear} visar underskott; ange fullmäktiges synnerliga skäl (balanceExemption.reasons)`,
    { budgetYear: s.budgetYear, resultOre: budgetYear.resultOre },
  );
}

/** The deficit (öre, positive) the year's annual report shows, or 0. */
export function reportedDeficit(s: CycleData): number {
  // Snapshots signalled by histories recorded before the balanskrav have no `balance`.
  const result = (s.balance as CycleData['balance'] | undefined)?.resultOre ?? null;
  return result !== null && result < 0 ? -result : 0;
}

/** True unless the year shows a deficit for which KF has not yet adopted an åtgärdsplan. */
export function recoveryPlanInPlace(s: CycleData): boolean {
  return reportedDeficit(s) === 0 || s.balance.recoveryPlan !== null;
}

/**
 * KF adopts an åtgärdsplan for a negative balanskravsresultat (rule balance.recovery-plan, KL 11 kap
 * 12 §): the measures restore the whole deficit within the three years after the budget year (rule
 * balance.recovery-within-three-years).
 */
export function adoptRecoveryPlan(c: Cmd<typeof AdoptRecoveryPlan>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'bokslut');
  const submitted = s.annualReport.submitted;
  const deficitOre = reportedDeficit(s);
  if (submitted === null || deficitOre === 0) {
    fail(
      'NOT_APPLICABLE',
      'balance.recovery-plan',
      'Balanskravet: en åtgärdsplan antas bara när årsredovisningen visar ett negativt balanskravsresultat',
      { balanceResultOre: s.balance.resultOre },
    );
  }
  if (s.balance.recoveryPlan !== null) {
    fail('ALREADY_EXISTS', 'balance.recovery-plan', 'Balanskravet: åtgärdsplanen är redan antagen', {});
  }
  requireNewDecision(s, c.decision);
  requireBody(s, c.decision, 'council');
  requireOnOrAfter(c.decision.date, submitted.date, 'cycle.phase-order', 'Åtgärdsplanen');
  const first = s.budgetYear + 1;
  const last = s.budgetYear + 3;
  const outside = c.measures.filter((m) => m.year < first || m.year > last).map((m) => m.year);
  if (outside.length > 0) {
    fail(
      'INVALID_PERIOD',
      'balance.recovery-within-three-years',
      `Balanskravet: underskottet ska regleras under åren ${first}–${last}`,
      { years: outside, first, last },
    );
  }
  const restoredOre = c.measures.reduce((sum, m) => sum + m.amountOre, 0);
  if (restoredOre < deficitOre) {
    fail(
      'INVALID_CONTENT',
      'balance.recovery-within-three-years',
      'Balanskravet: åtgärdsplanen reglerar inte hela underskottet',
      { deficitOre, restoredOre },
    );
  }
  return [
    {
      type: 'RecoveryPlanAdopted',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, decision: c.decision, deficitOre, measures: c.measures },
    },
  ];
}
