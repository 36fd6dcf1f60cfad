import { describe, expect, it } from 'vitest';
import { balanceLedger } from '../../domain/cycle/balance-ledger';
import type { CycleData } from '../../domain/cycle/state';

const cycleWith = (budgetYear: number, resultOre: number | null, plan = false) =>
  ({ budgetYear, balance: { resultOre, recoveryPlan: plan ? {} : null } }) as unknown as CycleData;

describe('balanskrav ledger across cycles', () => {
  it('given a deficit in 2027, when 2028 and 2029 show surpluses, then the deficit follows and is restored oldest first', () => {
    const ledger = balanceLedger(
      [cycleWith(2029, 200), cycleWith(2027, -500, true), cycleWith(2028, 100), cycleWith(2026, null)],
      2029,
    );
    expect(ledger.deficits).toEqual([
      {
        originYear: 2027,
        deficitOre: 500,
        restoredOre: 300,
        outstandingOre: 200,
        dueYear: 2030,
        recoveryPlanAdopted: true,
        status: 'outstanding',
      },
    ]);
    expect(ledger.outstandingOre).toBe(200);
  });

  it('then a deficit not restored by its third year is overdue, and a restored one is shown as restored', () => {
    const overdue = balanceLedger([cycleWith(2027, -500)], 2031);
    expect(overdue.deficits[0]?.status).toBe('overdue');
    const restored = balanceLedger([cycleWith(2027, -500), cycleWith(2028, 900)], 2028);
    expect(restored.deficits[0]).toMatchObject({ status: 'restored', outstandingOre: 0 });
  });
});
