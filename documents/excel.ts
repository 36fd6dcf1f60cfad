/**
 * Excel export of a cycle: budget frames, the economic plan, the verksamhetsplaner and indicator
 * values, with amounts as numbers in kronor and dates as real dates. Number formats are stored in
 * Excel's invariant notation (`#,##0.00 "kr"`), which a Swedish Excel shows as `1 234 567,00 kr`.
 */
import type ExcelJS from 'exceljs';
import type { VerksamhetsplanContent } from '../domain/task/content';
import { indicatorSeries, organEconomy, organName, submissionsOf } from './figures';
import type { CycleSnapshot } from './snapshot';

export const KRONOR_FORMAT = '#,##0.00 "kr"';
export const DATE_FORMAT = 'yyyy-mm-dd';

const kr = (ore: number) => ore / 100;
/** A date column's value: noon UTC, so the day is the same in Stockholm and in UTC. */
const day = (iso: string) => new Date(`${iso.slice(0, 10)}T12:00:00Z`);

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: { header: string; key: string; width: number; numFmt?: string }[],
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

export async function cycleWorkbook(s: CycleSnapshot, budgetYear: number): Promise<Buffer> {
  // Loaded on first export: exceljs costs every process that imports the API ~0.2 s of CPU at start.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Årshjulet';
  wb.created = new Date(s.asOf);
  const adoption = s.cycle?.budget.adoption ?? null;

  const frames = sheet(wb, 'Budgetramar', [
    { header: 'Organ', key: 'organ', width: 36 },
    { header: 'Ram', key: 'amount', width: 22, numFmt: KRONOR_FORMAT },
    { header: 'Beslut', key: 'decision', width: 28 },
    { header: 'Beslutsdatum', key: 'date', width: 14, numFmt: DATE_FORMAT },
  ]);
  for (const f of adoption?.frames ?? []) {
    frames.addRow({
      organ: organName(s, f.organId),
      amount: kr(f.amountOre),
      decision: `${adoption?.decision.body} § ${adoption?.decision.paragraph}`,
      date: adoption ? day(adoption.decision.date) : null,
    });
  }

  const plan = sheet(wb, 'Ekonomisk plan', [
    { header: 'År', key: 'year', width: 8 },
    { header: 'Skatteintäkter och generella statsbidrag', key: 'tax', width: 26, numFmt: KRONOR_FORMAT },
    { header: 'Verksamhetens nettokostnader', key: 'net', width: 26, numFmt: KRONOR_FORMAT },
    { header: 'Resultat', key: 'result', width: 22, numFmt: KRONOR_FORMAT },
  ]);
  for (const p of adoption?.plan ?? []) {
    plan.addRow({ year: p.year, tax: kr(p.taxRevenueOre), net: kr(p.netCostOre), result: kr(p.resultOre) });
  }

  const plans = sheet(wb, 'Verksamhetsplaner', [
    { header: 'Organ', key: 'organ', width: 30 },
    { header: 'Nämndmål', key: 'goal', width: 44 },
    { header: 'Riktningsmål', key: 'council', width: 40 },
    { header: 'Indikator', key: 'indicator', width: 36 },
    { header: 'Utgångsvärde', key: 'baseline', width: 12 },
    { header: 'Målvärde', key: 'target', width: 10 },
    { header: 'Aktivitet', key: 'activity', width: 30 },
    { header: 'Klar senast', key: 'due', width: 12, numFmt: DATE_FORMAT },
  ]);
  for (const { task, content } of submissionsOf(s, 'verksamhetsplan')) {
    for (const g of (content as VerksamhetsplanContent).organGoals) {
      const council = g.councilGoalIds
        .map((id) => s.municipality.steering.councilGoals[id]?.title ?? id)
        .join('; ');
      const count = Math.max(1, g.indicators.length, g.activities.length);
      for (let i = 0; i < count; i++) {
        const ind = g.indicators[i];
        const act = g.activities[i];
        plans.addRow({
          organ: organName(s, task.organId),
          goal: g.title,
          council,
          indicator: ind?.name ?? null,
          baseline: ind?.baseline ?? null,
          target: ind?.target ?? null,
          activity: act?.title ?? null,
          due: act?.dueDate ? day(act.dueDate) : null,
        });
      }
    }
  }

  const outcome = sheet(wb, 'Budget och utfall', [
    { header: 'Rapport', key: 'report', width: 14 },
    { header: 'Organ', key: 'organ', width: 30 },
    { header: 'Budget', key: 'budget', width: 22, numFmt: KRONOR_FORMAT },
    { header: 'Utfall', key: 'outcome', width: 22, numFmt: KRONOR_FORMAT },
    { header: 'Prognos', key: 'forecast', width: 22, numFmt: KRONOR_FORMAT },
  ]);
  for (const [kind, label] of [
    ['delarsrapport', 'Delårsrapport'],
    ['arsrapport', 'Årsrapport'],
  ] as const) {
    for (const e of organEconomy(s, kind)) {
      outcome.addRow({
        report: label,
        organ: e.organName,
        budget: kr(e.budgetOre),
        outcome: kr(e.outcomeOre),
        forecast: e.forecastOre === null ? null : kr(e.forecastOre),
      });
    }
  }

  const values = sheet(wb, 'Indikatorvärden', [
    { header: 'Organ', key: 'organ', width: 30 },
    { header: 'Indikator', key: 'indicator', width: 36 },
    { header: 'Kommun', key: 'municipality', width: 16 },
    { header: 'Enhet', key: 'unit', width: 10 },
    { header: 'År', key: 'year', width: 8 },
    { header: 'Värde', key: 'value', width: 10, numFmt: '#,##0.0' },
    { header: 'Målvärde', key: 'target', width: 10, numFmt: '#,##0.0' },
    { header: 'Källa', key: 'source', width: 44 },
  ]);
  for (const series of indicatorSeries(s, budgetYear)) {
    const row = (municipality: string, p: { year: number; value: number; source: string }) =>
      values.addRow({
        organ: series.organName,
        indicator: series.name,
        municipality,
        unit: series.unit,
        year: p.year,
        value: p.value,
        target: series.target,
        source: p.source,
      });
    for (const p of series.points) row(s.municipality.name, p);
    // Kolada's values for the comparison municipalities, each with its source.
    for (const line of series.kolada?.lines.filter((l) => !l.own) ?? []) {
      for (const p of line.points) row(line.label, p);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
