import { useId, useState } from 'react';
import { api, m } from '../api';
import { Loading, messageOf, Notices, PageHeading, useApp, useGet } from '../lib';

const PATH = '/notification-preferences/me';

/** E-post: a person's own choice of reminder e-mails (escalations to process owners always go out). */
export function MailSettingsPage() {
  const { session } = useApp();
  const id = useId();
  const result = useGet<{ userId: string; reminders: boolean }>(PATH);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  async function save(reminders: boolean, reload: () => void) {
    setError(null);
    setStatus('');
    try {
      await api('PUT', m(session, PATH), { token: session.token, body: { reminders } });
      setStatus(reminders ? 'Påminnelser per e-post är påslagna.' : 'Påminnelser per e-post är avstängda.');
      reload();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>E-post</PageHeading>
      <p>
        Årshjulet skickar e-post när en uppgift delas ut, returneras för komplettering, godkänns eller
        avbryts, och påminner före sista dagen klockan 08.00. Försenade uppgifter går alltid till
        processägarna.
      </p>
      <Notices error={error} status={status} />
      <Loading result={result}>
        {(data) => (
          <div className="field">
            <input
              id={`${id}-reminders`}
              type="checkbox"
              checked={data.reminders}
              onChange={(e) => result.state === 'done' && save(e.target.checked, result.reload)}
            />
            <label htmlFor={`${id}-reminders`}>Skicka påminnelser till {data.userId}</label>
          </div>
        )}
      </Loading>
    </section>
  );
}
