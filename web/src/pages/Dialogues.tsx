import { useId } from 'react';
import { DIALOGUE_KIND_LABEL, formatDate, taskStatusLabel } from '../format';
import { href, Loading, PageHeading, StatusBadge, useApp, useGet } from '../lib';
import { DialogueScheduling } from './DialogueScheduling';

interface Dialogue {
  taskId: string;
  budgetYear: number;
  organId: string;
  title: string;
  dueDate: string;
  status: string;
  kind: string | null;
  heldOn: string | null;
  participants: { name: string; role?: string }[] | null;
  agreements: string[] | null;
  proposals: { type: string; description: string }[];
  reportedToKf: boolean;
  kfReportCitation: string | null;
}

export function DialoguesPage() {
  const { organName } = useApp();
  const result = useGet<{
    dialogues: Dialogue[];
    reportsToKf: { budgetYear: number; citation: string; decidedOn: string; subject: string }[];
  }>('/dialogues');
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Tillitsdialoger</PageHeading>
      <Loading result={result}>
        {({ dialogues, reportsToKf }) => (
          <>
            {dialogues.length === 0 && <p>Inga tillitsdialoger är tilldelade ännu.</p>}
            <div className="cards-grid">
              {dialogues.map((d) => (
                <article key={d.taskId} className="card" aria-labelledby={`${id}-${d.taskId}`}>
                  <h2 id={`${id}-${d.taskId}`}>
                    <a href={href('uppgift', d.taskId)}>{d.title}</a>
                  </h2>
                  <p>
                    {organName(d.organId)} · budgetår {d.budgetYear} ·{' '}
                    <StatusBadge status={d.status} label={taskStatusLabel(d.status)} />
                  </p>
                  <dl className="facts">
                    <dt>Typ</dt>
                    <dd>{d.kind ? (DIALOGUE_KIND_LABEL[d.kind] ?? d.kind) : '–'}</dd>
                    <dt>Hölls</dt>
                    <dd>{d.heldOn ? formatDate(d.heldOn) : `senast ${formatDate(d.dueDate)}`}</dd>
                    <dt>Deltagare</dt>
                    <dd>{d.participants?.map((p) => p.name).join(', ') || '–'}</dd>
                  </dl>
                  {(d.agreements ?? []).length > 0 && (
                    <>
                      <h3>Överenskommelser</h3>
                      <ul>
                        {(d.agreements ?? []).map((a) => (
                          <li key={a}>{a}</li>
                        ))}
                      </ul>
                    </>
                  )}
                  {d.proposals.length > 0 && (
                    <>
                      <h3>Förslag</h3>
                      <ul>
                        {d.proposals.map((p) => (
                          <li key={p.description}>
                            {p.type === 'new_assignment' ? 'Nytt uppdrag' : 'Ändrade förutsättningar'}:{' '}
                            {p.description}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  <p className="muted">
                    {d.reportedToKf
                      ? `Redovisad för KF: ${d.kfReportCitation ?? ''}`
                      : 'Ännu inte redovisad för KF'}
                  </p>
                </article>
              ))}
            </div>
            {reportsToKf.length > 0 && (
              <>
                <h2>Redovisning till kommunfullmäktige</h2>
                <ul>
                  {reportsToKf.map((r) => (
                    <li key={r.citation}>
                      {r.citation} ({formatDate(r.decidedOn)}): {r.subject}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Loading>
      <DialogueScheduling />
    </section>
  );
}
