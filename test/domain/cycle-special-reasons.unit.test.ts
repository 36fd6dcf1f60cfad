import { describe, expect, it } from 'vitest';
import { cycleDecider } from '../../domain/cycle/index';
import { ALE_BUDGET_2027 } from '../../domain/examples/ale';
import { decideAll } from '../support/decider-spec';
import { cycle, kf, ks, meta, proposed, started, untilBudget } from './cycle-fixtures';

// Rules budget.ks-proposal-november-special-reasons and budget.tax-rate-proposal-by-october,
// Kommunallagen (2017:725) 11 kap. 8 § (verified in CALENDAR_RULES).
const specialReasons = (over: Record<string, unknown> = {}) => ({
  type: 'RecordSpecialReasons',
  ...meta,
  decision: ks('2026-09-15', 'Särskilda skäl för budgetförslag i november'),
  reasons: 'Skatteunderlagsprognosen kommer först i oktober',
  ...over,
});
const taxRate = (over: Record<string, unknown> = {}) => ({
  type: 'ProposeTaxRate',
  ...meta,
  decision: ks('2026-10-20', 'Förslag till skattesats 2027'),
  taxRateOre: 2223,
  ...over,
});
const propose = (date: string) => ({
  type: 'ProposeBudget',
  ...meta,
  decision: ks(date, 'Budget 2027'),
  ...ALE_BUDGET_2027,
});

describe('cycle: särskilda skäl and the tax-rate proposal', () => {
  it('records KS’s särskilda skäl with their text and decision after the cycle has started', () => {
    const { events, state } = cycle.given(started).when(specialReasons()).thenAccepted();
    expect(events).toMatchObject([
      {
        type: 'SpecialReasonsRecorded',
        data: { reasons: 'Skatteunderlagsprognosen kommer först i oktober', decision: { body: 'KS' } },
      },
    ]);
    expect(state.status === 'running' && state.specialReasons?.decision.date).toBe('2026-09-15');
    expect(state.status === 'running' && state.decisions.at(-1)?.subject).toMatch(/Särskilda skäl/);
  });

  it('refuses särskilda skäl decided by another body, twice, or after the budget proposal', () => {
    cycle
      .given(started)
      .when(specialReasons({ decision: kf('2026-09-15') }))
      .thenThrows('WRONG_DECISION_BODY');
    const recorded = decideAll(cycleDecider, [specialReasons()], started);
    cycle
      .given(recorded)
      .when(specialReasons({ decision: ks('2026-09-16') }))
      .thenThrows('ALREADY_EXISTS', 'budget.special-reasons-once');
    cycle
      .given(proposed)
      .when(specialReasons())
      .thenThrows('INVALID_STATE', 'budget.ks-proposal-november-special-reasons');
  });

  it('with särskilda skäl recorded, a November proposal passes only the planned date, not the law', () => {
    const given = decideAll(cycleDecider, [specialReasons()], untilBudget);
    const { events } = cycle.given(given).when(propose('2026-11-10')).thenAccepted();
    const deviations = events[0]?.type === 'BudgetProposed' ? events[0].data.deviations : [];
    expect(deviations.map((d) => [d.rule, d.limit])).toEqual([['budget.ks-proposal-by-october', 'planned']]);
    const without = cycle.given(untilBudget).when(propose('2026-11-10')).thenAccepted();
    const legal = without.events[0]?.type === 'BudgetProposed' ? without.events[0].data.deviations : [];
    expect(legal.map((d) => d.limit)).toEqual(['planned', 'legal']);
  });

  it('records the tax-rate proposal as a decision of KS, once, before the budget is adopted', () => {
    const { events, state } = cycle.given(started).when(taxRate()).thenAccepted();
    expect(events).toMatchObject([{ type: 'TaxRateProposed', data: { taxRateOre: 2223, deviations: [] } }]);
    expect(state.status === 'running' && state.taxRateProposal?.taxRateOre).toBe(2223);
    const proposedRate = decideAll(cycleDecider, [taxRate()], started);
    cycle
      .given(proposedRate)
      .when(taxRate({ decision: ks('2026-10-21') }))
      .thenThrows('ALREADY_EXISTS', 'budget.tax-rate-proposal-once');
    cycle
      .given(started)
      .when(taxRate({ decision: kf('2026-10-20') }))
      .thenThrows('WRONG_DECISION_BODY');
    const err = cycle
      .given(started)
      .when(taxRate({ taxRateOre: 22.23 }))
      .thenThrows('INVALID_COMMAND');
    expect(err.details.issues).toEqual([
      { path: ['taxRateOre'], message: 'Skattesatsen anges i hela öre per 100 kr, t.ex. 2223 för 22,23 kr' },
    ]);
  });

  it('records a tax-rate proposal after 31 October with its legal deviation', () => {
    const { events } = cycle
      .given(started)
      .when(taxRate({ decision: ks('2026-11-02') }))
      .thenAccepted();
    expect(events).toMatchObject([
      {
        type: 'TaxRateProposed',
        data: {
          deviations: [
            {
              rule: 'budget.tax-rate-proposal-by-october',
              limit: 'legal',
              deadline: '2026-10-31',
              decidedOn: '2026-11-02',
              daysLate: 2,
            },
          ],
        },
      },
    ]);
  });
});
