import { z } from 'zod';
import { Decision } from './decision';
import { lazySchema } from './lazy-schema';
import { MAX_ORE } from './money';
import { EventMeta, Id } from './primitives';

/**
 * Upcasters turn the data of an old event version into the next version's data.
 * Keyed by `${type}@${fromVersion}`; parseEvent chains them up to the current version.
 */
export type Upcaster = (data: unknown) => unknown;

/** Whole kronor as stored before öre (any safe integer). */
const WholeKronor = lazySchema(() => z.number().int().safe());
const LegacyPlanYear = lazySchema(() =>
  z.object({
    year: z.number().int(),
    taxRevenueSek: WholeKronor,
    netCostSek: WholeKronor,
    resultSek: WholeKronor,
  }),
);

/**
 * BudgetProposed v1 (legacy): frames were a map organId → amount in thousands of kronor (tkr),
 * and there was no tax rate.
 */
export const BudgetProposedV1Data = lazySchema(() =>
  z.looseObject({
    ...EventMeta,
    decision: Decision,
    framesTkr: z.record(Id, z.number().int()),
    plan: z.array(LegacyPlanYear),
  }),
);

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

/** Whole kronor → öre; refuses (rather than rounds) an amount that would leave the safe range. */
function kronorToOreExact(kronor: number): number {
  const ore = kronor * 100;
  if (!Number.isSafeInteger(ore) || Math.abs(ore) > MAX_ORE) {
    throw new Error(`Beloppet ${kronor} kr ryms inte i öre`);
  }
  return ore;
}

/** Renames `<name>Sek` (whole kronor) to `<name>Ore` for each name that is present. */
function toOre(record: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  for (const name of names) {
    const key = `${name}Sek`;
    if (!Object.hasOwn(record, key)) continue;
    const kronor = record[key];
    delete out[key];
    out[`${name}Ore`] = kronor === null ? null : kronorToOreExact(WholeKronor.parse(kronor));
  }
  return out;
}

const LegacyBudgetContent = lazySchema(() =>
  z.looseObject({
    frames: z.array(z.looseObject({ organId: Id, amountSek: WholeKronor })),
    plan: z.array(LegacyPlanYear),
  }),
);

/** Budget content in whole kronor → öre: frames and the three-year plan. */
function budgetContentToOre(data: unknown): unknown {
  const content = LegacyBudgetContent.parse(data);
  return {
    ...content,
    frames: content.frames.map((f) => toOre(f, ['amount'])),
    plan: content.plan.map((p) => toOre(p, ['taxRevenue', 'netCost', 'result'])),
  };
}

const LegacySubmission = lazySchema(() => z.object({ kind: z.string(), content: z.looseObject({}) }));
// Built once: building a zod schema costs more than parsing with it, and this runs on every stored v1 event read.
const TaskSubmittedV1Data = lazySchema(() => z.looseObject({ submission: LegacySubmission }));

/** TaskSubmitted v1 → v2: the amounts in the submission's content go from whole kronor to öre. */
export function upcastTaskSubmittedV1(data: unknown): unknown {
  const v1 = TaskSubmittedV1Data.parse(data);
  const { kind, content } = v1.submission;
  let upcast: unknown = content;
  if (kind === 'budgetproposal' || kind === 'budgetadoption') upcast = budgetContentToOre(content);
  if (kind === 'verksamhetsplan' && Array.isArray(content.internalBudget)) {
    upcast = {
      ...content,
      internalBudget: content.internalBudget.map((line: Record<string, unknown>) => toOre(line, ['amount'])),
    };
  }
  if ((kind === 'delarsrapport' || kind === 'arsrapport') && typeof content.economy === 'object') {
    const economy = content.economy as Record<string, unknown>;
    upcast = {
      ...content,
      economy: toOre(economy, ['budget', 'outcome', 'forecast', 'forecastNextYear']),
    };
  }
  return { ...v1, submission: { kind, content: upcast } };
}

export const UPCASTERS: Readonly<Record<string, Upcaster>> = {
  'BudgetProposed@1': upcastBudgetProposedV1,
  /** v2 → v3: amounts from whole kronor to öre. */
  'BudgetProposed@2': budgetContentToOre,
  /** v1 → v2: amounts from whole kronor to öre. */
  'BudgetAdopted@1': budgetContentToOre,
  'TaskSubmitted@1': upcastTaskSubmittedV1,
};
