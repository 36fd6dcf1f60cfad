import { useId, useState } from 'react';
import { formatDate, formatSek, sortSv } from '../format';
import { Loading, PageHeading, useApp, useGet } from '../lib';
import { useYears, YearPicker } from './YearPicker';

interface BudgetView {
  budgetYear: number;
  budget: {
    stage: string;
    tax_rate_ore: number | null;
    total_frames_ore: string;
    decision_citation: string;
    decided_on: string;
  }[];
  frames: { stage: string; organ_id: string; amount_ore: string }[];
  planYears: {
    stage: string;
    plan_year: number;
    tax_revenue_ore: string;
    net_cost_ore: string;
    result_ore: string;
  }[];
}

export function BudgetPage() {
  const [chosen, setChosen] = useState<number | null>(null);
  const { years, year } = useYears(chosen);
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Budgetramar per organ</PageHeading>
      <YearPicker years={years} year={year} onChange={setChosen} />
      {year === null ? <p>Det finns ingen cykel ännu.</p> : <BudgetYear key={year} year={year} />}
    </section>
  );
}

function BudgetYear({ year }: { year: number }) {
  const { organName } = useApp();
  const result = useGet<BudgetView>(`/budget/${year}`);
  return (
    <Loading result={result}>
      {(b) => {
        if (b.frames.length === 0) return <p>Ingen budget är föreslagen för budgetår {year} ännu.</p>;
        const organs = sortSv(new Set(b.frames.map((f) => f.organ_id)), organName);
        const amount = (stage: string, organ: string) =>
          b.frames.find((f) => f.stage === stage && f.organ_id === organ)?.amount_ore;
        const stage = (s: string) => b.budget.find((x) => x.stage === s);
        const adopted = stage('adopted');
        const proposed = stage('proposed');
        const plan = b.planYears.filter((p) => p.stage === (adopted ? 'adopted' : 'proposed'));
        return (
          <>
            <ul className="decisions">
              {proposed && (
                <li>
                  Kommunstyrelsens förslag: {proposed.decision_citation} ({formatDate(proposed.decided_on)})
                </li>
              )}
              {adopted && (
                <li>
                  Fullmäktiges beslut: {adopted.decision_citation} ({formatDate(adopted.decided_on)})
                </li>
              )}
            </ul>
            <table className="numbers">
              <caption>Ramar budgetår {year}</caption>
              <thead>
                <tr>
                  <th scope="col">Organ</th>
                  <th scope="col">Förslag (KS)</th>
                  <th scope="col">Beslut (KF)</th>
                </tr>
              </thead>
              <tbody>
                {organs.map((o) => (
                  <tr key={o}>
                    <th scope="row">{organName(o)}</th>
                    <td>
                      {amount('proposed', o) === undefined ? '–' : formatSek(amount('proposed', o) ?? 0)}
                    </td>
                    <td>{amount('adopted', o) === undefined ? '–' : formatSek(amount('adopted', o) ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Summa</th>
                  <td>{proposed ? formatSek(proposed.total_frames_ore) : '–'}</td>
                  <td>{adopted ? formatSek(adopted.total_frames_ore) : '–'}</td>
                </tr>
              </tfoot>
            </table>
            {plan.length > 0 && (
              <table className="numbers">
                <caption>
                  Ekonomisk plan {plan[0]?.plan_year}–{plan.at(-1)?.plan_year}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">År</th>
                    <th scope="col">Skatteintäkter och statsbidrag</th>
                    <th scope="col">Nettokostnader</th>
                    <th scope="col">Resultat</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.map((p) => (
                    <tr key={p.plan_year}>
                      <th scope="row">{p.plan_year}</th>
                      <td>{formatSek(p.tax_revenue_ore)}</td>
                      <td>{formatSek(p.net_cost_ore)}</td>
                      <td>{formatSek(p.result_ore)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        );
      }}
    </Loading>
  );
}
