/** The documents' charts: Vega-Lite specs over the snapshot's figures, each with its data as a table. */
import type { TopLevelSpec } from 'vega-lite';
import {
  type GoalAssessment,
  type IndicatorSeries,
  type OrganEconomy,
  type PhaseCompliance,
  yearlyTrend,
} from '../figures';
import { GOAL_STATUS_SV, kronor, number, PHASE_SV } from '../format';
import { type Chart, table } from '../model';
import { vegaLiteToSvg } from './vega-svg';

const STATUS_ORDER = ['achieved', 'partly_achieved', 'not_achieved', 'not_assessed'] as const;
const STATUS_COLORS = ['#1a7f37', '#d4a72c', '#cf222e', '#8c959f'];

export async function chart(
  id: string,
  title: string,
  alt: string,
  spec: TopLevelSpec,
  data: Chart['table'],
  source?: string,
): Promise<Chart> {
  const svg = await vegaLiteToSvg({ ...spec, title } as TopLevelSpec, { id, title, description: alt });
  return { type: 'chart', id, title, svg, alt, table: data, ...(source ? { source } : {}) };
}

/** Goal fulfilment per goal: how many organs judged each goal achieved, partly, not, not assessed. */
export function goalFulfilmentChart(
  id: string,
  title: string,
  assessments: GoalAssessment[],
): Promise<Chart> {
  const values = assessments.map((a) => ({
    goal: a.goalType === 'council' ? a.goalTitle : `${a.goalTitle} (nämndmål)`,
    status: GOAL_STATUS_SV[a.status],
    order: STATUS_ORDER.indexOf(a.status),
  }));
  const goals = [...new Set(values.map((v) => v.goal))];
  const rows = goals.map((goal) => [
    goal,
    ...STATUS_ORDER.map((st) =>
      String(values.filter((v) => v.goal === goal && v.status === GOAL_STATUS_SV[st]).length),
    ),
  ]);
  const achieved = assessments.filter((a) => a.status === 'achieved').length;
  const alt = `Stapeldiagram över ${goals.length} mål och ${assessments.length} bedömningar: ${achieved} uppfyllda, ${assessments.filter((a) => a.status === 'partly_achieved').length} delvis uppfyllda, ${assessments.filter((a) => a.status === 'not_achieved').length} ej uppfyllda.`;
  return chart(
    id,
    title,
    alt,
    {
      width: 420,
      height: { step: 26 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'goal', type: 'nominal', title: null, sort: goals },
        x: {
          aggregate: 'count',
          type: 'quantitative',
          title: 'Antal bedömningar',
          axis: { tickMinStep: 1, format: 'd' },
        },
        color: {
          field: 'status',
          type: 'nominal',
          title: 'Måluppfyllelse',
          scale: { domain: STATUS_ORDER.map((s) => GOAL_STATUS_SV[s]), range: STATUS_COLORS },
        },
        order: { field: 'order', type: 'quantitative' },
      },
    },
    table(`Underlag: ${title}`, ['Mål', ...STATUS_ORDER.map((s) => GOAL_STATUS_SV[s])], rows, [1, 2, 3, 4]),
  );
}

/** Budget against outcome (and forecast, when given) per organ, in kronor. */
export function budgetOutcomeChart(id: string, title: string, economy: OrganEconomy[]): Promise<Chart> {
  const withForecast = economy.some((e) => e.forecastOre !== null);
  const values = economy.flatMap((e) => [
    { organ: e.organName, measure: 'Budget', kr: e.budgetOre / 100 },
    { organ: e.organName, measure: 'Utfall', kr: e.outcomeOre / 100 },
    ...(e.forecastOre !== null ? [{ organ: e.organName, measure: 'Prognos', kr: e.forecastOre / 100 }] : []),
  ]);
  const measures = withForecast ? ['Budget', 'Utfall', 'Prognos'] : ['Budget', 'Utfall'];
  const rows = economy.map((e) => [
    e.organName,
    kronor(e.budgetOre),
    kronor(e.outcomeOre),
    ...(withForecast ? [e.forecastOre === null ? '–' : kronor(e.forecastOre)] : []),
    kronor(e.budgetOre - e.outcomeOre),
  ]);
  const over = economy.filter((e) => e.outcomeOre > e.budgetOre).map((e) => e.organName);
  const alt = `Stapeldiagram med budget och utfall för ${economy.length} organ. ${over.length === 0 ? 'Inget organ har ett utfall över budget.' : `Utfall över budget: ${over.join(', ')}.`}`;
  return chart(
    id,
    title,
    alt,
    {
      width: 420,
      height: { step: 14 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'organ', type: 'nominal', title: null },
        yOffset: { field: 'measure', sort: measures },
        x: { field: 'kr', type: 'quantitative', title: 'Kronor', axis: { format: '$,.0f', labelAngle: -30 } },
        color: {
          field: 'measure',
          type: 'nominal',
          title: null,
          sort: measures,
          scale: { range: ['#0969da', '#bc4c00', '#8250df'] },
        },
      },
    },
    table(
      `Underlag: ${title}`,
      ['Organ', 'Budget', 'Utfall', ...(withForecast ? ['Prognos'] : []), 'Avvikelse (budget − utfall)'],
      rows,
      withForecast ? [1, 2, 3, 4] : [1, 2, 3],
    ),
  );
}

