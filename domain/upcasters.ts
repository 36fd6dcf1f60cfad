import { z } from 'zod';
import { Decision } from './decision';
import { EventMeta, Id } from './primitives';
import { ThreeYearPlan } from './task/content';

/**
 * Upcasters turn the data of an old event version into the next version's data.
 * Keyed by `${type}@${fromVersion}`; parseEvent chains them up to the current version.
 */
export type Upcaster = (data: unknown) => unknown;

/**
 * BudgetProposed v1 (legacy): frames were a map organId → amount in thousands of kronor (tkr),
 * and there was no tax rate.
 */
export const BudgetProposedV1Data = z.object({
  ...EventMeta,
  decision: Decision,
  framesTkr: z.record(Id, z.number().int()),
  plan: ThreeYearPlan,
});

/** v1 → v2: frames become a list of { organId, amountSek } in whole kronor; taxRateOre = null. */
export function upcastBudgetProposedV1(data: unknown): unknown {
  const v1 = BudgetProposedV1Data.parse(data);
  const { framesTkr, ...rest } = v1;
  return {
    ...rest,
    frames: Object.entries(framesTkr).map(([organId, tkr]) => ({ organId, amountSek: tkr * 1000 })),
    taxRateOre: null,
  };
}

export const UPCASTERS: Readonly<Record<string, Upcaster>> = {
  'BudgetProposed@1': upcastBudgetProposedV1,
};
