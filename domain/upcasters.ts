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

type Json = Record<string, unknown>;

/** A JSON object as Zod's object schemas take one: not null, not an array. */
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * TaskSubmitted v1's data with its submission's kind and content, or an error: the checks
 * z.looseObject({ submission: z.object({ kind: z.string(), content: z.looseObject({}) }) }) made,
 * written out because every stored v1 event is read through here (a rebuild reads them all), and the
 * loose objects made Zod copy every key of the event and of the content one by one, for the upcast to
 * copy them once more. The upcast's result is the same (the data with a new submission of only kind and
 * content), and the whole event is validated against the current schema after it anyway.
 */
function taskSubmittedV1(data: unknown): Json & { submission: { kind: string; content: Json } } {
  if (!isObject(data)) throw new Error('TaskSubmitted v1: data is not an object');
  const submission = data.submission;
  if (!isObject(submission)) throw new Error('TaskSubmitted v1: submission is not an object');
  const { kind, content } = submission;
  if (typeof kind !== 'string') throw new Error('TaskSubmitted v1: submission.kind is not a text');
  if (!isObject(content)) throw new Error('TaskSubmitted v1: submission.content is not an object');
  return { ...data, submission: { kind, content } };
}

/** TaskSubmitted v1 → v2: the amounts in the submission's content go from whole kronor to öre. */
export function upcastTaskSubmittedV1(data: unknown): unknown {
  const v1 = taskSubmittedV1(data);
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
