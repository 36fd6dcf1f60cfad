import { z } from 'zod';
import { lazyDiscriminatedUnion, lazySchema } from '../lazy-schema';
import { acceptingKronor, NonNegativeOre, Ore } from '../money';
import { Agenda2030Goal, Id, IsoDate, Text, Year } from '../primitives';
import type { TaskKind } from './kinds';

/** Goal fulfilment (måluppfyllelse): uppfyllt, delvis uppfyllt, ej uppfyllt, ej bedömt. */
export const GoalStatus = lazySchema(() =>
  z.enum(['achieved', 'partly_achieved', 'not_achieved', 'not_assessed']),
);
export type GoalStatus = z.infer<typeof GoalStatus>;

/** Måluppfyllelse for one goal (a council goal or an organ goal). */
export const GoalFulfilment = lazySchema(() =>
  z.object({
    goalId: Id,
    goalType: z.enum(['council', 'organ']),
    status: GoalStatus,
    comment: z.string().default(''),
  }),
);

function uniqueBy<T>(key: (t: T) => string): (items: T[]) => boolean {
  return (items) => new Set(items.map(key)).size === items.length;
}

/** A proposed or planned organ goal (nämndmål), linked to ≥1 council goal (riktningsmål). */
export const LinkedOrganGoal = lazySchema(() =>
  z.object({
    title: Text,
    description: z.string().default(''),
    councilGoalIds: z.array(Id).min(1, { error: 'Nämndmålet måste kopplas till minst ett riktningsmål' }),
    agenda2030Goals: z.array(Agenda2030Goal).default([]),
  }),
);

/** Nulägesanalys: the three parts of an organ's annual analysis. */
export const NulagesanalysContent = lazySchema(() =>
  z.object({
    /** Verksamhetsbeskrivning: the mandate made concrete. */
    verksamhetsbeskrivning: z.object({ text: Text }),
    /** Omvärldsanalys: per omvärldsfaktor, the risks and opportunities the organ sees. */
    omvarldsanalys: z.object({
      factors: z
        .array(
          z
            .object({
              externalFactorId: Id,
              risks: z.array(Text),
              opportunities: z.array(Text),
              response: z.string().default(''),
            })
            .refine((f) => f.risks.length + f.opportunities.length > 0, {
              error: 'Ange minst en risk eller möjlighet per omvärldsfaktor',
            }),
        )
        .min(1, { error: 'Omvärldsanalysen måste behandla omvärldsfaktorerna' })
        .refine(
          uniqueBy((f: { externalFactorId: string }) => f.externalFactorId),
          { error: 'En omvärldsfaktor får bara förekomma en gång' },
        ),
    }),
    /** Nulägesanalys: goal fulfilment and the proposed organ goals for next period. */
    nulagesanalys: z.object({
      goalFulfilment: z.array(GoalFulfilment).min(1, { error: 'Ange måluppfyllelse för minst ett mål' }),
      proposedOrganGoals: z.array(LinkedOrganGoal),
      conclusions: z.string().default(''),
    }),
  }),
);
export type NulagesanalysContent = z.infer<typeof NulagesanalysContent>;

/** KS's common omvärldsanalys, after the omvärldsdag. */
export const OmvarldsanalysContent = lazySchema(() =>
  z.object({
    summary: Text,
    factors: z
      .array(z.object({ externalFactorId: Id, analysis: Text }))
      .min(1, { error: 'Omvärldsanalysen måste behandla omvärldsfaktorerna' })
      .refine(
        uniqueBy((f: { externalFactorId: string }) => f.externalFactorId),
        { error: 'En omvärldsfaktor får bara förekomma en gång' },
      ),
    sources: z.array(Text).default([]),
  }),
);
export type OmvarldsanalysContent = z.infer<typeof OmvarldsanalysContent>;

/** Kinds of tillitsdialog: KS with an organ, within an organ, between departments (sektorer). */
export const DialogueKind = lazySchema(() =>
  z.enum(['ks_with_organ', 'within_organ', 'between_departments']),
);
export type DialogueKind = z.infer<typeof DialogueKind>;

