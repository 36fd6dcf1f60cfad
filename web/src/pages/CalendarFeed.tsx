import { useId, useState } from 'react';
import { api, m } from '../api';
import { messageOf, Notices, PageHeading, useApp } from '../lib';

/** Kalenderflöde: create, copy or renew the iCalendar address of oneself or one's organ. */
export function CalendarFeedPage() {
  const { session, organName } = useApp();
  const id = useId();
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const subjects = [
    { key: 'person', label: 'Mitt kalenderflöde', body: {} },
    ...(session.role === 'secretary'
      ? session.organs.map((o) => ({
          key: o,
          label: `Kalenderflöde för ${organName(o)}`,
          body: { organId: o },
        }))
      : []),
  ];

  async function renew(key: string, body: object) {
    setError(null);
    try {
      const { url } = await api<{ url: string }>('POST', m(session, '/calendar-feeds'), {
        token: session.token,
        body,
      });
      setUrls((u) => ({ ...u, [key]: url }));
      setStatus('En ny adress är skapad. Den gamla adressen slutar gälla.');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>Kalenderflöde</PageHeading>
      <p>
        Prenumerera på sista dagar, planerade beslut och möten i din kalender. Adressen är personlig: den som
        har den kan läsa kalendern. Skapar du en ny adress slutar den gamla att gälla.
      </p>
      <Notices error={error} status={status} />
      {subjects.map((s) => (
        <div key={s.key} className="field">
          <h2>{s.label}</h2>
          {urls[s.key] && (
            <>
              <label htmlFor={`${id}-${s.key}`}>Adress (iCalendar)</label>
              <input id={`${id}-${s.key}`} readOnly value={urls[s.key]} onFocus={(e) => e.target.select()} />
              <button type="button" onClick={() => navigator.clipboard?.writeText(urls[s.key] ?? '')}>
                Kopiera adressen
              </button>
            </>
          )}
          <button type="button" onClick={() => renew(s.key, s.body)}>
            {urls[s.key] ? 'Skapa ny adress' : 'Skapa adress'}
          </button>
        </div>
      ))}
    </section>
  );
}
