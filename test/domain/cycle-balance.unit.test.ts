import { describe, expect, it } from 'vitest';
import { cycleDecider } from '../../domain/cycle/index';
import { ALE_BUDGET_2027 } from '../../domain/examples/ale';
import { decideAll } from '../support/decider-spec';
import {
  adopted,
  auditReport,
  budgetDone,
  close,
  committees,
  cycle,
  cycleData,
  kf,
  ks,
  meta,
  proposed,
  untilBudget,
} from './cycle-fixtures';

// Balanskrav: KL 11 kap. 5 § (budget in balance, synnerliga skäl) and 11 kap. 12 § (åtgärdsplan, three years).
const deficitPlan = ALE_BUDGET_2027.plan.map((p, i) =>
  i === 0 ? { ...p, netCostOre: p.taxRevenueOre + 1_000_000_00, resultOre: -1_000_000_00 } : p,
);
const deficitBudget = { ...ALE_BUDGET_2027, plan: deficitPlan };
const reasons = { reasons: 'Engångskostnad för flyktingmottagande som staten ersätter först 2028' };

/** The bokslut phase up to KS's annual report with the given balanskravsresultat. */
const annualReportWith = (balanceResultOre: number) =>
  decideAll(
    cycleDecider,
    [
      { type: 'SubmitInterimReport', ...meta, decision: ks('2027-10-05'), periodEnd: '2027-08-31' },
      { type: 'TreatInterimReport', ...meta, decision: kf('2027-10-25') },
      close('delarsbokslut'),
      { type: 'OpenPhase', ...meta, phase: 'bokslut' },
      { type: 'SubmitAnnualReport', ...meta, decision: ks('2028-03-25'), balanceResultOre },
    ],
    budgetDone,
  );
const recoveryPlan = (measures: unknown[]) => ({
  type: 'AdoptRecoveryPlan',
  ...meta,
  decision: kf('2028-04-24', 'Åtgärdsplan för balanskravsresultatet 2027'),
  measures,
});

describe('balanskrav', () => {
  it('given a budget year in deficit, when KS proposes or KF adopts it without synnerliga skäl, then it is refused naming the rule', () => {
    const error = cycle
      .given(untilBudget)
      .when({ type: 'ProposeBudget', ...meta, decision: ks('2026-10-27', 'Budget 2027'), ...deficitBudget })
      .thenThrows('INVALID_CONTENT', 'balance.budget-in-balance');
    expect(error.message).toMatch(/^Balanskravet: budgeten för 2027 visar underskott/);
    cycle
      .given(proposed)
      .when({ type: 'AdoptBudget', ...meta, decision: kf('2026-11-23', 'Budget 2027'), ...deficitBudget })
      .thenThrows('INVALID_CONTENT', 'balance.budget-in-balance');
  });

  it('given a budget year in deficit, when KF adopts it with its synnerliga skäl, then the reasons are recorded with the budget', () => {
    const { events, state } = cycle
      .given(proposed)
      .when({
        type: 'AdoptBudget',
        ...meta,
        decision: kf('2026-11-23', 'Budget 2027'),
        ...deficitBudget,
        balanceExemption: reasons,
      })
      .thenAccepted();
    expect(events).toMatchObject([{ type: 'BudgetAdopted', data: { balanceExemption: reasons } }]);
    expect(state.status === 'running' && state.budget.adoption?.plan[0]?.resultOre).toBe(-1_000_000_00);
  });

  it('given a balanced budget, then no synnerliga skäl are needed and none is stored', () => {
    expect(adopted.at(-1)).toMatchObject({ type: 'BudgetAdopted' });
    expect(adopted.at(-1)?.data).not.toHaveProperty('balanceExemption');
  });

  it('given a negative balanskravsresultat, then bokslut stays open until KF adopts an åtgärdsplan', () => {
    const negative = annualReportWith(-250_000_000);
    expect(cycleData(negative).balance.resultOre).toBe(-250_000_000);
    const discharged = decideAll(
      cycleDecider,
      [
        auditReport(),
        { type: 'ApproveAnnualReport', ...meta, decision: kf('2028-04-24') },
        ...committees.map((o) => ({
          type: 'DecideDischarge',
          ...meta,
          organId: o.organId,
          granted: true,
          decision: kf('2028-06-12', `Ansvarsfrihet ${o.shortName}`),
        })),
      ],
      negative,
    );
    cycle.given(discharged).when(close('bokslut')).thenThrows('CYCLE_NOT_COMPLETE', 'balance.recovery-plan');
    const withPlan = decideAll(
      cycleDecider,
      [recoveryPlan([{ year: 2028, amountOre: 250_000_000, description: 'Vakansprövning' }])],
      discharged,
    );
    cycle.given(withPlan).when(close('bokslut')).thenAccepted();
  });

  it('when KF adopts an åtgärdsplan that restores the deficit within three years, then it is recorded with the deficit', () => {
    const negative = annualReportWith(-300_000_000);
    const { events, state } = cycle
      .given(negative)
      .when(
        recoveryPlan([
          { year: 2028, amountOre: 100_000_000, description: 'Lokaleffektivisering' },
          { year: 2030, amountOre: 200_000_000, description: 'Minskade inköp' },
        ]),
      )
      .thenAccepted();
    expect(events).toMatchObject([{ type: 'RecoveryPlanAdopted', data: { deficitOre: 300_000_000 } }]);
    expect(state.status === 'running' && state.balance.recoveryPlan?.measures).toHaveLength(2);
  });

  it('then a plan beyond three years, one that restores too little, or one without a deficit is refused', () => {
    const negative = annualReportWith(-300_000_000);
    cycle
      .given(negative)
      .when(recoveryPlan([{ year: 2031, amountOre: 300_000_000, description: 'För sent' }]))
      .thenThrows('INVALID_PERIOD', 'balance.recovery-within-three-years');
    cycle
      .given(negative)
      .when(recoveryPlan([{ year: 2028, amountOre: 299_999_999, description: 'Nästan' }]))
      .thenThrows('INVALID_CONTENT', 'balance.recovery-within-three-years');
    cycle
      .given(annualReportWith(50_000_000))
      .when(recoveryPlan([{ year: 2028, amountOre: 1, description: 'Inget underskott' }]))
      .thenThrows('NOT_APPLICABLE', 'balance.recovery-plan');
    cycle
      .given(negative)
      .when({
        ...recoveryPlan([{ year: 2028, amountOre: 300_000_000, description: 'KS' }]),
        decision: ks('2028-04-24'),
      })
      .thenThrows('WRONG_DECISION_BODY');
  });
});
