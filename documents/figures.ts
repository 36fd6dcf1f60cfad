/** The figures the documents and charts show, derived from a cycle snapshot (pure functions). */
import { isPastDeadline } from '../domain/calendar/dates';
import { PHASES, type Phase } from '../domain/calendar/schema';
import type { CycleOrgan } from '../domain/cycle/events';
import type { ArsrapportContent, DelarsrapportContent, GoalStatus } from '../domain/task/content';
import type { AssignedTask } from '../domain/task/state';
import { type KoladaSeries, koladaSeriesOf } from './kolada-figures';
import type { CycleSnapshot } from './snapshot';

export type ReportKind = 'delarsrapport' | 'arsrapport';

/** The newest submission of each organ's task of a kind (a returned one counts until resubmitted). */
export function submissionsOf<K extends ReportKind | 'verksamhetsplan' | 'tillitsdialog'>(
  s: CycleSnapshot,
  kind: K,
): { task: AssignedTask; organ: CycleOrgan | undefined; content: unknown }[] {
  return s.tasks
    .filter((t) => t.kind === kind && t.submission !== null)
    .map((t) => ({ task: t, organ: s.cycle?.organs[t.organId], content: t.submission?.submission.content }));
}

export function organName(s: CycleSnapshot, organId: string): string {
  return s.cycle?.organs[organId]?.name ?? s.municipality.organs[organId]?.name ?? organId;
}

export interface GoalAssessment {
  goalId: string;
  goalType: 'council' | 'organ';
  goalTitle: string;
  organId: string;
  organName: string;
  status: GoalStatus;
  comment: string;
}

export function goalTitle(s: CycleSnapshot, goalId: string, goalType: 'council' | 'organ'): string {
  const steering = s.municipality.steering;
  if (goalType === 'council') return steering.councilGoals[goalId]?.title ?? goalId;
  const fromSteering = steering.organGoals[goalId]?.title;
  if (fromSteering) return fromSteering;
  for (const { content } of submissionsOf(s, 'verksamhetsplan')) {
    const plan = content as { organGoals: { goalId: string; title: string }[] };
    const goal = plan.organGoals.find((g) => g.goalId === goalId);
    if (goal) return goal.title;
  }
  return goalId;
}

/** Every organ's assessment of every goal in its delårsrapport or årsrapport. */
export function goalAssessments(s: CycleSnapshot, kind: ReportKind): GoalAssessment[] {
  return submissionsOf(s, kind).flatMap(({ task, content }) =>
    (content as DelarsrapportContent | ArsrapportContent).goalFulfilment.map((g) => ({
      goalId: g.goalId,
      goalType: g.goalType,
      goalTitle: goalTitle(s, g.goalId, g.goalType),
      organId: task.organId,
      organName: organName(s, task.organId),
      status: g.status,
      comment: g.comment,
    })),
  );
}

export interface OrganEconomy {
  organId: string;
  organName: string;
  /** KF's frame in the adopted budget, or null (bolag have none). */
  frameOre: number | null;
  budgetOre: number;
  outcomeOre: number;
  /** Full-year forecast (delårsrapport) or next year's (årsrapport), when given. */
  forecastOre: number | null;
  comment: string;
}

export function organEconomy(s: CycleSnapshot, kind: ReportKind): OrganEconomy[] {
  const frames = s.cycle?.budget.adoption?.frames ?? [];
  return submissionsOf(s, kind).map(({ task, content }) => {
    const c = content as DelarsrapportContent | ArsrapportContent;
    const forecast = 'forecastOre' in c.economy ? c.economy.forecastOre : c.economy.forecastNextYearOre;
    return {
      organId: task.organId,
      organName: organName(s, task.organId),
      frameOre: frames.find((f) => f.organId === task.organId)?.amountOre ?? null,
      budgetOre: c.economy.budgetOre,
      outcomeOre: c.economy.outcomeOre,
      forecastOre: forecast ?? null,
      comment: c.comment,
    };
  });
}

export interface PhaseCompliance {
  phase: Phase;
  onTime: number;
  late: number;
  /** Sista dag passed as of the snapshot without a submission. */
  missed: number;
  /** Not yet due as of the snapshot, nor submitted. */
  notDue: number;
}

