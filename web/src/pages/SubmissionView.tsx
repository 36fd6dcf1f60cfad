import type { z } from 'zod';
import type { NulagesanalysContent } from '../../../domain/task/content';
import { GOAL_STATUS_LABEL } from '../format';
import { useApp } from '../lib';

type Nul = z.infer<typeof NulagesanalysContent>;

export function SubmissionView({ submission }: { submission: { kind: string; content: unknown } }) {
  const { municipality } = useApp();
  const factorTitle = (id: string) => municipality?.steering.externalFactors[id]?.title ?? id;
  const goalTitle = (id: string) => municipality?.steering.councilGoals[id]?.title ?? id;
  if (submission.kind !== 'nulagesanalys') {
    return (
      <details>
        <summary>Visa innehållet</summary>
        <pre className="json">{JSON.stringify(submission.content, null, 2)}</pre>
      </details>
    );
  }
  const c = submission.content as Nul;
  return (
    <div className="submission">
      <h3>1. Verksamhetsbeskrivning</h3>
      <p>{c.verksamhetsbeskrivning.text}</p>
      <h3>2. Omvärldsanalys</h3>
      <table>
        <caption className="visually-hidden">Risker och möjligheter per omvärldsfaktor</caption>
        <thead>
          <tr>
            <th scope="col">Omvärldsfaktor</th>
            <th scope="col">Risker</th>
            <th scope="col">Möjligheter</th>
            <th scope="col">Hur organet möter faktorn</th>
          </tr>
        </thead>
        <tbody>
          {c.omvarldsanalys.factors.map((f) => (
            <tr key={f.externalFactorId}>
              <th scope="row">{factorTitle(f.externalFactorId)}</th>
              <td>
                <ul>
                  {f.risks.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </td>
              <td>
                {f.opportunities.length ? (
                  <ul>
                    {f.opportunities.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">Inga angivna</span>
                )}
              </td>
              <td>{f.response || <span className="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>3. Nulägesanalys</h3>
      <h4>Måluppfyllelse</h4>
      <ul>
        {c.nulagesanalys.goalFulfilment.map((g) => (
          <li key={`${g.goalType}-${g.goalId}`}>
            {goalTitle(g.goalId)}: <strong>{GOAL_STATUS_LABEL[g.status]}</strong>
            {g.comment ? ` – ${g.comment}` : ''}
          </li>
        ))}
      </ul>
      <h4>Förslag till nämndmål</h4>
      {c.nulagesanalys.proposedOrganGoals.length === 0 ? (
        <p className="muted">Inga förslag.</p>
      ) : (
        <ul>
          {c.nulagesanalys.proposedOrganGoals.map((g) => (
            <li key={g.title}>
              <strong>{g.title}</strong>
              {g.description ? ` – ${g.description}` : ''}
              <div className="muted">Kopplat till: {g.councilGoalIds.map(goalTitle).join('; ')}</div>
            </li>
          ))}
        </ul>
      )}
      {c.nulagesanalys.conclusions && (
        <>
          <h4>Slutsatser</h4>
          <p>{c.nulagesanalys.conclusions}</p>
        </>
      )}
    </div>
  );
}
