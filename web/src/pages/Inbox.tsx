import { useEffect, useId } from 'react';
import type { TaskRow } from '../cycles';
import { formatDate, KIND_LABEL, phaseLabel, sortSv, taskStatusLabel } from '../format';
import { href, Loading, PageHeading, StatusBadge, useApp, useGet } from '../lib';

export function InboxPage({ organId }: { organId: string | null }) {
  const { session, municipality, organName } = useApp();
  const id = useId();
  const mine = session.role === 'secretary' ? session.organs : null;

  useEffect(() => {
    if (!organId && mine?.[0]) window.location.replace(href('inkorg', mine[0]));
  }, [organId, mine]);

  if (!organId) {
    const organs = sortSv(Object.values(municipality?.organs ?? {}), (o) => o.name);
    return (
      <section aria-labelledby={`${id}-h`}>
        <PageHeading id={`${id}-h`}>Inkorg per organ</PageHeading>
        <p>Välj organ för att se dess uppgifter.</p>
        <ul className="cards">
          {organs.map((o) => (
            <li key={o.organId}>
              <a href={href('inkorg', o.organId)}>{o.name}</a>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return <OrganInbox organId={organId} title={`Inkorg – ${organName(organId)}`} headingId={`${id}-h`} />;
}

function OrganInbox({ organId, title, headingId }: { organId: string; title: string; headingId: string }) {
  const { session } = useApp();
  const inbox = useGet<{ tasks: TaskRow[] }>(`/organs/${encodeURIComponent(organId)}/inbox`);
  return (
    <section aria-labelledby={headingId}>
      <PageHeading id={headingId}>{title}</PageHeading>
      {session.role === 'secretary' && session.organs.length > 1 && (
        <nav aria-label="Dina organ" className="subnav">
          <ul>
            {session.organs.map((o) => (
              <li key={o}>
                <a href={href('inkorg', o)} aria-current={o === organId ? 'page' : undefined}>
                  {o}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <Loading result={inbox}>
        {({ tasks }) =>
          tasks.length === 0 ? (
            <p>Inkorgen är tom.</p>
          ) : (
            <>
              <table>
                <caption className="visually-hidden">Organets uppgifter, öppna först</caption>
                <thead>
                  <tr>
                    <th scope="col">Uppgift</th>
                    <th scope="col">Fas</th>
                    <th scope="col">Budgetår</th>
                    <th scope="col">Sista dag</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((t) => (
                    <tr key={t.taskId}>
                      <td>
                        <a href={href('uppgift', t.taskId)}>{t.title}</a>
                        <div className="muted">{KIND_LABEL[t.kind] ?? t.kind}</div>
                        {t.cancelReason && <div className="note">Avbruten: {t.cancelReason}</div>}
                        {(t.returns ?? []).length > 0 && (
                          <div className="note">Returnerad: {(t.returns ?? []).at(-1)?.reason}</div>
                        )}
                      </td>
                      <td>{phaseLabel(t.phase)}</td>
                      <td>{t.budgetYear}</td>
                      <td>
                        {formatDate(t.dueDate)}
                        {t.escalated && <div className="warn">Eskalerad till processägaren</div>}
                        {t.lastSubmissionLate && <div className="warn">Inlämnad sent</div>}
                      </td>
                      <td>
                        <StatusBadge status={t.status} label={taskStatusLabel(t.status)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                <button type="button" onClick={() => inbox.state === 'done' && inbox.reload()}>
                  Uppdatera
                </button>
              </p>
            </>
          )
        }
      </Loading>
    </section>
  );
}
