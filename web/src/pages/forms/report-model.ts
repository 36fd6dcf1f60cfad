import type { GoalStatus, VerksamhetsplanContent } from '../../../../domain/task/content';
import { Conversion, kronorText, numberText } from './convert';
import { councilGoalsOf, type FormContext } from './kind';

/** What the delårsrapport and the årsrapport share: the economy and the goal fulfilment per goal. */
export interface ReportDraft {
  periodEnd: string;
  budget: string;
  outcome: string;
  /** Delårsrapport: the full year's forecast; årsrapport: next year's (optional). */
  forecast: string;
  goals: Record<string, { status: GoalStatus | ''; comment: string }>;
  indicatorValues: Record<string, string>;
  comment: string;
}

export interface ReportGoal {
  key: string;
  goalId: string;
  goalType: 'council' | 'organ';
  title: string;
}

const planOf = (ctx: FormContext) => ctx.plan as Partial<VerksamhetsplanContent> | null;

/** The goals an organ reports on: the riktningsmål in force, then its own nämndmål (plan and steering). */
export function reportGoals(ctx: FormContext): ReportGoal[] {
  const council = councilGoalsOf(ctx).map((g) => ({
    key: `council:${g.goalId}`,
    goalId: g.goalId,
    goalType: 'council' as const,
    title: g.title,
  }));
  const own = new Map<string, string>();
  for (const g of planOf(ctx)?.organGoals ?? []) own.set(g.goalId, g.title);
  for (const g of Object.values(ctx.municipality.steering.organGoals ?? {}))
    if (g.organId === ctx.task.organId && g.year === ctx.task.budgetYear) own.set(g.goalId, g.title);
  const organ = [...own].map(([goalId, title]) => ({
    key: `organ:${goalId}`,
    goalId,
    goalType: 'organ' as const,
    title,
  }));
  return [...council, ...organ];
}

/** The indicators of the organ's plan for the year (the årsrapport gives their values). */
export function reportIndicators(ctx: FormContext) {
  const found = new Map<string, { indicatorId: string; name: string; unit: string; target: number }>();
  for (const g of planOf(ctx)?.organGoals ?? [])
    for (const i of g.indicators ?? []) found.set(i.indicatorId, i);
  return [...found.values()];
}

export const emptyReport = (): ReportDraft => ({
  periodEnd: '',
  budget: '',
  outcome: '',
  forecast: '',
  goals: {},
  indicatorValues: {},
  comment: '',
});

interface ReportContent {
  periodEnd?: string;
  economy?: Record<string, number | null | undefined>;
  goalFulfilment?: { goalId: string; goalType: string; status: GoalStatus; comment?: string }[];
  indicatorValues?: { indicatorId: string; value: number }[];
  comment?: string;
}

export function reportFromContent(
  content: unknown,
  forecastKey: 'forecastOre' | 'forecastNextYearOre',
): ReportDraft {
  const c = content as ReportContent;
  return {
    periodEnd: c.periodEnd ?? '',
    budget: kronorText(c.economy?.budgetOre),
    outcome: kronorText(c.economy?.outcomeOre),
    forecast: kronorText(c.economy?.[forecastKey]),
    goals: Object.fromEntries(
      (c.goalFulfilment ?? []).map((g) => [
        `${g.goalType}:${g.goalId}`,
        { status: g.status, comment: g.comment ?? '' },
      ]),
    ),
    indicatorValues: Object.fromEntries(
      (c.indicatorValues ?? []).map((v) => [v.indicatorId, numberText(v.value)]),
    ),
    comment: c.comment ?? '',
  };
}

/** Only the fields given: an absent amount lets the schema ask for it ("Ange budget"). */
const given = (entries: [string, unknown][]) =>
  Object.fromEntries(entries.filter(([, v]) => v !== undefined));

export function reportEconomy(
  draft: ReportDraft,
  convert: Conversion,
  forecast: 'forecast' | 'forecastNextYear',
) {
  return given([
    ['budgetSek', convert.kronor(draft.budget, ['economy', 'budgetOre'])],
    ['outcomeSek', convert.kronor(draft.outcome, ['economy', 'outcomeOre'])],
    [
      `${forecast}Sek`,
      convert.kronor(
        draft.forecast,
        ['economy', `${forecast}Ore`],
        forecast === 'forecastNextYear' ? null : undefined,
      ),
    ],
  ]);
}

export function reportFulfilment(draft: ReportDraft, ctx: FormContext) {
  return reportGoals(ctx)
    .filter((g) => draft.goals[g.key]?.status)
    .map((g) => ({
      goalId: g.goalId,
      goalType: g.goalType,
      status: draft.goals[g.key]?.status,
      comment: draft.goals[g.key]?.comment.trim() ?? '',
    }));
}

export function reportIndicatorValues(draft: ReportDraft, ctx: FormContext, convert: Conversion) {
  const values: { indicatorId: string; value: number }[] = [];
  reportIndicators(ctx).forEach((ind, i) => {
    const value = convert.number(draft.indicatorValues[ind.indicatorId] ?? '', [
      'indicatorValues',
      i,
      'value',
    ]);
    if (typeof value === 'number') values.push({ indicatorId: ind.indicatorId, value });
  });
  return values;
}

export { Conversion };