/** The record of one tillitsdialog. */
export const TillitsdialogContent = lazySchema(() =>
  z
    .object({
      kind: DialogueKind,
      date: IsoDate,
      participants: z
        .array(
          z.object({
            name: Text,
            role: z.string().default(''),
            organId: Id.nullable().default(null),
            departmentId: Id.nullable().default(null),
          }),
        )
        .min(2, { error: 'En dialog har minst två deltagare' }),
      /** What was agreed (överenskommelser). */
      agreements: z.array(Text),
      /** Proposals for new assignments (nya uppdrag) or changed conditions (ändrade förutsättningar). */
      proposals: z.array(
        z.object({ type: z.enum(['new_assignment', 'changed_conditions']), description: Text }),
      ),
    })
    .refine(
      (d) =>
        d.kind !== 'between_departments' ||
        new Set(d.participants.map((p) => p.departmentId).filter((x) => x !== null)).size >= 2,
      { error: 'En dialog mellan sektorer kräver deltagare från minst två sektorer', path: ['participants'] },
    ),
);
export type TillitsdialogContent = z.infer<typeof TillitsdialogContent>;

/** A budget frame (ram) for one organ, in öre (given as amountOre, or amountSek in kronor). */
export const Frame = lazySchema(() =>
  acceptingKronor(z.object({ organId: Id, amountOre: NonNegativeOre }), ['amount']),
);
export type Frame = z.infer<typeof Frame>;

/** One year of the economic plan, in öre. */
export const PlanYear = lazySchema(() =>
  acceptingKronor(
    z.object({
      year: Year,
      /** Skatteintäkter och generella statsbidrag. */
      taxRevenueOre: Ore,
      /** Verksamhetens nettokostnader. */
      netCostOre: Ore,
      /** Resultat. */
      resultOre: Ore,
    }),
    ['taxRevenue', 'netCost', 'result'],
  ),
);
export type PlanYear = z.infer<typeof PlanYear>;

/** Three-year economic plan, budget year first, consecutive years. */
export const ThreeYearPlan = lazySchema(() =>
  z
    .array(PlanYear)
    .length(3, { error: 'Planen ska omfatta tre år' })
    .refine((p) => p.every((y, i) => i === 0 || y.year === (p[i - 1]?.year ?? 0) + 1), {
      error: 'Planens år ska följa på varandra, budgetåret först',
    }),
);

/** Budget proposal (KS) or adoption (KF): frames per organ and the three-year plan. */
export const BudgetContent = lazySchema(() =>
  z.object({
    frames: z
      .array(Frame)
      .min(1)
      .refine(
        uniqueBy((f: Frame) => f.organId),
        { error: 'Varje organ får bara en ram' },
      ),
    plan: ThreeYearPlan,
    /** Skattesats in öre per 100 kr of taxable income (2223 = 22,23 kr); integer to stay exact. */
    taxRateOre: z.number().int().positive().nullable().default(null),
  }),
);
export type BudgetContent = z.infer<typeof BudgetContent>;

const PlannedIndicator = lazySchema(() =>
  z.object({
    indicatorId: Id,
    name: Text,
    unit: Text,
    target: z.number().finite(),
    baseline: z.number().finite().nullable().default(null),
    period: z.object({ from: IsoDate, to: IsoDate }),
  }),
);

/** A nämnd's verksamhetsplan: organ goals linked to council goals, indicators, activities. */
export const VerksamhetsplanContent = lazySchema(() =>
  z.object({
    organGoals: z
      .array(
        LinkedOrganGoal.extend({
          goalId: Id,
          indicators: z.array(PlannedIndicator).default([]),
          activities: z
            .array(z.object({ activityId: Id, title: Text, dueDate: IsoDate.nullable().default(null) }))
            .default([]),
        }),
      )
      .min(1, { error: 'Verksamhetsplanen måste innehålla minst ett nämndmål' }),
    /** Internbudget lines, in öre. */
    internalBudget: z
      .array(acceptingKronor(z.object({ label: Text, amountOre: Ore }), ['amount']))
      .default([]),
  }),
);
export type VerksamhetsplanContent = z.infer<typeof VerksamhetsplanContent>;