/** Tasks per phase: handed in by sista dag, late, missed, or not yet due (as of the snapshot). */
export function deadlineCompliance(s: CycleSnapshot): PhaseCompliance[] {
  return PHASES.map((phase) => {
    const tasks = s.tasks.filter((t) => t.phase === phase);
    const submittedLate = (t: AssignedTask) => t.submission?.late === true || t.escalatedForDueDate !== null;
    return {
      phase,
      onTime: tasks.filter((t) => t.submission && !submittedLate(t)).length,
      late: tasks.filter((t) => t.submission && submittedLate(t)).length,
      missed: tasks.filter((t) => !t.submission && isPastDeadline(t.dueDate, s.asOf)).length,
      notDue: tasks.filter((t) => !t.submission && !isPastDeadline(t.dueDate, s.asOf)).length,
    };
  }).filter((p) => p.onTime + p.late + p.missed + p.notDue > 0);
}

export interface IndicatorSeries {
  indicatorId: string;
  name: string;
  unit: string;
  organName: string;
  target: number | null;
  baseline: number | null;
  /** Measured values by year: the indicator's recorded values, the årsrapporter's and Kolada's. */
  points: IndicatorPoint[];
  /** The values recorded from Kolada, with the comparison municipalities, when the indicator is bound. */
  kolada: KoladaSeries | null;
}

export interface IndicatorPoint {
  year: number;
  value: number;
  source: string;
  origin: 'recorded' | 'annual_report' | 'kolada';
}

const ORIGIN_RANK: Record<IndicatorPoint['origin'], number> = { recorded: 0, annual_report: 1, kolada: 2 };

/**
 * One value per year for a trend line: Kolada's published value first, then the årsrapport's, then the
 * newest value recorded that year.
 */
export function yearlyTrend(points: readonly IndicatorPoint[]): IndicatorPoint[] {
  const byYear = new Map<number, IndicatorPoint>();
  for (const p of points) {
    const held = byYear.get(p.year);
    if (!held || ORIGIN_RANK[p.origin] >= ORIGIN_RANK[held.origin]) byYear.set(p.year, p);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

interface PlannedIndicator {
  indicatorId: string;
  name: string;
  unit: string;
  target: number;
  baseline: number | null;
}

/** Each indicator's values over the years: the steering's recorded values and the annual reports'. */
export function indicatorSeries(s: CycleSnapshot, budgetYear: number): IndicatorSeries[] {
  const series = new Map<string, IndicatorSeries>();
  for (const ind of Object.values(s.municipality.steering.indicators)) {
    const goal = s.municipality.steering.organGoals[ind.organGoalId];
    series.set(ind.indicatorId, {
      indicatorId: ind.indicatorId,
      name: ind.name,
      unit: ind.unit,
      organName: goal ? organName(s, goal.organId) : '',
      target: ind.target,
      baseline: ind.baseline,
      points: ind.values.map((v) => ({
        year: Number(v.measuredOn.slice(0, 4)),
        value: v.value,
        source: `Registrerat ${v.measuredOn}`,
        origin: 'recorded' as const,
      })),
      kolada: null,
    });
  }
  for (const { task, content } of submissionsOf(s, 'verksamhetsplan')) {
    for (const goal of (content as { organGoals: { indicators: PlannedIndicator[] }[] }).organGoals) {
      for (const ind of goal.indicators) {
        if (series.has(ind.indicatorId)) continue;
        series.set(ind.indicatorId, {
          ...ind,
          organName: organName(s, task.organId),
          points: [],
          kolada: null,
        });
      }
    }
  }
  for (const { task, content } of submissionsOf(s, 'arsrapport')) {
    for (const v of (content as ArsrapportContent).indicatorValues) {
      const entry = series.get(v.indicatorId);
      if (!entry || entry.points.some((p) => p.year === budgetYear)) continue;
      entry.points.push({
        year: budgetYear,
        value: v.value,
        source: `Årsrapport ${organName(s, task.organId)}`,
        origin: 'annual_report',
      });
    }
  }
  for (const entry of series.values()) {
    entry.kolada = koladaSeriesOf(s, entry.indicatorId);
    const own = entry.kolada?.lines.find((l) => l.own);
    for (const p of own?.points ?? []) {
      entry.points.push({ ...p, origin: 'kolada' });
    }
    entry.points.sort((a, b) => a.year - b.year);
  }
  return [...series.values()];
}
