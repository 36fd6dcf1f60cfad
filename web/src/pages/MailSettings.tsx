import { type FormEvent, useId, useState } from 'react';
import { api, m } from '../api';
import { Loading, messageOf, Notices, PageHeading, useApp, useGet } from '../lib';

const PATH = '/notification-preferences/me';

interface Preferences {
  userId: string;
  reminders: boolean;
}

/** E-post: a person's own choice of reminder e-mails (escalations to process owners always go out). */
export function MailSettingsPage() {
  const id = useId();
  const result = useGet<Preferences>(PATH);

  return (
    <section aria-labelledby={`${id}-h`}>
      <PageHeading id={`${id}-h`}>E-post</PageHeading>
      <p>
        Årshjulet skickar e-post när en uppgift delas ut, returneras för komplettering, godkänns eller
        avbryts, och påminner före sista dagen klockan 08.00. Försenade uppgifter går alltid till
        processägarna.
      </p>
      <Loading result={result}>{(data) => <PreferencesForm stored={data} />}</Loading>
    </section>
  );
}

/** One question, saved with an explicit button so a stray click changes nothing. */
function PreferencesForm({ stored }: { stored: Preferences }) {
  const { session } = useApp();
  const id = useId();
  const [reminders, setReminders] = useState(stored.reminders);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setStatus('');
    setSaving(true);
    try {
      await api('PUT', m(session, PATH), { token: session.token, body: { reminders } });
      setStatus(reminders ? 'Påminnelser per e-post är påslagna.' : 'Påminnelser per e-post är avstängda.');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Notices error={error} status={status} />
      <div className="field checkbox">
        <input
          id={`${id}-reminders`}
          type="checkbox"
          checked={reminders}
          onChange={(e) => setReminders(e.target.checked)}
        />
        <label htmlFor={`${id}-reminders`}>Skicka påminnelser till {stored.userId}</label>
      </div>
      <button type="submit" disabled={saving}>
        Spara
      </button>
    </form>
  );
}
