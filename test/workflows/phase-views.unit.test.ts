import { describe, expect, it } from 'vitest';
import { ALE_CALENDAR_2027, ALE_ORGAN } from '../../domain/examples/ale';
import { PhaseViews, phaseSees } from '../../workflows/phase-views';
import {
  adopted,
  afterCommands,
  cycleData,
  decision,
  meta,
  proposed,
  untilBudget,
} from '../domain/cycle-fixtures';

// The cycle signals a phase a new snapshot only when the phase would see something else in it
// (phases-told-what-they-see); these are the cases the budget phase meets in the Ale scenario.
describe('what a phase sees of its cycle', () => {
  const before = cycleData(untilBudget);

  it('does not change with a decision no gate of the phase waits for', () => {
    const nulagesanalys = decision(ALE_ORGAN.bun, 'BUN', '2026-04-22', 'Nulägesanalys 2027');
    const recorded = afterCommands(before, [{ type: 'RecordDecision', ...meta, decision: nulagesanalys }]);
    expect(recorded.decisions).toHaveLength(before.decisions.length + 1);
    expect(phaseSees('budget', recorded)).toBe(phaseSees('budget', before));
  });

  it('changes when a gate of the phase is satisfied, and when its deadline moves', () => {
    expect(phaseSees('budget', cycleData(proposed))).not.toBe(phaseSees('budget', before));
    expect(phaseSees('budget', cycleData(adopted))).not.toBe(phaseSees('budget', cycleData(proposed)));
    const date = '2026-11-30';
    expect(ALE_CALENDAR_2027.budget.kfAdoption).not.toBe(date);
    const moved = afterCommands(before, [
      { type: 'ChangeCalendarDate', ...meta, milestone: 'budget.kfAdoption', date, reason: 'Flyttat möte' },
    ]);
    expect(phaseSees('budget', moved)).not.toBe(phaseSees('budget', before));
  });

  it('tells a phase only snapshots newer than the last it was told that change what it sees', () => {
    const views = new PhaseViews();
    views.told('budget', 10, before);
    expect(views.shouldTell('budget', 11, before)).toBe(false);
    expect(views.shouldTell('budget', 12, cycleData(proposed))).toBe(true);
    // Offered late, after a newer one was told (steps finish their signals concurrently): never sent.
    expect(views.shouldTell('budget', 11, cycleData(adopted))).toBe(false);
    expect(views.shouldTell('budget', 13, cycleData(adopted))).toBe(true);
    expect(views.shouldTell('budget', 14, cycleData(adopted))).toBe(false);
  });
});
