/** One indicator's values from Kolada over the years: the municipality against its comparison municipalities. */
import type { TopLevelSpec } from 'vega-lite';
import type { IndicatorSeries } from '../figures';
import { number } from '../format';
import { type Chart, table } from '../model';
import { chart } from './charts';

const LEGEND = { orient: 'bottom', direction: 'vertical', labelLimit: 640 } as const;

export function koladaComparisonChart(id: string, series: IndicatorSeries): Promise<Chart> | null {
  const kolada = series.kolada;
  if (!kolada || kolada.lines.every((l) => l.points.length === 0)) return null;
  const years = [...new Set(kolada.lines.flatMap((l) => l.points.map((p) => p.year)))].sort((a, b) => a - b);
  const values = kolada.lines.flatMap((l) =>
    l.points.map((p) => ({ municipality: l.label, year: String(p.year), value: p.value })),
  );
  const own = kolada.lines.find((l) => l.own);
  const comparisons = kolada.lines.filter((l) => !l.own);
  const newest = own?.points.at(-1);
  const title = `${series.name} enligt Kolada (${kolada.kpiId})`;
  const alt =
    `Linjediagram över ${series.name.toLowerCase()} åren ${years[0]}–${years.at(-1)}` +
    (own && newest
      ? ` för ${own.label}, senast ${number(newest.value)} ${series.unit} år ${newest.year}`
      : '') +
    (comparisons.length > 0
      ? `, jämfört med ${comparisons.map((c) => c.label).join(', ')}`
      : ', utan jämförelsekommuner') +
    (series.target === null ? '.' : `; målvärdet ${number(series.target)} visas som streckad linje.`);
  const rows = kolada.lines.map((l) => [
    l.label,
    ...years.map((y) => {
      const p = l.points.find((x) => x.year === y);
      return p ? number(p.value) : 'Inget värde';
    }),
  ]);
  return chart(
    id,
    title,
    alt,
    {
      width: 420,
      height: 200,
      layer: [
        {
          data: { values },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'year', type: 'ordinal', title: 'År', axis: { labelAngle: 0 } },
            y: { field: 'value', type: 'quantitative', title: series.unit, scale: { zero: false } },
            color: {
              field: 'municipality',
              type: 'nominal',
              title: 'Kommun',
              sort: kolada.lines.map((l) => l.label),
              legend: LEGEND,
            },
            // Dashes as well as colours, so the lines are told apart without colour vision.
            strokeDash: {
              field: 'municipality',
              type: 'nominal',
              title: 'Kommun',
              sort: kolada.lines.map((l) => l.label),
              legend: LEGEND,
            },
          },
        },
        ...(series.target === null
          ? []
          : [
              {
                data: { values: [{ target: series.target }] },
                mark: { type: 'rule', strokeDash: [4, 4], color: '#4a5360' },
                encoding: { y: { field: 'target', type: 'quantitative' } },
              },
            ]),
      ],
    } as TopLevelSpec,
    table(
      `Underlag: ${title}, totalt`,
      ['Kommun', ...years.map(String)],
      rows,
      years.map((_, i) => i + 1),
    ),
    kolada.source,
  );
}
