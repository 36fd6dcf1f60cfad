import { formatNumber } from '../format';
import type { Loaded } from '../lib';

/** GET /kolada/values: each bound indicator with its values and their source. */
export interface KoladaTables {
  bindings: {
    indicator_id: string;
    kpi_id: string;
    source: string | null;
    values: {
      municipality_code: string;
      period: number;
      gender: string;
      value: number | null;
      status: string | null;
    }[];
  }[];
}

/** An indicator's values from Kolada (total, Ale first), always with "Källa: Kolada". */
export function KoladaValues({ indicatorId, result }: { indicatorId: string; result: Loaded<KoladaTables> }) {
  if (result.state !== 'done') return null;
  const binding = result.data.bindings.find((b) => b.indicator_id === indicatorId);
  if (!binding) return null;
  const totals = binding.values.filter((v) => v.gender === 'T');
  if (totals.length === 0)
    return <p className="muted">Kopplad till Kolada {binding.kpi_id}; inga värden hämtade ännu.</p>;
  const years = [...new Set(totals.map((v) => v.period))].sort((a, b) => a - b);
  const codes = [...new Set(totals.map((v) => v.municipality_code))];
  const cell = (code: string, year: number) => {
    const v = totals.find((t) => t.municipality_code === code && t.period === year);
    return v?.value === null || v === undefined ? '–' : formatNumber(v.value);
  };
  return (
    <table className="kolada-values">
      <caption>
        Utfall enligt Kolada, totalt. <span className="muted">{binding.source}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Kommunkod</th>
          {years.map((y) => (
            <th key={y} scope="col">
              {y}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {codes.map((code) => (
          <tr key={code}>
            <th scope="row">{code}</th>
            {years.map((y) => (
              <td key={y}>{cell(code, y)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
