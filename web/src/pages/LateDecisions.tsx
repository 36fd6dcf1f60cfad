import { formatDate } from '../format';

export interface LateDecision {
  budget_year: number;
  decision_citation: string;
  subject: string;
  decided_on: string;
  limit_kind: 'planned' | 'legal';
  deadline: string;
  days_late: number;
  rule_description: string | null;
  /** Only a verified citation; null while it is unchecked. */
  rule_citation: string | null;
}

const LIMIT_LABEL: Record<LateDecision['limit_kind'], string> = {
  planned: 'Planerad dag',
  legal: 'Lagens sista dag',
};

/** Decisions (§) taken after their planned date or legal limit: recorded as facts, shown here. */
export function LateDecisions({ decisions }: { decisions: LateDecision[] }) {
  if (decisions.length === 0) return <p>Inga beslut har fattats efter sista dag.</p>;
  return (
    <table className="numbers">
      <caption>Beslut fattade efter sista dag</caption>
      <thead>
        <tr>
          <th scope="col">Beslut</th>
          <th scope="col">Fattat</th>
          <th scope="col">Gräns</th>
          <th scope="col">Sista dag</th>
          <th scope="col">Dagar sent</th>
          <th scope="col">Regel</th>
        </tr>
      </thead>
      <tbody>
        {decisions.map((d) => (
          <tr key={`${d.decision_citation} ${d.limit_kind}`}>
            <th scope="row">
              {d.decision_citation} – {d.subject}
            </th>
            <td>{formatDate(d.decided_on)}</td>
            <td>{LIMIT_LABEL[d.limit_kind]}</td>
            <td>{formatDate(d.deadline)}</td>
            <td>{d.days_late}</td>
            <td>
              {d.rule_description ?? '–'}
              {d.rule_citation ? ` (${d.rule_citation})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