/** One indicator per line under the chart: long names would otherwise widen (and so shrink) it. */
const INDICATOR_LEGEND = { orient: 'bottom', direction: 'vertical', labelLimit: 640 } as const;

/** The Kolada attributions of the series that show Kolada values, one per KPI. */
export function koladaSources(series: readonly IndicatorSeries[]): string | undefined {
  const sources = series
    .filter((s) => s.points.some((p) => p.origin === 'kolada'))
    .map((s) => s.kolada?.source ?? '');
  return sources.length > 0 ? [...new Set(sources)].join('; ') : undefined;
}

/** Each indicator's measured values over the years (one per year), with its target as a dashed line. */
export function indicatorTrendChart(id: string, title: string, series: IndicatorSeries[]): Promise<Chart> {
  const values = series.flatMap((s) =>
    yearlyTrend(s.points).map((p) => ({
      indicator: `${s.organName}: ${s.name}`,
      year: String(p.year),
      value: p.value,
    })),
  );
  const targets = series
    .filter((s) => s.target !== null)
    .map((s) => ({ indicator: `${s.organName}: ${s.name}`, target: s.target }));
  const rows = series.map((s) => [
    `${s.organName}: ${s.name}`,
    s.unit,
    s.baseline === null ? 'Ej registrerat' : number(s.baseline),
    s.target === null ? 'Ej registrerat' : number(s.target),
    s.points.length === 0
      ? 'Inga mätvärden registrerade'
      : yearlyTrend(s.points)
          .map((p) => `${p.year}: ${number(p.value)}${p.origin === 'kolada' ? ' (Kolada)' : ''}`)
          .join('; '),
  ]);
  const measured = series.filter((s) => s.points.length > 0).length;
  const alt = `Linjediagram över ${series.length === 1 ? 'en indikator' : `${series.length} indikatorer`}, ${measured} med mätvärden; målvärdet visas som streckad linje.`;
  return chart(
    id,
    title,
    alt,
    {
      width: 420,
      height: 220,
      layer: [
        {
          data: { values },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'year', type: 'ordinal', title: 'År', axis: { labelAngle: 0 } },
            y: { field: 'value', type: 'quantitative', title: 'Värde', scale: { zero: false } },
            color: { field: 'indicator', type: 'nominal', title: 'Indikator', legend: INDICATOR_LEGEND },
          },
        },
        {
          data: { values: targets },
          mark: { type: 'rule', strokeDash: [4, 4] },
          encoding: {
            y: { field: 'target', type: 'quantitative' },
            color: { field: 'indicator', type: 'nominal', title: 'Indikator', legend: INDICATOR_LEGEND },
          },
        },
      ],
    } as TopLevelSpec,
    table(
      `Underlag: ${title}`,
      ['Indikator', 'Enhet', 'Utgångsvärde', 'Målvärde', 'Mätvärden per år'],
      rows,
      [2, 3],
    ),
    koladaSources(series),
  );
}

/** Tasks per phase: handed in by sista dag, late, missed, not yet due. */
export function deadlineComplianceChart(
  id: string,
  title: string,
  phases: PhaseCompliance[],
): Promise<Chart> {
  const labels = ['I tid', 'Sent', 'Missad', 'Ej förfallen'] as const;
  const values = phases.flatMap((p) =>
    [p.onTime, p.late, p.missed, p.notDue].map((n, i) => ({
      phase: PHASE_SV[p.phase],
      outcome: labels[i],
      n,
      order: i,
    })),
  );
  const rows = phases.map((p) => [
    PHASE_SV[p.phase],
    String(p.onTime),
    String(p.late),
    String(p.missed),
    String(p.notDue),
  ]);
  const total = phases.reduce((n, p) => n + p.onTime + p.late + p.missed + p.notDue, 0);
  const late = phases.reduce((n, p) => n + p.late, 0);
  const missed = phases.reduce((n, p) => n + p.missed, 0);
  const alt = `Stapeldiagram över ${total} uppgifter i ${phases.length} faser: ${late} inlämnade efter sista dag, ${missed} missade.`;
  return chart(
    id,
    title,
    alt,
    {
      width: 420,
      height: { step: 26 },
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'phase', type: 'nominal', title: null, sort: phases.map((p) => PHASE_SV[p.phase]) },
        x: {
          field: 'n',
          type: 'quantitative',
          aggregate: 'sum',
          title: 'Antal uppgifter',
          axis: { tickMinStep: 1, format: 'd' },
        },
        color: {
          field: 'outcome',
          type: 'nominal',
          title: 'Sista dag',
          scale: { domain: [...labels], range: ['#1a7f37', '#d4a72c', '#cf222e', '#8c959f'] },
        },
        order: { field: 'order', type: 'quantitative' },
      },
    },
    table(`Underlag: ${title}`, ['Fas', ...labels], rows, [1, 2, 3, 4]),
  );
}
