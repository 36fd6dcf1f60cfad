import type { VerksamhetsplanContent } from '../../../../domain/task/content';
import { Conversion, kronorText, numberText } from './convert';
import { type FormContext, newKey } from './kind';

/** The verksamhetsplan form's draft: nämndmål with indicators and activities, and the internbudget. */
export interface IndicatorDraft {
  key: string;
  indicatorId: string;
  name: string;
  unit: string;
  target: string;
  baseline: string;
  from: string;
  to: string;
}
export interface ActivityDraft {
  key: string;
  activityId: string;
  title: string;
  dueDate: string;
}
export interface GoalDraft {
  key: string;
  goalId: string;
  title: string;
  description: string;
  councilGoalIds: string[];
  agenda2030Goals: number[];
  indicators: IndicatorDraft[];
  activities: ActivityDraft[];
}
export interface BudgetLineDraft {
  key: string;
  label: string;
  amount: string;
}
export interface PlanDraft {
  organGoals: GoalDraft[];
  internalBudget: BudgetLineDraft[];
}

/** Ids for new goals, indicators and activities: the organ, the year and a short random part. */
const newId = (ctx: FormContext, what: string) =>
  `${ctx.task.organId}-${ctx.task.budgetYear}-${what}-${Math.random().toString(36).slice(2, 8)}`;

export const blankIndicator = (ctx: FormContext): IndicatorDraft => ({
  key: newKey(),
  indicatorId: newId(ctx, 'ind'),
  name: '',
  unit: '',
  target: '',
  baseline: '',
  from: `${ctx.task.budgetYear}-01-01`,
  to: `${ctx.task.budgetYear}-12-31`,
});
export const blankActivity = (ctx: FormContext): ActivityDraft => ({
  key: newKey(),
  activityId: newId(ctx, 'akt'),
  title: '',
  dueDate: '',
});
export const blankGoal = (ctx: FormContext): GoalDraft => ({
  key: newKey(),
  goalId: newId(ctx, 'mal'),
  title: '',
  description: '',
  councilGoalIds: [],
  agenda2030Goals: [],
  indicators: [],
  activities: [],
});

/** Moves a date of the previous cycle's plan into this budget year (same month and day). */
const intoYear = (date: string | null | undefined, year: number, from: number) =>
  date ? date.replace(/^\d{4}/, (y) => String(Number(y) + (year - from))) : '';

/** A submitted plan as a draft; a previous cycle's gets new ids and its dates moved to this year. */
export function planFromContent(content: unknown, ctx: FormContext, fromYear: number): PlanDraft {
  const c = content as Partial<VerksamhetsplanContent>;
  const year = ctx.task.budgetYear;
  const same = fromYear === year;
  return {
    organGoals: (c.organGoals ?? []).map((g) => ({
      key: newKey(),
      goalId: same ? g.goalId : newId(ctx, 'mal'),
      title: g.title,
      description: g.description ?? '',
      councilGoalIds: [...g.councilGoalIds],
      agenda2030Goals: [...(g.agenda2030Goals ?? [])],
      indicators: (g.indicators ?? []).map((i) => ({
        key: newKey(),
        indicatorId: same ? i.indicatorId : newId(ctx, 'ind'),
        name: i.name,
        unit: i.unit,
        target: numberText(i.target),
        baseline: numberText(i.baseline),
        from: intoYear(i.period.from, year, fromYear),
        to: intoYear(i.period.to, year, fromYear),
      })),
      activities: (g.activities ?? []).map((a) => ({
        key: newKey(),
        activityId: same ? a.activityId : newId(ctx, 'akt'),
        title: a.title,
        dueDate: intoYear(a.dueDate, year, fromYear),
      })),
    })),
    internalBudget: (c.internalBudget ?? []).map((l) => ({
      key: newKey(),
      label: l.label,
      amount: kronorText(l.amountOre),
    })),
  };
}

export function planToContent(draft: PlanDraft) {
  const convert = new Conversion();
  const content = {
    organGoals: draft.organGoals.map((g, gi) => ({
      goalId: g.goalId,
      title: g.title,
      description: g.description.trim(),
      councilGoalIds: g.councilGoalIds,
      agenda2030Goals: [...g.agenda2030Goals].sort((a, b) => a - b),
      indicators: g.indicators.map((i, ii) => ({
        indicatorId: i.indicatorId,
        name: i.name,
        unit: i.unit,
        target: convert.number(i.target, ['organGoals', gi, 'indicators', ii, 'target']),
        baseline: convert.number(i.baseline, ['organGoals', gi, 'indicators', ii, 'baseline'], null),
        period: { from: convert.date(i.from), to: convert.date(i.to) },
      })),
      activities: g.activities.map((a) => ({
        activityId: a.activityId,
        title: a.title,
        dueDate: convert.date(a.dueDate, null),
      })),
    })),
    internalBudget: draft.internalBudget.map((l, li) => ({
      label: l.label,
      amountSek: convert.kronor(l.amount, ['internalBudget', li, 'amountOre']),
    })),
  };
  return { content, issues: convert.issues };
}
