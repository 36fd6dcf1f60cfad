/** The charts the web page shows on their own (served as SVG by the API). */
import {
  budgetOutcomeChart,
  deadlineComplianceChart,
  goalFulfilmentChart,
  indicatorTrendChart,
} from './charts/charts';
import {
  deadlineCompliance,
  goalAssessments,
  indicatorSeries,
  organEconomy,
  type ReportKind,
} from './figures';
import type { Chart } from './model';
import type { CycleSnapshot } from './snapshot';

export const CHART_NAMES = ['maluppfyllelse', 'budget-utfall', 'indikatorer', 'sista-dag'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

/** The newest report the organs have handed in: the årsrapport once there is one, else the delårsrapport. */
function latestReport(s: CycleSnapshot): ReportKind {
  return s.tasks.some((t) => t.kind === 'arsrapport' && t.submission) ? 'arsrapport' : 'delarsrapport';
}

const REPORT_SV: Record<ReportKind, string> = {
  delarsrapport: 'delårsrapporterna',
  arsrapport: 'årsrapporterna',
};

export function cycleChart(s: CycleSnapshot, name: ChartName, budgetYear: number): Promise<Chart> {
  const report = latestReport(s);
  switch (name) {
    case 'maluppfyllelse':
      return goalFulfilmentChart(
        name,
        `Måluppfyllelse per mål enligt ${REPORT_SV[report]} ${budgetYear}`,
        goalAssessments(s, report),
      );
    case 'budget-utfall':
      return budgetOutcomeChart(
        name,
        `Budget och utfall per organ enligt ${REPORT_SV[report]} ${budgetYear}`,
        organEconomy(s, report),
      );
    case 'indikatorer':
      return indicatorTrendChart(name, 'Indikatorernas utveckling över åren', indicatorSeries(s, budgetYear));
    case 'sista-dag':
      return deadlineComplianceChart(
        name,
        `Uppgifter mot sista dag per fas, cykel ${budgetYear}`,
        deadlineCompliance(s),
      );
  }
}
