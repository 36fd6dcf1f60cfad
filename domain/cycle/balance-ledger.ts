import type { CycleData } from './state';

/** One year's negative balanskravsresultat and how much of it later years' results have restored. */
export interface DeficitEntry {
  originYear: number;
  deficitOre: number;
  restoredOre: number;
  outstandingOre: number;
  /** The last year of the three in which it must be restored (KL 11 kap 12 §). */
  dueYear: number;
  recoveryPlanAdopted: boolean;
  status: 'restored' | 'outstanding' | 'overdue';
}

/**
 * The balanskrav ledger across cycles, read from each cycle's own events (one authority): a negative
 * result opens a deficit, a positive one restores the oldest outstanding deficits first.
 */
export function balanceLedger(
  cycles: readonly CycleData[],
  currentYear: number,
): { deficits: DeficitEntry[]; outstandingOre: number } {
  const deficits: DeficitEntry[] = [];
  for (const c of [...cycles].sort((a, b) => a.budgetYear - b.budgetYear)) {
    const result = c.balance.resultOre;
    if (result === null) continue;
    if (result < 0) {
      deficits.push({
        originYear: c.budgetYear,
        deficitOre: -result,
        restoredOre: 0,
        outstandingOre: -result,
        dueYear: c.budgetYear + 3,
        recoveryPlanAdopted: c.balance.recoveryPlan !== null,
        status: 'outstanding',
      });
      continue;
    }
    let surplus = result;
    for (const d of deficits) {
      const restored = Math.min(surplus, d.outstandingOre);
      d.restoredOre += restored;
      d.outstandingOre -= restored;
      surplus -= restored;
    }
  }
  for (const d of deficits) {
    d.status = d.outstandingOre === 0 ? 'restored' : currentYear > d.dueYear ? 'overdue' : 'outstanding';
  }
  return { deficits, outstandingOre: deficits.reduce((sum, d) => sum + d.outstandingOre, 0) };
}
