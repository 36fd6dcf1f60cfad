import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../domain/calendar/defaults';
import { validateCalendar } from '../../domain/calendar/validate';
import { cycleDeciderWith } from '../../domain/cycle/decider';
import { ALE_BUDGET_2027, ALE_ORGAN } from '../../domain/examples/ale';
import { mandateHistoryOf } from '../../domain/municipality/index';
import { decideAll, spec } from '../support/decider-spec';
import { kf, ks, meta, untilBudget } from './cycle-fixtures';
import { ale, municipality, meta as municipalityMeta } from './municipality-fixtures';

const extraElection = {
  type: 'RecordExtraElection',
  ...municipalityMeta,
  decision: {
    organId: ALE_ORGAN.kf,
    body: 'KF',
    date: '2028-02-20',
    paragraph: 12,
    caseNumber: 'Dnr 2028.031',
    subject: 'Extra val till kommunfullmäktige',
  },
  electionDate: '2028-05-14',
  mandateStart: '2028-06-01',
};
const budget = (type: string, decision: unknown) => ({ type, ...meta, decision, ...ALE_BUDGET_2027 });

/**
 * Production reads the municipality's mandate periods from its state (mandateHistoryOf) and decides the
 * cycle with them: loadActionContext for a cycle's updates, the start of a cycle for its calendar.
 */
describe('recorded mandate periods reach rule budget.election-year-new-council', () => {
  const state = municipality.given(ale).when(extraElection).thenAccepted().state;
  const mandates = mandateHistoryOf(state);

  it('given Ale with an extra election recorded, then its mandate history holds it', () => {
    expect(mandates.extraElections).toEqual([{ electionDate: '2028-05-14', mandateStart: '2028-06-01' }]);
  });

  it('given that history, when a calendar for 2029 has KF adopt before the extra council, then valid (the rule follows elections in the whole country)', () => {
    const calendar = defaultCalendar(2029);
    expect(
      validateCalendar(
        { ...calendar, budget: { ...calendar.budget, kfAdoption: '2028-05-20' } },
        mandates,
      ).map((v) => v.rule),
    ).not.toContain('budget.election-year-new-council');
  });

  it('given that history and the 2027 cycle proposed in September 2026, when KF adopts on 14 October, then TOO_EARLY; on 20 October, then adopted', () => {
    const cycle = spec(cycleDeciderWith({ mandates }));
    const proposed = decideAll(
      cycleDeciderWith({ mandates }),
      [budget('ProposeBudget', ks('2026-09-01'))],
      untilBudget,
    );
    cycle
      .given(proposed)
      .when(budget('AdoptBudget', kf('2026-10-14')))
      .thenThrows('TOO_EARLY', 'budget.election-year-new-council');
    const { events } = cycle
      .given(proposed)
      .when(budget('AdoptBudget', kf('2026-10-20')))
      .thenAccepted();
    expect(events).toMatchObject([{ type: 'BudgetAdopted' }]);
  });
});