/** Economic follow-up in öre. */
const ECONOMY_OUTCOME = { budgetOre: Ore, outcomeOre: Ore };

/** Delårsrapport: outcome to date, full-year forecast vs budget, goal fulfilment. */
export const DelarsrapportContent = lazySchema(() =>
  z.object({
    periodEnd: IsoDate,
    economy: acceptingKronor(z.object({ ...ECONOMY_OUTCOME, forecastOre: Ore }), [
      'budget',
      'outcome',
      'forecast',
    ]),
    goalFulfilment: z.array(GoalFulfilment).min(1, { error: 'Ange måluppfyllelse för minst ett mål' }),
    comment: z.string().default(''),
  }),
);
export type DelarsrapportContent = z.infer<typeof DelarsrapportContent>;

/** Årsrapport: the organ's part of the årsredovisning. */
export const ArsrapportContent = lazySchema(() =>
  z.object({
    economy: acceptingKronor(
      z.object({
        ...ECONOMY_OUTCOME,
        /** Forecast for the coming year, when the organ gives one. */
        forecastNextYearOre: Ore.nullable().default(null),
      }),
      ['budget', 'outcome', 'forecastNextYear'],
    ),
    goalFulfilment: z.array(GoalFulfilment).min(1, { error: 'Ange måluppfyllelse för minst ett mål' }),
    indicatorValues: z.array(z.object({ indicatorId: Id, value: z.number().finite() })).default([]),
    comment: z.string().default(''),
  }),
);
export type ArsrapportContent = z.infer<typeof ArsrapportContent>;

/** The content schema of each task kind. */
export const TASK_CONTENT_SCHEMAS = {
  omvarldsanalys: OmvarldsanalysContent,
  nulagesanalys: NulagesanalysContent,
  tillitsdialog: TillitsdialogContent,
  verksamhetsplan: VerksamhetsplanContent,
  delarsrapport: DelarsrapportContent,
  arsrapport: ArsrapportContent,
} as const satisfies { [K in TaskKind]: z.ZodType };

export type TaskContent<K extends TaskKind = TaskKind> = z.infer<(typeof TASK_CONTENT_SCHEMAS)[K]>;

/** A submission: the kind and its content (a tagged union on `kind`). */
export const TaskSubmission = lazyDiscriminatedUnion('kind', () => ({
  omvarldsanalys: z.object({ kind: z.literal('omvarldsanalys'), content: OmvarldsanalysContent }),
  nulagesanalys: z.object({ kind: z.literal('nulagesanalys'), content: NulagesanalysContent }),
  tillitsdialog: z.object({ kind: z.literal('tillitsdialog'), content: TillitsdialogContent }),
  verksamhetsplan: z.object({ kind: z.literal('verksamhetsplan'), content: VerksamhetsplanContent }),
  delarsrapport: z.object({ kind: z.literal('delarsrapport'), content: DelarsrapportContent }),
  arsrapport: z.object({ kind: z.literal('arsrapport'), content: ArsrapportContent }),
}));
export type TaskSubmission = z.infer<typeof TaskSubmission>;

/** Ids of all council goals referred to in a submission's content. */
export function councilGoalIdsIn(submission: TaskSubmission): string[] {
  const ids: string[] = [];
  if (submission.kind === 'nulagesanalys') {
    for (const g of submission.content.nulagesanalys.proposedOrganGoals) ids.push(...g.councilGoalIds);
    for (const g of submission.content.nulagesanalys.goalFulfilment)
      if (g.goalType === 'council') ids.push(g.goalId);
  }
  if (submission.kind === 'verksamhetsplan') {
    for (const g of submission.content.organGoals) ids.push(...g.councilGoalIds);
  }
  return [...new Set(ids)];
}

/** Ids of all external factors (omvärldsfaktorer) referred to in a submission's content. */
export function externalFactorIdsIn(submission: TaskSubmission): string[] {
  if (submission.kind === 'nulagesanalys') {
    return submission.content.omvarldsanalys.factors.map((f) => f.externalFactorId);
  }
  if (submission.kind === 'omvarldsanalys') return submission.content.factors.map((f) => f.externalFactorId);
  return [];
}
