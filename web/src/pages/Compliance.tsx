import { useId } from 'react';
import { sortSv } from '../format';
import { Loading, PageHeading, useApp, useGet } from '../lib';
import { type LateDecision, LateDecisions } from './LateDecisions';

interface Row {
  organ_id: string;
  budget_year: number;
  phase: string;
  tasks: number;
  on_time: number;
  late: number;
  escalated: number;
  pending: number;
  cancelled: number;
}

const SERIES = [
  { key: 'on_time', label: 'I tid', className: 'c-on-time' },
  { key: 'late', label: 'Sent', className: 'c-late' },
  { key: 'escalated', label: 'Eskalerat', className: 'c-escalated' },
  { key: 'pending', label: 'Ej inlämnat', className: 'c-pending' },
  { key: 'cancelled', label: 'Avbruten', className: 'c-cancelled' },
] as const;

export function CompliancePage() {
  const { organName } = useApp();
  const result = useGet<{ rows: Row[]; decisions: LateDecision[] }>('/reports/deadline-compliance');
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Inlämning i tid</PageHeading>
      <p>
        Uppgifter per organ: inlämnade i tid, sent, eskalerade till processägaren, ännu inte inlämnade och
        avbrutna.
      </p>
      <Loading result={result}>
        {({ rows, decisions }) => {
          const organs = sortSv(new Set(rows.map((r) => r.organ_id)), organName);
          const totals = organs.map((o) => {
            const mine = rows.filter((r) => r.organ_id === o);
            const sum = (k: (typeof SERIES)[number]['key']) => mine.reduce((n, r) => n + r[k], 0);
            return {
              organ: o,
              tasks: mine.reduce((n, r) => n + r.tasks, 0),
              values: SERIES.map((s) => sum(s.key)),
            };
          });
          if (totals.length === 0)
            return (
              <>
                <p>Inga uppgifter ännu.</p>
                <LateDecisions decisions={decisions} />
              </>
            );
          const max = Math.max(...totals.map((t) => t.tasks), 1);
          const rowH = 34;
          const left = 250;
          const width = 820;
          const scale = (width - left - 20) / max;
          return (
            <>
              <ul className="legend" aria-hidden="true">
                {SERIES.map((s) => (
                  <li key={s.key}>
                    <span className={`swatch ${s.className}`} /> {s.label}
                  </li>
                ))}
              </ul>
              <svg
                viewBox={`0 0 ${width} ${totals.length * rowH + 30}`}
                className="chart"
                role="img"
                aria-labelledby={`${id}-chart`}
              >
                <title id={`${id}-chart`}>
                  Stapeldiagram: inlämning i tid per organ (samma siffror som tabellen nedan)
                </title>
                {totals.map((t, i) => {
                  let x = left;
                  return (
                    <g key={t.organ} transform={`translate(0 ${i * rowH})`}>
                      <text
                        x={left - 10}
                        y={rowH / 2}
                        textAnchor="end"
                        dominantBaseline="central"
                        className="chart-label"
                      >
                        {organName(t.organ)}
                      </text>
                      {t.values.map((v, j) => {
                        const w = v * scale;
                        const rect = (
                          <rect
                            key={SERIES[j]?.key}
                            x={x}
                            y={6}
                            width={w}
                            height={rowH - 12}
                            className={SERIES[j]?.className}
                          />
                        );
                        x += w;
                        return rect;
                      })}
                    </g>
                  );
                })}
                <line x1={left} x2={left} y1={0} y2={totals.length * rowH} className="axis" />
                <text x={left} y={totals.length * rowH + 20} className="chart-label">
                  0
                </text>
                <text x={width - 20} y={totals.length * rowH + 20} textAnchor="end" className="chart-label">
                  {max} uppgifter
                </text>
              </svg>
              <table className="numbers">
                <caption>Inlämning i tid per organ (alla cykler)</caption>
                <thead>
                  <tr>
                    <th scope="col">Organ</th>
                    <th scope="col">Uppgifter</th>
                    {SERIES.map((s) => (
                      <th scope="col" key={s.key}>
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {totals.map((t) => (
                    <tr key={t.organ}>
                      <th scope="row">{organName(t.organ)}</th>
                      <td>{t.tasks}</td>
                      {t.values.map((v, j) => (
                        <td key={SERIES[j]?.key}>{v}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <LateDecisions decisions={decisions} />
            </>
          );
        }}
      </Loading>
    </section>
  );
}
